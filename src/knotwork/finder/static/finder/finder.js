// Keep the candidate list's highlight in step with the overlay htmx has just shown.
document.addEventListener("htmx:afterSwap", (event) => {
  const detail = document.getElementById("finder-detail");
  if (!detail || !detail.contains(event.detail.elt)) return;
  const chosen = detail.querySelector("[data-overlay]")?.dataset.overlay || "";
  for (const link of document.querySelectorAll("a.finder-choose")) {
    const item = link.closest(".finder-candidate");
    const isChosen = link.dataset.candidate === chosen;
    item.classList.toggle("chosen", isChosen);
    if (isChosen) link.setAttribute("aria-current", "true");
    else link.removeAttribute("aria-current");
  }
});
