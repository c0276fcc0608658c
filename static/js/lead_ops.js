// LEAD Ops: small behaviours that would otherwise need inline script (blocked by CSP).
"use strict";

// <button data-confirm="Are you sure?"> asks before submitting its form.
document.addEventListener("click", (event) => {
  const trigger = event.target.closest("[data-confirm]");
  if (trigger && !window.confirm(trigger.dataset.confirm)) {
    event.preventDefault();
    event.stopImmediatePropagation();
  }
});
