// LEAD Ops training: the attendance checklist. Without JavaScript the
// checklist still works; this adds search, a unit filter, "tick the unit"
// and a running count.
"use strict";

(() => {
  const form = document.querySelector("[data-checklist]");
  if (!form) {
    return;
  }
  const search = form.querySelector("[data-checklist-search]");
  const unit = form.querySelector("[data-checklist-unit]");
  const count = form.querySelector("[data-checklist-count]");
  const empty = form.querySelector("[data-checklist-empty]");
  const groups = Array.from(form.querySelectorAll("[data-checklist-group]"));

  const newlyTicked = () =>
    form.querySelectorAll("input[name=attendees]:checked:not(:disabled)").length;

  const showCount = () => {
    const ticked = newlyTicked();
    count.textContent =
      ticked === 0 ? "Nobody new ticked yet." : `${ticked} ${ticked === 1 ? "person" : "people"} ticked to add.`;
  };

  const filter = () => {
    const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
    let anyShown = false;
    for (const group of groups) {
      const unitMatches = !unit.value || unit.value === group.id;
      let shownInGroup = 0;
      for (const person of group.querySelectorAll("[data-checklist-person]")) {
        const text = person.dataset.checklistPerson;
        const matches = unitMatches && words.every((word) => text.includes(word));
        person.hidden = !matches;
        shownInGroup += matches ? 1 : 0;
      }
      group.hidden = shownInGroup === 0;
      anyShown = anyShown || shownInGroup > 0;
    }
    empty.hidden = anyShown;
  };

  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-checklist-tick-group]");
    if (!button) {
      return;
    }
    const group = button.closest("[data-checklist-group]");
    for (const person of group.querySelectorAll("[data-checklist-person]:not([hidden])")) {
      const box = person.querySelector("input[name=attendees]");
      if (!box.disabled) {
        box.checked = true;
      }
    }
    showCount();
  });
  form.addEventListener("change", showCount);
  search.addEventListener("input", filter);
  unit.addEventListener("change", filter);
  // Enter in the search box filters; it must not submit the roster half-done.
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
    }
  });
  showCount();
})();
