// Push for the service worker (imported by sw.js). Every push shows a notification:
// Safari revokes subscriptions whose pushes show none.
self.addEventListener("push", function (event) {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  const options = {
    body: data.body || "You have a new message",
    tag: data.tag || undefined,
    icon: "/static/icons/icon-192.png",
    badge: "/static/icons/icon-192.png",
    data: { url: data.url || "/", reminder: data.reminder || null },
    // The words come in the payload, in the person's language; the English is for an older payload.
    actions: data.reminder ? [{ action: "snooze", title: data.snooze || "Snooze 1 hour" }] : [],
  };
  event.waitUntil(self.registration.showNotification(data.title || "Message", options));
});

self.addEventListener("notificationclick", function (event) {
  const notification = event.notification;
  const data = notification.data || {};
  notification.close();
  if (event.action === "snooze" && data.reminder) {
    event.waitUntil(fetch("/reminders/" + data.reminder + "/snooze", {
      method: "POST", credentials: "same-origin", headers: { Accept: "application/json" },
    }));
    return;
  }
  const target = new URL(data.url || "/", self.location.origin).href;
  event.waitUntil((async function () {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    // Focusing needs the click's user activation and may be refused; the page must open anyway.
    const focus = function (client) { return client.focus().catch(function () { return client; }); };
    for (const client of windows) {
      if (client.url === target) return focus(client);
    }
    for (const client of windows) {
      if ("navigate" in client) {
        const navigated = await client.navigate(target).catch(function () { return null; });
        if (navigated) return focus(navigated);
      }
    }
    return self.clients.openWindow(target);
  })());
});
