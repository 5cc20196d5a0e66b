// The page side of the offline outbox (storage and sending live in
// outbox-core.js, shared with the service worker). A log entry or crisis alert
// made with no signal is kept on the phone and sent when the signal is back;
// #outbox-status says what happened. Without JavaScript the forms still post.
(function () {
  "use strict";

  const CORE_URL = (document.currentScript && document.currentScript.dataset.core) || "/static/js/outbox-core.js";

  // The signed-out page deletes the outbox (sw-register.js); don't reopen it.
  if (!document.body || document.body.hasAttribute("data-purge-storage")) return;

  const ALERT_TIMEOUT_MS = 6000;

  // Every sentence comes from the page, in its language (strings.js, base.html).
  function t(key, values) { return window.RecoveryNetStrings.text(key, values); }
  function counted(key, n) { return window.RecoveryNetStrings.counted(key, n); }

  function signedOutText(n, alerts) {
    if (alerts && alerts === n) return t("alert_signed_out");
    return counted("sign_in_to_send", n);
  }
  // The worker leaves notes as a key and values (it has no page to read sentences from);
  // a note kept from before that has its words already.
  function noteText(note) {
    return note.key ? t(note.key, note.values) : note.text;
  }

  // Loaded on demand: the templates only include this file, and name the core's
  // content-hashed URL (the one the service worker keeps for offline use).
  let coreLoading = null;
  function outboxReady() {
    if (!coreLoading) {
      coreLoading = window.RecoveryNetOutbox
        ? Promise.resolve(window.RecoveryNetOutbox)
        : new Promise(function (resolve, reject) {
            const script = document.createElement("script");
            script.src = CORE_URL;
            script.onload = function () { resolve(window.RecoveryNetOutbox); };
            script.onerror = reject;
            document.head.appendChild(script);
          });
    }
    return coreLoading;
  }

  // Could anything be kept on this phone? Until the outbox's database exists nothing
  // waits to be sent or told, so the core isn't fetched just to find that out (on a
  // first visit to the crisis page that is a sixth of what the phone downloads).
  function mayHoldSomething() {
    if (window.RecoveryNetOutbox || !window.indexedDB || !indexedDB.databases) return Promise.resolve(true);
    return indexedDB.databases().then(function (databases) {
      return databases.some(function (database) { return database.name === "recoverynet-outbox"; });
    }, function () { return true; });
  }

  let announced = false; // we said something is waiting, so "All sent." must follow

  // reveal: the answer to a tap, so bring it into view. News from a background
  // send must not scroll the page (on the crisis page, away from the call list).
  function say(text, reveal) {
    const status = document.getElementById("outbox-status");
    if (!status) return;
    status.textContent = text;
    status.hidden = !text;
    if (text && reveal) status.scrollIntoView({ block: "nearest" });
  }

  function statusShowing() {
    const status = document.getElementById("outbox-status");
    return Boolean(status && !status.hidden && status.textContent);
  }

  function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const hex = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  // The moment of logging, with this phone's offset (2026-11-21T10:32:00+01:00), so
  // the server files it at the right time however late it arrives.
  function nowWithOffset() {
    const d = new Date();
    const pad = function (n) { return String(n).padStart(2, "0"); };
    const offset = -d.getTimezoneOffset();
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" +
      pad(d.getHours()) + ":" + pad(d.getMinutes()) + ":" + pad(d.getSeconds()) +
      (offset >= 0 ? "+" : "-") + pad(Math.floor(Math.abs(offset) / 60)) + ":" + pad(Math.abs(offset) % 60);
  }

  function askWorkerToSend() {
    // Chromium sends the outbox from the worker even after the page is closed.
    if (!("serviceWorker" in navigator)) return;
    navigator.serviceWorker.ready.then(function (reg) {
      return reg.sync && reg.sync.register("outbox");
    }).catch(function () {});
  }

  function isNewLogForm(form) {
    // Edit forms post to /log/<id>; only new entries are queued.
    return form && form.matches && form.matches("form.log-form") && form.getAttribute("action") === "/log";
  }

  // busy: the server answered 5xx (a database lock, a full disk); retryAfter: its Retry-After, s.
  async function queueLogEntry(form, busy, retryAfter) {
    if (!form.querySelector('input[name="mood"]:checked')) {
      say(t("need_mood"), true);
      return;
    }
    const data = new FormData(form);
    const deviceId = String(data.get("device_id") || "") || newId();
    data.delete("device_id");
    if (!String(data.get("logged_at") || "").trim()) data.set("logged_at", nowWithOffset());
    const fields = [];
    data.forEach(function (value, name) { fields.push([name, String(value)]); });
    // At once, so a quick second Save is a second entry, not this one again.
    // (A hidden input keeps a value set by script through form.reset().)
    const idInput = form.querySelector('input[name="device_id"]');
    if (idInput) idInput.value = newId();

    const outbox = await outboxReady();
    try {
      await outbox.add({ kind: "log", device_id: deviceId, fields: fields });
    } catch (e) {
      if (idInput) idInput.value = deviceId;
      say(t("entry_not_kept"), true);
      return;
    }
    form.reset();
    announced = true;
    if (busy) {
      say(t("save_later"), true);
      retryLater(retryAfter); // this page retries soon; the worker, later, if it is closed
    } else {
      say(counted("queued", await outbox.count()), true);
    }
    askWorkerToSend();
  }

  async function queueAlert(deviceId, message) {
    try {
      const outbox = await outboxReady();
      const waiting = (await outbox.items()).some(function (item) { return item.kind === "alert"; });
      // One waiting alert is enough: a second tap must not alert everyone twice.
      if (!waiting) await outbox.add({ kind: "alert", device_id: deviceId });
    } catch (e) {
      say(t("alert_not_kept"), true);
      return;
    }
    announced = true;
    say(message || t("alert_queued"), true);
    askWorkerToSend();
  }

  async function sendAlert(form) {
    const button = form.querySelector('button[type="submit"], button:not([type])');
    // A cached copy of the page carries an old id: every tap is a new alert.
    const deviceId = newId();
    const idInput = form.querySelector('input[name="device_id"]');
    if (idInput) idInput.value = deviceId;
    if (navigator.onLine === false) return queueAlert(deviceId);
    let outbox;
    try {
      outbox = await outboxReady();
    } catch (e) {
      form.submit(); // the outbox didn't load: post it the plain way
      return;
    }

    if (button) button.disabled = true;
    say(t("alert_sending"), true);
    const controller = new AbortController();
    const timer = setTimeout(function () { controller.abort(); }, ALERT_TIMEOUT_MS);
    let response = null;
    try {
      response = await outbox.send({ kind: "alert", device_id: deviceId }, controller.signal);
    } catch (e) {
      response = null; // no signal, or too slow: keep it and say so
    } finally {
      clearTimeout(timer);
      if (button) button.disabled = false;
    }
    if (response === null) return queueAlert(deviceId);
    if (response.ok) {
      const reply = await response.json().catch(function () { return {}; });
      window.location.assign("/crisis/alerted?n=" + encodeURIComponent(reply.notified || 0));
    } else if (response.status === 401) {
      // This copy of the page outlived the session: keep the alert for after sign-in.
      await queueAlert(deviceId, t("alert_signed_out"));
    } else {
      say("");
      form.submit(); // let the server explain, as it would without JavaScript
    }
  }

  // Capture phase, so a queued entry never reaches htmx (it would fail with no signal).
  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (form.matches && form.matches("form.crisis-alert")) {
      event.preventDefault();
      event.stopImmediatePropagation();
      sendAlert(form);
    } else if (isNewLogForm(form) && navigator.onLine === false) {
      event.preventDefault();
      event.stopImmediatePropagation();
      queueLogEntry(form);
    }
  }, true);

  function formOf(event) {
    const elt = event.detail && event.detail.elt;
    return elt && (elt.tagName === "FORM" ? elt : elt.closest && elt.closest("form"));
  }

  // The phone thought it was online, but the request never got through.
  document.addEventListener("htmx:sendError", function (event) {
    const form = formOf(event);
    if (isNewLogForm(form)) queueLogEntry(form);
  });

  // The server couldn't save it just now (5xx): keep the entry here and send it again later,
  // instead of showing an error page in place of what was typed.
  document.addEventListener("htmx:beforeSwap", function (event) {
    // This event fires on the swap's target (the body, for a boosted form); the form is the requester.
    const config = event.detail && event.detail.requestConfig;
    const form = config && config.elt && config.elt.closest && config.elt.closest("form");
    const xhr = event.detail && event.detail.xhr;
    if (!isNewLogForm(form) || !xhr || xhr.status < 500) return;
    event.detail.shouldSwap = false;
    event.detail.isError = false;
    queueLogEntry(form, true, parseInt(xhr.getResponseHeader("Retry-After"), 10));
  });

  async function report(result) {
    const outbox = await outboxReady();
    const notes = await outbox.takeNotes().catch(function () { return []; });
    let text = "";
    if (result.remaining === 0 && (result.sent || announced)) {
      // Only refused entries this time? Then the note below says it all.
      if (result.sent || !result.rejected) {
        text = t(result.alertsSent ? "all_sent_alert" : "all_sent");
      }
      announced = false;
    } else if (result.remaining > 0 && result.signedOut) {
      text = signedOutText(result.remaining, result.alertsWaiting);
      announced = true;
    } else if (result.remaining > 0 && !statusShowing()) {
      text = counted("waiting", result.remaining);
      announced = true;
    }
    if (notes.length) text = (text ? text + " " : "") + notes.map(noteText).join(" ");
    if (text) say(text);
  }

  const FIRST_RETRY_MS = 15000;
  let retryDelay = FIRST_RETRY_MS;
  let retryTimer = null;

  // After a 5xx, send again once the server said it may be ready (Retry-After), then as usual.
  function retryLater(seconds) {
    clearTimeout(retryTimer);
    const wait = seconds > 0 ? Math.min(seconds * 1000, FIRST_RETRY_MS) : FIRST_RETRY_MS;
    retryTimer = setTimeout(flushAndReport, wait);
  }

  let flushing = null;
  let again = false;

  // Several triggers can fire together (load, online): one send and one report at
  // a time, plus one more round if asked meanwhile (something may have been added).
  function flushAndReport() {
    if (flushing) {
      again = true;
      return flushing;
    }
    flushing = flushOnce().finally(function () {
      flushing = null;
      if (again) {
        again = false;
        flushAndReport();
      }
    });
    return flushing;
  }

  async function flushOnce() {
    clearTimeout(retryTimer);
    try {
      // The signed-out page (reached by a boosted link too) deletes the outbox: don't reopen it.
      if (document.body.hasAttribute("data-purge-storage") || !(await mayHoldSomething())) return;
      const outbox = await outboxReady();
      const result = await outbox.flush();
      await report(result);
      // Nothing got through though the phone says it's online (a weak signal, or
      // the server struggling): try again later, waiting longer each time.
      if (result.offline && result.remaining && navigator.onLine !== false) {
        retryTimer = setTimeout(flushAndReport, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 5 * 60 * 1000);
      } else {
        retryDelay = FIRST_RETRY_MS;
      }
    } catch (e) {
      // Storage unavailable (private mode): nothing was queued either.
    }
  }

  // On the crisis page, speak right below the alert button the person just tapped.
  const alertForm = document.querySelector("form.crisis-alert");
  const status = document.getElementById("outbox-status");
  const alertButton = alertForm && alertForm.querySelector("button");
  if (status && alertButton) alertButton.after(status);

  window.addEventListener("online", flushAndReport);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") flushAndReport();
  });
  // After a boosted navigation (signing in, say), the new session can send what waits.
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail && event.detail.boosted) flushAndReport();
  });
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      if (event.data && event.data.type === "outbox-flushed") report(event.data.result);
    });
  }
  flushAndReport();
})();
