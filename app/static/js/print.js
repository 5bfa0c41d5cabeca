// The print page's one button (no inline scripts under the CSP).
document.querySelector("[data-print]")?.addEventListener("click", () => window.print());
