// RecoveryNet service worker (served at /sw.js so its scope is the whole app).
// Based on Chrome's "custom offline page" sample and MDN's PWA guide.
//
// Privacy rule: personal pages are never cached, with one exception. The
// public app shell goes into the versioned static cache. The signed-in
// client's own crisis page goes into its own cache, so that a person in
// crisis with no signal still reaches their call list; logging out deletes it,
// and so does being signed out from another device (see endedElsewhere).
// Every other navigation goes to the network and falls back to the generic
// /offline page only when the network fails.

// Never bumped by hand: the server (recoverynet/pwa/views.py) appends a digest
// of this file, the manifest, the offline and crisis pages' templates and every
// precached file's content-hashed name, and rewrites every "/static/..." below
// to its hashed name, so any change is a new cache name and the old copies are
// dropped on activate.
const VERSION = "v7";
const CACHE_NAME = `recoverynet-static-${VERSION}`;
const OFFLINE_URL = "/offline";

// Holds one response: the client's own /crisis page. Not versioned, so an app
// update never leaves the phone without it.
const CRISIS_CACHE = "recoverynet-crisis";
const CRISIS_URL = "/crisis";
// A bad connection must not keep a person in crisis waiting for a blank page.
const CRISIS_TIMEOUT_MS = 3000;

// Public, non-personal files only: the offline page, the manifest, and every
// static file the offline and crisis pages use. The server fills in the static
// files from those pages' templates, so a file a page starts using is cached.
const PRECACHE_URLS = [
  OFFLINE_URL,
  "/manifest.webmanifest",
];

// The offline outbox (RecoveryNetOutbox), sent from here on Background Sync.
// A failure to load it must not stop the worker: the page sends the outbox too.
try {
  importScripts("/static/js/outbox-core.js");
} catch (e) {}

// Push: every push shows a notification; a click opens the page it is about.
importScripts("/static/js/sw-push.js");

// The note an htmx request gets with no signal comes from the saved offline
// page (its <template id="offline-note">), so it speaks that page's language;
// this English one only stands in should that page be missing.
const OFFLINE_FRAGMENT =
  '<p class="offline-note" role="status">' +
  "You're offline. This will work again when you're back online.</p>";
const OFFLINE_NOTE = /<template id="offline-note">([\s\S]*?)<\/template>/;

function offlineResponse(body, type) {
  return new Response(body, {
    status: 503,
    headers: { "Content-Type": `${type}; charset=utf-8` },
  });
}

async function savedPageText(url, cacheName) {
  const copy = await caches.match(url, { cacheName, ignoreVary: true });
  return copy ? copy.text() : "";
}

async function offlineFragment() {
  const found = (await savedPageText(OFFLINE_URL, CACHE_NAME)).match(OFFLINE_NOTE);
  return found ? found[1] : OFFLINE_FRAGMENT;
}

async function precache() {
  const cache = await caches.open(CACHE_NAME);
  // cache: "reload" skips the HTTP cache so we never precache a stale copy.
  await cache.addAll(
    PRECACHE_URLS.map((url) => new Request(url, { cache: "reload" }))
  );
}

// ---- The crisis page ----
// The server marks its answer: "personal" for the signed-in client's own page,
// "generic" for anyone signed out.

function crisisPlanOf(response) {
  return response && response.ok ? response.headers.get("X-Crisis-Plan") : null;
}

// Several copies can be on their way at once (a page asked for one, the person opened /crisis,
// the language changed): the one ASKED FOR last is kept, even when an older, slower answer (say,
// still in the language just left) arrives after it. Each fetch takes a ticket as it starts; the
// writes run one at a time, and one whose ticket is older than the copy kept is dropped.
let crisisTickets = 0;
let crisisKeptTicket = 0;
let crisisWrites = Promise.resolve();

function crisisTicket() {
  crisisTickets += 1;
  return crisisTickets;
}

function keepCrisisCopy(response, ticket) {
  crisisWrites = crisisWrites.catch(() => {}).then(async () => {
    if (ticket < crisisKeptTicket) return;
    crisisKeptTicket = ticket;
    const cache = await caches.open(CRISIS_CACHE);
    await cache.put(CRISIS_URL, response);
  });
  return crisisWrites;
}

function cachedCrisisCopy() {
  return caches.match(CRISIS_URL, { cacheName: CRISIS_CACHE, ignoreVary: true });
}

// Signed out from another device (sign out everywhere, a new password): the
// server's first answer to this phone carries Clear-Site-Data. Browsers that
// support it wipe the caches themselves; forgetThisPhone does it where they
// don't, before the old copy could be shown. (A session that merely expired
// gets no such answer, and the phone keeps its person's copy.)
function endedElsewhere(response) {
  return Boolean(response) && (response.headers.get("Clear-Site-Data") || "").includes('"cache"');
}

async function forgetThisPhone() {
  // Not awaited: deleting the outbox waits for an open page to let go of it,
  // and the answer to this request must not wait for that.
  if (self.RecoveryNetOutbox) self.RecoveryNetOutbox.destroy();
  await caches.delete(CRISIS_CACHE);
}

// Fetch /crisis now; keep a personal answer. Returns which kind it was.
async function fetchCrisisCopy() {
  const ticket = crisisTicket();
  const response = await fetch(CRISIS_URL, { credentials: "same-origin", cache: "no-store" });
  if (endedElsewhere(response)) await forgetThisPhone();
  const plan = crisisPlanOf(response);
  if (plan === "personal") await keepCrisisCopy(response, ticket);
  return plan;
}

function timeout(ms) {
  return new Promise((resolve) => setTimeout(() => resolve(null), ms));
}

// Network first, for at most CRISIS_TIMEOUT_MS; then the phone's own copy.
async function crisisPage(event) {
  const ticket = crisisTicket();
  const network = (async () => (await event.preloadResponse) || fetch(event.request))();
  // Store a personal answer even if it arrives after we gave up waiting for it.
  // (This callback runs before the page reads the body, so the clone is whole.)
  event.waitUntil(
    network
      .then((response) => {
        if (crisisPlanOf(response) === "personal") return keepCrisisCopy(response.clone(), ticket);
      })
      .catch(() => {})
  );
  const response = await Promise.race([network.catch(() => null), timeout(CRISIS_TIMEOUT_MS)]);
  if (response && crisisPlanOf(response) === "personal") return response;
  if (endedElsewhere(response)) {
    await forgetThisPhone();
    return response;
  }
  // Signed out (a session that expired) or no answer: this phone's person's own
  // copy beats the generic page. Logging out deletes it.
  const copy = await cachedCrisisCopy();
  if (copy) return copy;
  if (response) return response;
  const offline = await caches.match(OFFLINE_URL, { cacheName: CACHE_NAME });
  return offline || offlineResponse("You're offline. Call your local emergency number.", "text/plain");
}

// ---- Lifecycle ----

self.addEventListener("install", (event) => {
  event.waitUntil(
    Promise.all([
      precache(),
      // Signed in already (an update, or installed after sign-in)? Keep the copy now.
      fetchCrisisCopy().catch(() => {}),
    ])
  );
  // Nothing else personal is cached, so the new version can take over at once.
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((n) => n.startsWith("recoverynet-") && n !== CACHE_NAME && n !== CRISIS_CACHE)
          .map((n) => caches.delete(n))
      );
      // Lets the navigation request start while the worker boots up.
      if (self.registration.navigationPreload) {
        await self.registration.navigationPreload.enable();
      }
      await self.clients.claim();
    })()
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  // Never intercept POST etc.: writes must reach the server or fail visibly
  // (the page's outbox keeps log entries and alerts that could not be sent).
  if (request.method !== "GET") return;
  const url = new URL(request.url);

  if (request.mode === "navigate") {
    if (url.origin === self.location.origin && url.pathname === CRISIS_URL) {
      event.respondWith(crisisPage(event));
      return;
    }
    event.respondWith(
      (async () => {
        try {
          const response = (await event.preloadResponse) || (await fetch(request));
          if (endedElsewhere(response)) await forgetThisPhone();
          return response;
        } catch (err) {
          // Only network failures land here; HTTP errors (404/500) are real
          // responses and are shown as-is.
          const cached = await caches.match(OFFLINE_URL, { cacheName: CACHE_NAME });
          return cached || offlineResponse("You're offline.", "text/plain");
        }
      })()
    );
    return;
  }

  if (url.origin === self.location.origin && url.pathname.startsWith("/static/")) {
    // Cache-first for the shell. Misses go to the network but are NOT stored:
    // the cache holds exactly the precache list and nothing else.
    event.respondWith(
      (async () => {
        const cached = await caches.match(request, { cacheName: CACHE_NAME });
        return cached || fetch(request);
      })()
    );
    return;
  }

  if (request.headers.get("HX-Request") === "true") {
    // htmx partials: give a friendly inline note instead of a silent failure.
    // (Should a boosted link ever lead to /crisis, it still gets the call list.)
    event.respondWith(
      fetch(request)
        .then(async (response) => {
          if (endedElsewhere(response)) await forgetThisPhone();
          return response;
        })
        .catch(async () =>
          (url.pathname === CRISIS_URL && (await cachedCrisisCopy())) ||
          offlineResponse(await offlineFragment(), "text/html"))
    );
  }
  // Anything else: no respondWith, so the browser handles it normally.
});

// ---- Messages from pages ----

// Logout sends {type: "purge"}: wipe every cache (the crisis copy too) and
// the outbox, then re-fetch the public shell so the offline page keeps working.
async function purge() {
  const names = await caches.keys();
  await Promise.all(names.map((n) => caches.delete(n)));
  if (self.RecoveryNetOutbox) await self.RecoveryNetOutbox.destroy();
  await precache().catch(() => {}); // offline at logout: refilled on next install
}

// After sign-in or a change to the plan or settings, pages send
// {type: "refresh-crisis"}: replace the copy, or drop it if we're signed out.
async function refreshCrisisCopy() {
  const plan = await fetchCrisisCopy();
  if (plan === "generic") await caches.delete(CRISIS_CACHE);
}

// The saved pages keep the language they were saved in (their <html lang>).
// Every page tells its own language ({type: "language"}): when the person has
// chosen another, the offline page and the crisis copy are saved again in it.
function languageOf(html) {
  const found = html.match(/<html lang="([^"]+)"/);
  return found ? found[1] : null;
}

async function followLanguage(language) {
  if (languageOf(await savedPageText(OFFLINE_URL, CACHE_NAME)) !== language) {
    const cache = await caches.open(CACHE_NAME);
    await cache.add(new Request(OFFLINE_URL, { cache: "reload" }));
  }
  const crisisLanguage = languageOf(await savedPageText(CRISIS_URL, CRISIS_CACHE));
  if (crisisLanguage && crisisLanguage !== language) await refreshCrisisCopy();
}

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "purge") {
    event.waitUntil(purge());
  } else if (type === "refresh-crisis") {
    event.waitUntil(refreshCrisisCopy().catch(() => {}));
  } else if (type === "language" && typeof event.data.language === "string") {
    event.waitUntil(followLanguage(event.data.language).catch(() => {}));
  }
});

// ---- Background Sync: send the outbox even when no page is open ----

async function tellPages(result) {
  const pages = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  pages.forEach((page) => page.postMessage({ type: "outbox-flushed", result }));
}

self.addEventListener("sync", (event) => {
  if (event.tag !== "outbox" || !self.RecoveryNetOutbox) return;
  event.waitUntil(
    (async () => {
      const result = await self.RecoveryNetOutbox.flush();
      await tellPages(result);
      // Rejecting asks the browser to try again later; a signed-out 401 won't
      // fix itself, so it waits for the page to send after sign-in instead.
      if (result.offline && result.remaining) throw new Error("Outbox not sent yet");
    })()
  );
});
