// LEAD Ops: the filing path with no signal. Registers the service worker, shows
// the offline banner and what this device keeps ("Waiting to send (2)"),
// screens the form on the device while offline (advisory: "checked again when
// sent"), keeps the answers in IndexedDB, queues a referral sent offline and
// sends the queue when the signal returns (Background Sync where the browser
// has it, otherwise on the next page load or when the browser is back online).
(function () {
  "use strict";

  const meta = document.querySelector('meta[name="lead-offline"]');
  if (!meta || !window.idb || !window.LeadOfflineStore || !window.LeadEligibility) return;
  const store = window.LeadOfflineStore;
  const userId = meta.dataset.user;
  const hours = Number(meta.dataset.hours);
  const status = document.getElementById("offline-status");
  const part = (name) => status.querySelector(`[data-testid="${name}"]`);
  const shownNotices = new Map();

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (name === "className") node.className = value;
      else node.setAttribute(name, value);
    }
    for (const child of children) node.append(child);
    return node;
  }
  const clock = (ms) => new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

  // --- what the device keeps, shown on every page --------------------------------
  function fill(name, items, heading) {
    const section = part(name);
    const list = section.querySelector("[data-offline-list]");
    list.replaceChildren(...items);
    section.hidden = items.length === 0;
    if (heading) section.querySelector("h2").textContent = heading;
  }

  async function render() {
    part("offline-banner").hidden = navigator.onLine;
    const { referrals, notices } = await store.snapshot(userId);
    const db = await store.open(userId);
    for (const notice of notices) {
      shownNotices.set(notice.token, notice);
      await db.delete("notices", notice.token); // a confirmation is shown once
    }
    db.close();
    const kept = document.querySelector('[data-testid="kept-on-device"]');
    if (kept && shownNotices.has(kept.dataset.token)) {
      kept.querySelector("h1").textContent = "Filed";
      kept.querySelector("p").textContent = "This referral was filed when the signal returned.";
    }
    const queued = referrals.filter((r) => r.state === "queued");
    fill(
      "offline-queue",
      queued.map((r) =>
        element(
          "li",
          { "data-testid": "queued-referral" },
          element("span", { className: "fw-semibold" }, r.label),
          ` · kept ${clock(r.updatedAt)}`,
          r.problem ? element("span", { className: "d-block text-danger" }, r.problem) : ""
        )
      ),
      `Waiting to send (${queued.length})`
    );
    fill(
      "offline-attention",
      referrals
        .filter((r) => r.state === "attention")
        .map((r) =>
          element(
            "li",
            { className: "mb-2", "data-testid": "attention-referral" },
            element("span", { className: "fw-semibold d-block" }, r.label),
            element("span", { className: "d-block" }, r.problem || ""),
            ...(r.problems || []).map((p) => element("span", { className: "d-block text-danger" }, p)),
            element("a", { href: r.reviewUrl, className: "btn btn-sm btn-outline-primary mt-1" }, "Open and decide")
          )
        )
    );
    fill(
      "offline-filed",
      [...shownNotices.values()].map((n) =>
        element(
          "li",
          { "data-testid": "filed-referral" },
          "Referral filed: ",
          element("a", { href: n.url, className: "alert-link" }, n.label),
          ` (${n.headline}).`
        )
      )
    );
    fill(
      "offline-drafts",
      referrals
        .filter((r) => r.state === "draft")
        .map((r) =>
          element(
            "li",
            {},
            element("a", { href: `${meta.dataset.newReferral}?route=${encodeURIComponent(r.route)}#offline-draft=${r.token}` }, `Continue ${r.label}`),
            `, saved ${clock(r.updatedAt)}`
          )
        )
    );
  }

  async function sendNow() {
    if (navigator.onLine) {
      try {
        await store.sendAll(userId);
      } catch (error) {
        // The network failed mid-way: kept, and tried again later.
      }
    }
    await render();
  }

  // --- the service worker and the copies it serves offline ------------------------
  async function keepOfflineCopies() {
    if (!("caches" in window) || !navigator.onLine) return;
    const cache = await caches.open(store.FORM_CACHE);
    const owner = await cache.match("/offline-owner");
    if (owner && (await owner.text()) !== userId) {
      // Another officer's forms (their session ended here without a sign-out).
      await caches.delete(store.FORM_CACHE);
      return keepOfflineCopies();
    }
    if (owner && sessionStorage.getItem("lead-offline-kept") === userId) return;
    const response = await fetch("/referrals/offline/state/", { credentials: "same-origin", redirect: "manual" });
    if (!response.ok) return;
    const state = await response.json();
    for (const url of state.forms) {
      const form = await fetch(url, { credentials: "same-origin", redirect: "manual" });
      if (form.ok && form.type === "basic") await cache.put(url, form);
    }
    const assets = [...document.querySelectorAll("script[src], link[rel=stylesheet], link[rel=icon]")].map(
      (node) => node.src || node.href
    );
    const statics = await caches.open("lead-static");
    for (const url of assets) {
      if (!(await statics.match(url, { ignoreVary: true }))) await statics.add(url);
    }
    await cache.put("/offline-owner", new Response(userId));
    sessionStorage.setItem("lead-offline-kept", userId);
  }

  // On a weak signal the worker's script (or what it imports) may not arrive:
  // try again a few times, a little later each time, rather than wait for the next page.
  function registerWorker(attempt) {
    navigator.serviceWorker.register(meta.dataset.serviceWorker, { scope: "/" }).catch(() => {
      if (attempt < 4) setTimeout(() => registerWorker(attempt + 1), 1000 * 2 ** attempt);
    });
  }
  if ("serviceWorker" in navigator) {
    registerWorker(0);
    navigator.serviceWorker.addEventListener("message", (event) => {
      if (event.data && event.data.type === "lead-offline-changed") render();
    });
  }
  window.addEventListener("online", sendNow);
  window.addEventListener("offline", render);

  // Sign-out deletes everything this site keeps on the device, and the first
  // page after it (forget.js) deletes it again. Whatever the device store does,
  // sign-out happens: a store that does not answer in time is left to that page.
  const within = (promise, ms, fallback) =>
    Promise.race([promise, new Promise((resolve) => setTimeout(() => resolve(fallback), ms))]);

  async function signOut(form) {
    try {
      const kept = await within(store.snapshot(userId), 2000, null);
      const unsent = kept ? kept.referrals.filter((r) => r.state !== "draft").length : 0;
      const question = kept
        ? `${unsent} referral${unsent === 1 ? " is" : "s are"} kept on this device and not filed yet. Signing out deletes ${unsent === 1 ? "it" : "them"} from this device. Sign out anyway?`
        : "Referrals kept on this device may not be filed yet. Signing out deletes them from this device. Sign out anyway?";
      if ((unsent || !kept) && !window.confirm(question)) return;
      await within(store.clearDevice(), 4000, null);
    } catch (error) {
      // The first page after sign-out clears the device store and the form's copy.
    }
    form.dataset.cleared = "1";
    form.submit();
  }

  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form.getAttribute("action") !== meta.dataset.signOut || form.dataset.cleared) return;
    event.preventDefault();
    signOut(form);
  });

  // Offline, htmx cannot reach the server: the device screens instead, and a
  // route link is followed as a page (the service worker has a copy).
  document.addEventListener("htmx:beforeRequest", (event) => {
    if (navigator.onLine) return;
    event.preventDefault();
    const source = event.detail.elt;
    if (source.matches("a[href]")) window.location.assign(source.href);
    else screenOnDevice();
  });

  // --- the filing form ----------------------------------------------------------------
  const form = () => document.getElementById("referral-form");
  const screeningData = () => JSON.parse(form().dataset.offlineScreening);
  const value = (name) => {
    const field = form().elements.namedItem(name);
    if (!field) return "";
    return field instanceof RadioNodeList ? field.value : field.type === "checkbox" ? (field.checked ? field.value : "") : field.value;
  };
  const checked = (name) => {
    const field = form().elements.namedItem(name);
    return Boolean(field && field.checked);
  };

  // The form's answers as the engine takes them (ReferralForm.answers, exclusion_answers).
  function deviceAnswers(data) {
    const chosen = form().querySelector('input[name="person"][data-born]');
    const offenses = [...form().querySelectorAll('input[name="offenses"]:checked')]
      .map((box) => data.offenses[box.value])
      .filter(Boolean);
    const exclusionCodes = data.criteria.filter((c) => c.kind === "exclusion").map((c) => c.code);
    let exclusions = {};
    for (const code of exclusionCodes) {
      if (!form().elements.namedItem(`exclusion_${code}`)) continue;
      exclusions[code] = checked(`exclusion_${code}`) ? true : checked("none_apply") ? false : null;
    }
    if (Object.values(exclusions).some((v) => v === true)) {
      exclusions = Object.fromEntries(Object.entries(exclusions).map(([code, v]) => [code, Boolean(v)]));
    }
    const quantity = value("quantity_grams").trim();
    const inArea = value("prior_activity_in_area");
    return {
      route: data.route,
      agency: data.agency,
      contact_date: (value("occurred_at") || new Date().toISOString()).slice(0, 10),
      date_of_birth: chosen ? chosen.dataset.born || null : value("date_of_birth") || null,
      offenses: offenses.map((o) => o.code),
      drug_type: value("drug_type"),
      quantity_grams: /^\d{1,4}(\.\d{1,3})?$/.test(quantity) ? quantity : null,
      exclusions: exclusions,
      prior_activity_date: value("prior_activity_date") || null,
      prior_activity_in_area: inArea ? inArea === "yes" : null,
      drug_offense: offenses.some((o) => o.involves_drugs),
    };
  }

  const DECISIONS = {
    not_eligible: [
      ["screened_out", "btn btn-secondary w-100", "record-not-eligible", "Record screening: not eligible"],
      "This person does not meet the protocol's criteria. Record the screening: the contact and the criteria that failed are kept, and count in the program's figures.",
    ],
    sergeant_decision: [
      ["divert", "btn btn-primary btn-lg w-100", "divert", "Divert: ask a sergeant to approve"],
      "A criterion a sergeant may override is not met. Divert to ask a sergeant to approve; they see the criterion and your notes.",
    ],
  };

  function screenOnDevice() {
    if (!form()) return null;
    const data = screeningData();
    const result = window.LeadEligibility.evaluate(deviceAnswers(data), data.criteria);
    const items = result.results.map((r) =>
      element(
        "li",
        { className: `eligibility-item eligibility-item-${r.outcome}`, "data-testid": "criterion", "data-outcome": r.outcome },
        element("span", { className: "fw-semibold" }, r.finding),
        " ",
        element("span", { className: "d-block d-sm-inline" }, `(${r.explanation})`)
      )
    );
    document.getElementById("eligibility").replaceChildren(
      element(
        "div",
        { className: `alert eligibility eligibility-${result.status} mb-0`, "data-testid": "eligibility" },
        element("p", { className: "fw-semibold mb-1" }, result.headline),
        element(
          "p",
          { className: "small mb-1", "data-testid": "device-screening" },
          `Checked on this device (protocol version ${data.version}): checked again when sent.`
        ),
        items.length
          ? element("details", {}, element("summary", { className: "small" }, "How this was worked out"), element("ul", { className: "small mb-0 mt-1 eligibility-items" }, ...items))
          : ""
      )
    );
    const [button, help] = DECISIONS[result.status] || [["divert", "btn btn-primary btn-lg w-100", "divert", "Divert to LEAD"], ""];
    const actions = document.getElementById("decision-actions");
    if (actions.dataset.deviceStatus === result.status) return result;
    actions.dataset.deviceStatus = result.status;
    actions.replaceChildren(
      ...(help ? [element("p", { className: "small mb-2" }, help)] : []),
      element("button", { type: "submit", name: "decision", value: button[0], className: button[1], "data-testid": button[2] }, button[3])
    );
    return result;
  }

  function label(data) {
    const chosen = form().querySelector('[data-testid="chosen-person"] .fw-semibold');
    const name = chosen ? chosen.textContent : `${value("first_name")} ${value("last_name")}`.trim();
    const route = document.querySelector('.route-card[aria-current="true"] .fw-semibold');
    return `${route ? route.textContent.trim() : data.route}: ${name || "person not named yet"}`;
  }

  function fields(submitter) {
    return [...new FormData(form(), submitter)].filter(([name]) => name !== "csrfmiddlewaretoken");
  }

  async function keep(state, submitter) {
    const data = screeningData();
    const kept = fields(submitter); // before the screening redraws the buttons
    const result = screenOnDevice();
    const token = form().elements.namedItem("token").value;
    await store.save(
      userId,
      {
        token: token,
        state: state,
        route: data.route,
        version: data.version,
        label: label(data),
        fields: kept,
        deviceStatus: result.status,
        hours: hours,
      },
      hours
    );
  }

  let keeping = null;
  function keepDraftSoon() {
    clearTimeout(keeping);
    keeping = setTimeout(() => keep("draft").then(render), 300);
  }

  function restore(record) {
    const target = form();
    for (const field of target.elements) {
      if (field.name === "csrfmiddlewaretoken" || field.name === "route") continue;
      if (field.type === "checkbox" || field.type === "radio") field.checked = false;
      else if (field.name !== "token" && field.tagName !== "BUTTON") field.value = "";
    }
    for (const [name, kept] of record.fields) {
      if (name === "decision") continue;
      for (const field of target.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
        if (field.type === "checkbox" || field.type === "radio") field.checked = field.checked || field.value === kept;
        else field.value = kept;
      }
    }
  }

  async function setUpForm() {
    const target = form();
    if (!target || target.dataset.offline) return;
    target.dataset.offline = "ready";
    const token = target.elements.namedItem("token");
    const resume = /^#offline-draft=([0-9a-f-]{36})$/.exec(window.location.hash);
    const record = resume ? await store.get(userId, resume[1]) : null;
    if (record && record.state === "draft") {
      restore(record);
      token.value = record.token;
      screenOnDevice();
    } else if (target.hasAttribute("data-fresh-token")) {
      token.value = crypto.randomUUID();
    }
    const onChange = () => {
      if (navigator.onLine) return;
      screenOnDevice();
      keepDraftSoon();
    };
    target.addEventListener("change", onChange);
    target.addEventListener("input", onChange);
    target.addEventListener("submit", async (event) => {
      if (navigator.onLine) return; // online: the ordinary post, screened by the server
      event.preventDefault();
      clearTimeout(keeping);
      await keep("queued", event.submitter);
      if (navigator.serviceWorker) {
        const registration = await navigator.serviceWorker.getRegistration();
        if (registration && registration.sync) {
          await registration.sync.register(store.SYNC_PREFIX + userId).catch(() => {});
        }
      }
      document.getElementById("referral-area").replaceChildren(
        element(
          "div",
          { className: "card", "data-testid": "kept-on-device", "data-token": form().elements.namedItem("token").value },
          element(
            "div",
            { className: "card-body" },
            element("h1", { className: "h4" }, "Kept on this device"),
            element("p", {}, "This referral is sent when the signal returns, exactly once. You can close this page; it is sent the next time you open the app."),
            element("a", { href: meta.dataset.newReferral, className: "btn btn-primary" }, "Start another referral")
          )
        )
      );
      await render();
    });
  }

  document.addEventListener("htmx:afterSettle", setUpForm);
  setUpForm();
  sendNow().then(() => keepOfflineCopies().catch(() => {}));
})();
