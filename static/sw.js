// RecoveryNet service worker (served at /sw.js so its scope is the whole app).
// Based on Chrome's "custom offline page" sample and MDN's PWA guide.
//
// Privacy rule: personal pages are never cached. Only the public app shell
// below goes into Cache Storage; navigations always go to the network and
// fall back to the generic /offline page only when the network fails.

// Bump whenever a precached file changes, so clients drop the old copies.
const VERSION = "v1";
const CACHE_NAME = `recoverynet-static-${VERSION}`;
const OFFLINE_URL = "/offline";

// Public, non-personal files only.
const PRECACHE_URLS = [
  OFFLINE_URL,
  "/static/css/app.css",
  "/static/vendor/htmx-2.0.11.min.js",
  "/static/js/app.js",
  "/static/js/sw-register.js",
  "/static/icons/icon-192.png",
  "/manifest.webmanifest",
];

const OFFLINE_FRAGMENT =
  '<p class="offline-note" role="status">' +
  "You're offline. This will work again when you're back online.</p>";

function offlineResponse(body, type) {
  return new Response(body, {
    status: 503,
    headers: { "Content-Type": `${type}; charset=utf-8` },
  });
}

async function precache() {
  const cache = await caches.open(CACHE_NAME);
  // cache: "reload" skips the HTTP cache so we never precache a stale copy.
  await cache.addAll(
    PRECACHE_URLS.map((url) => new Request(url, { cache: "reload" }))
  );
}

self.addEventListener("install", (event) => {
  event.waitUntil(precache());
  // Nothing personal is cached, so the new version can take over at once.
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((n) => n.startsWith("recoverynet-") && n !== CACHE_NAME)
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
  // Never intercept POST etc.: writes must reach the server or fail visibly.
  if (request.method !== "GET") return;

  if (request.mode === "navigate") {
    event.respondWith(
      (async () => {
        try {
          const preloaded = await event.preloadResponse;
          if (preloaded) return preloaded;
          return await fetch(request);
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

  const url = new URL(request.url);
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
    event.respondWith(
      fetch(request).catch(() => offlineResponse(OFFLINE_FRAGMENT, "text/html"))
    );
  }
  // Anything else: no respondWith, so the browser handles it normally.
});

// Logout sends {type: "purge"}: wipe every cache, then re-fetch the public
// shell (it holds nothing personal) so the offline page keeps working.
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "purge") return;
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.map((n) => caches.delete(n)));
      await precache().catch(() => {}); // offline at logout: refilled on next install
    })()
  );
});
