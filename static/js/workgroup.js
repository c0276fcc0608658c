// Operational workgroup: small behaviours without inline script (CSP).
"use strict";

// <button data-print> prints the page (the print stylesheet drops the chrome).
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});

// A calendar link field selects itself, ready to copy.
document.addEventListener("focusin", (event) => {
  if (event.target.matches("[data-select-on-focus]")) {
    event.target.select();
  }
});

// After an agenda item moves (htmx swap), keep keyboard focus on it.
// (An outerHTML swap replaces the target, so look in the document.)
document.addEventListener("htmx:afterSettle", () => {
  const moved = document.querySelector("[data-moved]");
  const button = moved && moved.querySelector("button");
  if (button) {
    button.focus();
  }
});
