// Registers the service worker and, on the logged-out page, wipes anything
// the browser may hold for this site. Loaded with <script src defer>; the
// CSP forbids inline scripts, so all of this lives here.
(function () {
  "use strict";

  // Best-effort: each step is independent, so one failure (e.g. storage
  // blocked in a private window) must not stop the others.
  async function purgeStorage() {
    try {
      if ("caches" in window) {
        const names = await caches.keys();
        await Promise.all(names.map((n) => caches.delete(n)));
      }
    } catch (e) {}
    try { localStorage.clear(); } catch (e) {}
    try { sessionStorage.clear(); } catch (e) {}
    try {
      // Every database. indexedDB.databases() is missing in some older
      // browsers, so the offline outbox is also named: it must never outlive
      // the session.
      if (window.indexedDB) {
        const dbs = indexedDB.databases ? await indexedDB.databases() : [];
        const names = new Set(dbs.map((db) => db.name).concat("recoverynet-outbox"));
        names.forEach((name) => name && indexedDB.deleteDatabase(name));
      }
    } catch (e) {}
    try {
      // Also ask the worker: it clears its own caches (and re-adds only the
      // public offline shell). getRegistration() rather than .ready, which
      // would never settle if no worker is registered.
      if ("serviceWorker" in navigator) {
        const reg = await navigator.serviceWorker.getRegistration();
        if (reg && reg.active) reg.active.postMessage({ type: "purge" });
      }
    } catch (e) {}
  }

  function onReady(fn) {
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", fn);
    } else {
      fn();
    }
  }

  // Purge as soon as the DOM is there rather than waiting for "load".
  onReady(function () {
    if (document.body && document.body.hasAttribute("data-purge-storage")) {
      purgeStorage();
    }
  });

  // After sign-in, or a change to the crisis plan or settings, the server puts
  // a [data-refresh-crisis] marker in the page: the worker then replaces the
  // crisis page it keeps for offline use. Boosted navigations (htmx) bring the
  // marker without a page load, hence htmx:load as well.
  function refreshCrisisCopyIfAsked() {
    const marker = document.querySelector("[data-refresh-crisis]");
    if (!marker || !("serviceWorker" in navigator)) return;
    marker.removeAttribute("data-refresh-crisis"); // once per marker
    // .ready waits for the worker registered below, however new.
    navigator.serviceWorker.ready.then(function (reg) {
      if (reg.active) reg.active.postMessage({ type: "refresh-crisis" });
    }).catch(function () {});
  }

  onReady(refreshCrisisCopyIfAsked);
  document.addEventListener("htmx:load", refreshCrisisCopyIfAsked);

  // The worker keeps the offline page and the crisis page in the language they
  // were saved in; this page's language tells it when the person has chosen
  // another, so it saves them again in this one.
  function tellTheWorkerThisLanguage() {
    const language = document.documentElement.lang;
    if (!language || !("serviceWorker" in navigator) || !navigator.serviceWorker.controller) return;
    navigator.serviceWorker.controller.postMessage({ type: "language", language: language });
  }

  onReady(tellTheWorkerThisLanguage);

  if ("serviceWorker" in navigator) {
    // Register after load so it doesn't compete with the first page render.
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function () {
        // No worker just means no offline page; the app still works.
      });
    });
  }
})();
