// LEAD Ops: what the device keeps while filing offline, and the sender.
// Loaded by the filing pages and imported by the service worker (Background
// Sync), so both send the same way. One IndexedDB database per user
// (lead-offline-<user id>); nothing in it outlives LEAD_OFFLINE_DRAFT_HOURS
// since its last change, and sign-out deletes it all (README, Filing offline).
// It holds only what this officer typed: never search results, never another
// person's records, never reference lists with personal data.
(function (root) {
  "use strict";

  const STATE_URL = "/referrals/offline/state/";
  const SEND_URL = "/referrals/offline/send/";
  const FORM_CACHE = "lead-filing-form";
  const PREFIX = "lead-offline-";

  // Sign-out waits this long for the device store to go, then signs out anyway:
  // the first page after sign-out (forget.js) removes what is left.
  const CLEAR_WAIT_MS = 3000;

  function open(userId) {
    return root.idb.openDB(PREFIX + userId, 1, {
      upgrade(db) {
        db.createObjectStore("referrals", { keyPath: "token" });
        db.createObjectStore("notices", { keyPath: "token" });
      },
      // Another tab or the service worker is deleting it (sign-out): let go at once,
      // or the deletion waits for this connection for ever.
      blocking(currentVersion, blockedVersion, event) {
        event.target.close();
      },
    });
  }

  async function purgeExpired(db) {
    const now = Date.now();
    for (const name of ["referrals", "notices"]) {
      for (const record of await db.getAll(name)) {
        if (!(record.expiresAt > now)) await db.delete(name, record.token);
      }
    }
  }

  async function snapshot(userId) {
    const db = await open(userId);
    await purgeExpired(db);
    const referrals = await db.getAll("referrals");
    const notices = await db.getAll("notices");
    db.close();
    return { referrals: referrals, notices: notices };
  }

  async function save(userId, record, hours) {
    const db = await open(userId);
    record.updatedAt = Date.now();
    record.expiresAt = record.updatedAt + hours * 3600 * 1000;
    await db.put("referrals", record);
    db.close();
  }

  async function get(userId, token) {
    const db = await open(userId);
    const record = await db.get("referrals", token);
    db.close();
    return record;
  }

  async function dismiss(userId, token) {
    const db = await open(userId);
    await db.delete("notices", token);
    db.close();
  }

  // Everything this site keeps on the device, for every user: at sign-out.
  async function clearDevice() {
    const databases = root.indexedDB.databases ? await root.indexedDB.databases() : [];
    const deleting = Promise.all(
      databases
        .filter((database) => database.name && database.name.startsWith(PREFIX))
        .map((database) => root.idb.deleteDB(database.name))
    );
    // A connection that does not let go (a send in flight) must not keep the officer signed in.
    const waited = new Promise((resolve) => setTimeout(resolve, CLEAR_WAIT_MS));
    await Promise.race([deleting.catch(() => {}), waited]);
    if (root.caches) await root.caches.delete(FORM_CACHE);
  }

  async function fetchJson(url, options) {
    const response = await fetch(url, {
      credentials: "same-origin",
      redirect: "manual",
      ...options,
      headers: { Accept: "application/json", ...(options && options.headers) },
    });
    // Sent to sign in: the session ended (idle, expired, signed out elsewhere).
    if (response.type === "opaqueredirect" || response.status === 401) return { signedOut: true };
    const isJson = (response.headers.get("Content-Type") || "").startsWith("application/json");
    return { status: response.status, body: isJson ? await response.json() : null };
  }

  function filedNotice(record, answer, hours) {
    const at = Date.now();
    return {
      token: record.token,
      label: record.label,
      url: answer.url,
      headline: answer.headline,
      at: at,
      expiresAt: at + hours * 3600 * 1000,
    };
  }

  // Send every referral waiting on this device. However often this runs, in
  // however many tabs and workers, the server files each token once; the lock
  // only spares it the duplicate posts. Throws when the network fails, so
  // Background Sync tries again later.
  async function sendAll(userId) {
    const work = async () => {
      const db = await open(userId);
      try {
        await purgeExpired(db);
        // Drafts too: one continued and filed online is done with.
        const records = await db.getAll("referrals");
        if (!records.length) return { sent: 0 };
        const query = records.map((r) => "token=" + encodeURIComponent(r.token)).join("&");
        const state = await fetchJson(STATE_URL + "?" + query);
        if (state.signedOut || !state.body || state.body.user !== Number(userId)) {
          for (const record of records.filter((r) => r.state === "queued")) {
            record.problem = "Sign in again to send this referral; it stays on this device until then.";
            await db.put("referrals", record);
          }
          return { signedOut: true };
        }
        let sent = 0;
        for (const record of records) {
          const filed = state.body.filed[record.token];
          if (filed) {
            if (record.state !== "draft") await db.put("notices", filedNotice(record, filed, record.hours));
            await db.delete("referrals", record.token);
            sent += 1;
            continue;
          }
          if (record.state !== "queued") continue;
          const body = new URLSearchParams(record.fields);
          body.set("offline_version", String(record.version));
          const answer = await fetchJson(SEND_URL, {
            method: "POST",
            body: body,
            headers: { "X-CSRFToken": state.body.csrf_token },
          });
          if (answer.signedOut) {
            record.problem = "Sign in again to send this referral; it stays on this device until then.";
            await db.put("referrals", record);
            break;
          }
          const outcome = answer.body && answer.body.outcome;
          if (outcome === "filed") {
            await db.put("notices", filedNotice(record, answer.body, record.hours));
            await db.delete("referrals", record.token);
            sent += 1;
          } else if (outcome === "attention") {
            record.state = "attention";
            record.problem = answer.body.message;
            record.problems = answer.body.problems;
            record.reviewUrl = answer.body.review_url;
            await db.put("referrals", record);
          } else {
            record.problem =
              (answer.body && answer.body.message) ||
              `Not sent yet: the server answered ${answer.status}. It will be tried again.`;
            await db.put("referrals", record);
          }
        }
        return { sent: sent };
      } finally {
        db.close();
      }
    };
    if (root.navigator && root.navigator.locks) {
      return root.navigator.locks.request(PREFIX + "send-" + userId, work);
    }
    return work();
  }

  const store = {
    open: open,
    snapshot: snapshot,
    save: save,
    get: get,
    dismiss: dismiss,
    clearDevice: clearDevice,
    sendAll: sendAll,
    FORM_CACHE: FORM_CACHE,
    SYNC_PREFIX: PREFIX + "send-",
  };
  root.LeadOfflineStore = store;

  // In the service worker: Background Sync sends the queue when the signal returns.
  if (typeof root.ServiceWorkerGlobalScope !== "undefined" && root instanceof root.ServiceWorkerGlobalScope) {
    root.addEventListener("sync", (event) => {
      if (!event.tag.startsWith(store.SYNC_PREFIX)) return;
      const userId = event.tag.slice(store.SYNC_PREFIX.length);
      event.waitUntil(
        sendAll(userId).then(async (outcome) => {
          for (const client of await root.clients.matchAll({ type: "window" })) {
            client.postMessage({ type: "lead-offline-changed", outcome: outcome });
          }
        })
      );
    });
  }
})(self);
