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

// "Build agenda": a tick-all box per group of proposals, shown only where this
// script runs; it reflects its group (ticked, unticked, or some of each).
function tickAllBoxes(group) {
  return document.querySelectorAll(`input[name="keep"][data-group="${group}"]`);
}

function reflectGroup(tickAll) {
  const boxes = Array.from(tickAllBoxes(tickAll.dataset.tickAll));
  const ticked = boxes.filter((box) => box.checked).length;
  tickAll.checked = ticked === boxes.length;
  tickAll.indeterminate = ticked > 0 && ticked < boxes.length;
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-tick-all]").forEach((tickAll) => {
    tickAll.closest("[data-tick-all-wrapper]").hidden = false;
    reflectGroup(tickAll);
  });
});

document.addEventListener("change", (event) => {
  const tickAll = event.target.closest("[data-tick-all]");
  if (tickAll) {
    tickAllBoxes(tickAll.dataset.tickAll).forEach((box) => {
      box.checked = tickAll.checked;
    });
    return;
  }
  if (event.target.matches('input[name="keep"][data-group]')) {
    const owner = document.querySelector(`[data-tick-all="${event.target.dataset.group}"]`);
    if (owner) {
      reflectGroup(owner);
    }
  }
});
