// Entry point of every page: registers the Alpine components, the service worker, asks for
// persistent storage, and on app pages keeps the outbox moving.
import * as store from "/static/js/store.js";
import * as sync from "/static/js/sync.js";
import { today } from "/static/js/components/today.js";
import { captureForm } from "/static/js/components/capture_form.js";
import { syncStatus } from "/static/js/components/sync_status.js";

document.addEventListener("alpine:init", () => {
  window.Alpine.data("today", today);
  window.Alpine.data("captureForm", captureForm);
  window.Alpine.data("syncStatus", syncStatus);
});

const role = document.body.dataset.app; // "app" (logged-in pages and shells) or "public"

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  if (navigator.serviceWorker.controller) keepOnDemandModules();
  else navigator.serviceWorker.addEventListener("controllerchange", keepOnDemandModules, { once: true });
  const announce = () => window.dispatchEvent(new CustomEvent("ot-update", { detail: registration }));
  if (registration.waiting && navigator.serviceWorker.controller) announce();
  registration.addEventListener("updatefound", () => {
    const incoming = registration.installing;
    if (!incoming) return;
    incoming.addEventListener("statechange", () => {
      // Only an update waits; the very first install simply takes over.
      if (incoming.state === "installed" && navigator.serviceWorker.controller) announce();
    });
  });
  let reloading = false;
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (reloading || !window.otUpdateAccepted) return;
    reloading = true;
    window.location.reload();
  });
}

// A phone that never logged in has nothing to show: send it to the login page (online).
async function ensureSession() {
  if (await store.getMeta("session")) return;
  try {
    await sync.refreshSession();
    sync.sessionIsFresh();
  } catch (error) {
    if (error instanceof sync.NeedsLogin) {
      const here = window.location.pathname + window.location.search;
      window.location.assign(`/login?next=${encodeURIComponent(here)}`);
    }
  }
}

// Modules the pages import only when used (the voice recorder, the photo resizer…) stay out of
// the shell, yet must work offline the first time: once the service worker controls the page,
// fetch them through it, and it keeps them with the shell (sw.js: "/static/js/on_demand/").
const ON_DEMAND = ["attachments", "recorder", "media", "upload", "export", "storage"];

function keepOnDemandModules() {
  for (const name of ON_DEMAND) fetch(`/static/js/on_demand/${name}.js`).catch(() => {});
}

if (role === "app") {
  await ensureSession();
  registerServiceWorker().catch(() => {});
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  sync.start();
}
