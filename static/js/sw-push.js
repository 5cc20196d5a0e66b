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
    data: { url: data.url || "/", reminder: data.reminder || null, dose: data.dose || null },
    // The words come in the payload, in the person's language; the English is for an older payload.
    // A medication dose offers its answers first: browsers show only the first two or three buttons.
    actions: (data.dose && Array.isArray(data.answers) ? data.answers : []).concat(
      data.reminder ? [{ action: "snooze", title: data.snooze || "Snooze 1 hour" }] : []),
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
  if ((event.action === "taken" || event.action === "not_today") && data.dose) {
    event.waitUntil(answerDose(data.dose, event.action));
    return;
  }
  event.waitUntil(openPage(data.url));
});

// Answering a dose from its notification's button: posted with the session cookie (the server
// keeps one answer per dose, so a second tap or the other phone changes nothing more). With no
// signal it waits in the outbox, keyed by the dose, and goes with the next sync; if the server
// won't take it (signed out, say), the medication page opens to answer there.
async function answerDose(dose, answer) {
  const fields = [["day", dose.day], ["time", dose.time], ["answer", answer]];
  const body = new FormData();
  fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
  let response;
  try {
    response = await fetch("/medication/" + Number(dose.reminder) + "/answer", {
      method: "POST", body: body, credentials: "same-origin", headers: { Accept: "application/json" },
    });
  } catch (error) {
    if (self.RecoveryNetOutbox) {
      await self.RecoveryNetOutbox.add({
        kind: "medication", reminder: Number(dose.reminder), fields: fields,
        device_id: "dose-" + dose.reminder + "-" + dose.day + "-" + dose.time,
      });
      if (self.registration.sync) await self.registration.sync.register("outbox").catch(function () {});
      return;
    }
    return openPage("/medication");
  }
  if (!response.ok) return openPage("/medication");
}

async function openPage(url) {
  const target = new URL(url || "/", self.location.origin).href;
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
}
