// "Print": the browser's print dialog (a script file, so no inline handler is needed).
document.querySelectorAll("[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
