// The 回执's print button (pages carry no inline script: CSP script-src 'self').
document.querySelectorAll("[data-print]").forEach((b) => b.addEventListener("click", () => window.print()));
