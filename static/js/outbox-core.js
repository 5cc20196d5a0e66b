// The offline outbox, shared by the page (outbox.js) and the service worker
// (importScripts in sw.js): log entries and crisis alerts made with no signal
// wait in IndexedDB until they can be sent. No DOM here, so the worker can run it.
//
// Every item carries a device_id made on the phone; the server stores one
// entry (or alert) per id, so sending an item twice (page and worker at once,
// or a reply lost on the way back) is harmless.
(function (scope) {
  "use strict";

  const DB_NAME = "recoverynet-outbox";
  const ITEMS = "items"; // keyed by device_id
  const NOTES = "notes"; // messages for the person, e.g. an entry the server refused
  const SEND_TIMEOUT_MS = 15000;
  const ENDPOINTS = { log: "/log", alert: "/crisis/alert" };

  // A medication dose answered from a notification with no signal (sw-push.js) is keyed by the
  // dose, and posted to its reminder's address.
  function endpoint(item) {
    if (item.kind === "medication") return "/medication/" + Number(item.reminder) + "/answer";
    return ENDPOINTS[item.kind] || ENDPOINTS.log;
  }

  function promised(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function open() {
    const request = scope.indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = function () {
      const db = request.result;
      db.createObjectStore(ITEMS, { keyPath: "device_id" });
      db.createObjectStore(NOTES, { autoIncrement: true });
    };
    return promised(request).then(function (db) {
      // Logout deletes this database: let it, rather than block it.
      db.onversionchange = function () { db.close(); };
      return db;
    });
  }

  // One short-lived connection per operation, so nothing holds the database open.
  async function withStore(name, mode, work) {
    const db = await open();
    try {
      const tx = db.transaction(name, mode);
      const done = new Promise(function (resolve, reject) {
        tx.oncomplete = resolve;
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
      done.catch(function () {}); // reported below, or by work() itself
      const result = await work(tx.objectStore(name));
      await done;
      return result;
    } finally {
      db.close();
    }
  }

  function add(item) {
    item.kind = item.kind || "log";
    item.queued_at = item.queued_at || new Date().toISOString();
    return withStore(ITEMS, "readwrite", function (store) { return promised(store.put(item)); });
  }

  async function items() {
    const all = await withStore(ITEMS, "readonly", function (store) { return promised(store.getAll()); });
    // Alerts first: a call for help matters more than a mood entry.
    return all.sort(function (a, b) {
      if (a.kind !== b.kind) return a.kind === "alert" ? -1 : 1;
      return a.queued_at < b.queued_at ? -1 : a.queued_at > b.queued_at ? 1 : 0;
    });
  }

  function count() {
    return withStore(ITEMS, "readonly", function (store) { return promised(store.count()); });
  }

  function remove(deviceId) {
    return withStore(ITEMS, "readwrite", function (store) { return promised(store.delete(deviceId)); });
  }

  // A note is a key of the page's sentences and its values (see strings.js): the worker has no
  // page to read them from, and the page that shows the note speaks the person's language.
  function addNote(key, values) {
    return withStore(NOTES, "readwrite", function (store) {
      return promised(store.add({ key: key, values: values || {} }));
    });
  }

  // Notes are shown once, then forgotten.
  function takeNotes() {
    return withStore(NOTES, "readwrite", async function (store) {
      const notes = await promised(store.getAll());
      await promised(store.clear());
      return notes;
    });
  }

  function destroy() {
    return promised(scope.indexedDB.deleteDatabase(DB_NAME)).catch(function () {});
  }

  function body(item) {
    const data = new FormData();
    (item.fields || []).forEach(function (pair) { data.append(pair[0], pair[1]); });
    data.set("device_id", item.device_id);
    return data;
  }

  // POST one item as the form would, asking for JSON. Rejects on network failure.
  async function send(item, signal) {
    const controller = new AbortController();
    const timer = setTimeout(function () { controller.abort(); }, SEND_TIMEOUT_MS);
    if (signal) signal.addEventListener("abort", function () { controller.abort(); });
    try {
      return await fetch(endpoint(item), {
        method: "POST",
        body: body(item),
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  function firstError(reply) {
    const errors = (reply && reply.errors) || {};
    const keys = Object.keys(errors);
    return keys.length ? String(errors[keys[0]]) : "";
  }

  // Send every waiting item, oldest first, stopping at the first sign that the
  // rest would fail too (no network, signed out, server trouble).
  async function sendAll() {
    const result = { sent: 0, alertsSent: 0, rejected: 0, remaining: 0, alertsWaiting: 0,
                     offline: false, signedOut: false };
    try {
      for (const item of await items()) {
        let response;
        try {
          response = await send(item);
        } catch (e) {
          result.offline = true; // network error or timeout: try again later
          break;
        }
        if (response.status === 200 || response.status === 201) {
          await remove(item.device_id);
          result.sent += 1;
          if (item.kind === "alert") result.alertsSent += 1;
        } else if (response.status === 422 || response.status === 413) {
          // The server will never take it (invalid, or too big); keeping it would block the queue forever.
          const reply = await response.json().catch(function () { return null; });
          const reason = firstError(reply) || (reply && reply.message) || "";
          await remove(item.device_id);
          await addNote(reason ? "entry_refused_because" : "entry_refused", { reason: reason });
          result.rejected += 1;
        } else if (response.status === 401) {
          result.signedOut = true;
          break;
        } else {
          result.offline = true; // 5xx, 429...: the server is struggling; retry later
          break;
        }
      }
    } finally {
      const left = await items().catch(function () { return []; });
      result.remaining = left.length;
      result.alertsWaiting = left.filter(function (item) { return item.kind === "alert"; }).length;
    }
    return result;
  }

  let running = null;

  // One sender at a time, across every tab and the worker (Web Locks), so an
  // item goes out once; the server's device_id check covers browsers without locks.
  function flush() {
    if (!running) {
      const locks = scope.navigator && scope.navigator.locks;
      running = (locks ? locks.request(DB_NAME, sendAll) : sendAll())
        .finally(function () { running = null; });
    }
    return running;
  }

  scope.RecoveryNetOutbox = { add: add, items: items, count: count, remove: remove, send: send,
                              takeNotes: takeNotes, flush: flush, destroy: destroy };
})(self);
