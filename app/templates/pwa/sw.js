{# Ontdekkingstocht service worker (its version is in CACHE).
   Keeps only the app shell (no resident data, never API answers), never touches POSTs, and
   waits for the user's "Nu bijwerken" before a new version takes over. #}
const CACHE = {{ cache_name | tojson }};
const SHELL = {{ shell_urls | tojson }};
const SHELL_PAGES = {{ shell_pages | tojson }};
const SHELL_FILES = {{ shell_files | tojson }};

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      {# "no-cache": revalidate with the server (a 304 costs no body) rather than download #}
      {# again what the page just loaded, yet never keep a stale copy in a new version. #}
      cache.addAll(SHELL.map((url) => new Request(url, { cache: "no-cache", credentials: "same-origin" })))
    )
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("ot-shell-") && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

{# The shell's pages and words kept in another language than `lang` (the user chose one, #}
{# or the browser's changed) are fetched again, in it. #}
const relanguage = (lang) =>
  caches.open(CACHE).then((cache) => cache.match("/").then((hit) =>
    hit && lang && hit.headers.get("content-language") !== lang &&
      cache.addAll([...SHELL_PAGES, ...SHELL_FILES].map((url) => new Request(url, { cache: "no-cache", credentials: "same-origin" })))
  )).catch(() => {});

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") self.skipWaiting();
  {# From the language page (js/language.js): a form's answer passes no worker. #}
  if (event.data && event.data.type === "LANGUAGE") event.waitUntil(relanguage(event.data.lang));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  {# /api/: always the network, never a cache #}
  if (url.pathname.startsWith("/api/")) return;

  if (request.mode === "navigate") {
    if (SHELL_PAGES.includes(url.pathname)) {
      {# The shell opens instantly, with or without a connection. #}
      event.respondWith(
        caches.match(url.pathname, { cacheName: CACHE }).then((hit) => hit || fetch(request))
      );
    } else {
      {# Pages with team data come from the server only; offline, an honest page says so. #}
      event.respondWith(
        fetch(request).then((response) => {
          event.waitUntil(relanguage(response.headers.get("content-language")));
          return response;
        }, () => caches.match("/offline", { cacheName: CACHE }))
      );
    }
    return;
  }
  if (url.pathname.startsWith("/static/") || SHELL_FILES.includes(url.pathname)) {
    event.respondWith(
      caches.open(CACHE).then((cache) =>
        cache.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request).then((response) => {
          {# Modules pages import only when used are kept on first fetch (the page fetches #}
          {# them once controlled), so they work offline too; they are part of the version. #}
          if (response.ok && url.pathname.startsWith("/static/js/on_demand/")) cache.put(request, response.clone());
          return response;
        }))
      )
    );
  }
});
