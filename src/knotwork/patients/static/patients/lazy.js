// The patient page's lazily loaded panels (patients/_lazy_panel.html). htmx leaves a place as it
// was when its request fails: the place then stops saying "Loading" and offers its link. A
// request redirected elsewhere (the login page, once the session has ended) is not swapped in:
// the page reloads, and answers as any page does for an ended session.
for (const failure of ["htmx:responseError", "htmx:sendError", "htmx:timeout"]) {
  document.body.addEventListener(failure, (event) => {
    const place = event.target.closest(".lazy-panel");
    if (place) {
      place.classList.add("lazy-error");
      place.setAttribute("aria-busy", "false");
    }
  });
}
document.body.addEventListener("htmx:beforeSwap", (event) => {
  const place = event.target.closest(".lazy-panel");
  const answered = event.detail.xhr.responseURL;
  if (place && answered) {
    const asked = new URL(place.getAttribute("hx-get"), window.location.href);
    if (new URL(answered).pathname !== asked.pathname) {
      event.detail.shouldSwap = false;
      window.location.reload();
    }
  }
});
