// "Turn on reminders" on the settings page: ask permission only after the tap, subscribe,
// and save the subscription on the server (which sends a test notification).
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
    const on = panel.querySelector(".push-on");
    const off = panel.querySelector(".push-off");
    const ios = /iPhone|iPad|iPod/.test(navigator.userAgent);
    const installed = navigator.standalone || window.matchMedia("(display-mode: standalone)").matches;

    function show(subscribed, message) {
      on.hidden = subscribed;
      off.hidden = !subscribed;
      status.textContent = message || t(subscribed ? "push_on" : "push_off");
    }

    if (ios && !installed) {
      // iPhones only deliver web push to an app added to the Home Screen (iOS 16.4+).
      panel.querySelector(".push-ios").hidden = false;
      status.textContent = t("push_home_screen");
      return;
    }
    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      status.textContent = t("push_unsupported");
      return;
    }
    navigator.serviceWorker.ready
      .then(function (registration) { return registration.pushManager.getSubscription(); })
      .then(function (subscription) { show(Boolean(subscription)); });

    on.addEventListener("click", async function () {
      on.disabled = true;
      try {
        const permission = await Notification.requestPermission();
        if (permission !== "granted") {
          show(false, t("push_blocked"));
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
        show(false, t("push_failed"));
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
