// "On this phone" on the reminders page: say plainly whether THIS phone gets reminders (on, off,
// blocked in the browser, not supported, Home Screen first) and what to do; "Turn on reminders"
// asks permission only after the tap, subscribes, and saves the subscription on the server
// (which sends a test notification). The panel's data-state names the state for CSS and tests.
(function () {
  "use strict";

  function keyBytes(base64url) {
    const padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), function (c) { return c.charCodeAt(0); });
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
    });
  }

  // Every sentence comes from the page, in its language (strings.js, base.html).
  function t(key) { return window.RecoveryNetStrings.text(key); }

  function setUp(panel) {
    panel.dataset.ready = "";
    const status = panel.querySelector(".push-status");
    const advice = panel.querySelector(".push-advice");
    const on = panel.querySelector(".push-on");
    const off = panel.querySelector(".push-off");
    const ios = /iPhone|iPad|iPod/.test(navigator.userAgent);
    const installed = navigator.standalone || window.matchMedia("(display-mode: standalone)").matches;

    // One state at a time: its sentence, what to do (if anything), and the one button that helps.
    function state(name, message, todo) {
      panel.dataset.state = name;
      status.hidden = false;
      status.textContent = message;
      advice.hidden = !todo;
      advice.textContent = todo || "";
      on.hidden = name !== "off";
      off.hidden = name !== "on";
    }

    function show(subscribed, message) {
      if (!subscribed && Notification.permission === "denied") {
        state("blocked", t("push_blocked"), t("push_blocked_advice"));
      } else if (subscribed) {
        state("on", message || t("push_on"));
      } else {
        state("off", message || t("push_off"), t("push_off_advice"));
      }
    }

    if (ios && !installed) {
      // iPhones only deliver web push to an app added to the Home Screen (iOS 16.4+).
      panel.querySelector(".push-ios").hidden = false;
      state("home-screen", t("push_home_screen"));
      return;
    }
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      // An installed iPhone app without push is an iOS older than 16.4: updating is the way.
      state("unsupported", t(ios ? "push_unsupported_iphone" : "push_unsupported"));
      return;
    }
    if (Notification.permission === "denied") {
      // Known at once, without waiting for the service worker.
      show(false);
    } else {
      // On a first visit the service worker may take a few seconds to start.
      state("checking", t("push_checking"));
    }
    navigator.serviceWorker.ready
      .then(function (registration) { return registration.pushManager.getSubscription(); })
      .then(function (subscription) {
        // A subscription left over after notifications were blocked delivers nothing.
        show(Boolean(subscription) && Notification.permission !== "denied");
      });

    on.addEventListener("click", async function () {
      on.disabled = true;
      try {
        const permission = await Notification.requestPermission();
        if (permission !== "granted") {
          show(false);
          return;
        }
        const registration = await navigator.serviceWorker.ready;
        const subscription = await registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(panel.dataset.vapidKey),
        });
        const response = await post("/push/subscriptions", subscription.toJSON());
        show(response.ok, t(response.ok ? "push_turned_on" : "push_not_saved"));
      } catch (error) {
        show(false, t("push_not_turned_on"));
      } finally {
        on.disabled = false;
      }
    });

    off.addEventListener("click", async function () {
      const registration = await navigator.serviceWorker.ready;
      const subscription = await registration.pushManager.getSubscription();
      if (subscription) {
        await post("/push/subscriptions/delete", { endpoint: subscription.endpoint });
        await subscription.unsubscribe();
      }
      show(false, t("push_off"));
    });
  }

  function init(root) {
    if (!root.querySelectorAll) return;
    root.querySelectorAll(".push-panel:not([data-ready])").forEach(setUp);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.detail.elt); });
})();
