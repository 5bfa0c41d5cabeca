// Drives the outbox: push, then pull, whenever there is a chance. The page does this itself
// (Background Sync exists only in Chromium): on start, when the connection comes back (probed,
// not trusted from navigator.onLine), when the tab becomes visible, after each save, from the
// button, and on a timer with exponential backoff and jitter.
import * as store from "/static/js/store.js";

const BATCH = 200;
const BASE_DELAY = 15_000;
const MAX_DELAY = 5 * 60_000;

export const state = {
  running: false,
  pending: 0,
  rejected: 0,
  online: true,
  needsLogin: false,
  lastSync: null,
  error: null,
};

let failures = 0;
let timer = null;
let inFlight = null;

function publish() {
  window.dispatchEvent(new CustomEvent("ot-sync", { detail: { ...state } }));
}

async function refreshCounts() {
  const entries = await store.outboxEntries();
  state.rejected = entries.filter((e) => e.state === "rejected").length;
  state.pending = entries.length - state.rejected;
}

async function api(method, url, body) {
  const session = await store.getMeta("session");
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (session && session.csrf_token) headers["X-CSRF-Token"] = session.csrf_token;
  return fetch(url, {
    method,
    headers,
    credentials: "same-origin",
    cache: "no-store",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

export class NeedsLogin extends Error {}

async function push() {
  const device_id = await store.deviceId();
  for (;;) {
    const entries = (await store.outboxEntries()).filter((e) => e.state === "pending");
    if (entries.length === 0) return;
    const batch = entries.slice(0, BATCH);
    const response = await api("POST", "/api/sync/push", {
      device_id,
      changes: batch.map((e) => ({
        op_id: e.op_id,
        entity: e.entity,
        id: e.id,
        base_version: e.base_version,
        deleted: e.deleted,
        fields: e.fields,
      })),
    });
    if (response.status === 401) throw new NeedsLogin();
    if (!response.ok) throw new Error(`push ${response.status}`);
    const { results } = await response.json();
    await store.settle(results);
    if (batch.length < BATCH) return;
  }
}

async function pull() {
  for (let page = 0; page < 1000; page++) {
    const cursor = await store.getMeta("cursor");
    const query = cursor ? `?cursor=${encodeURIComponent(cursor)}&limit=500` : "?limit=500";
    const response = await api("GET", `/api/sync/pull${query}`);
    if (response.status === 401) throw new NeedsLogin();
    if (response.status === 410) {
      await store.resetSyncedRecords();
      continue;
    }
    if (!response.ok) throw new Error(`pull ${response.status}`);
    const body = await response.json();
    await store.applyPulled(body.changes, body.cursor);
    if (!body.more) return;
  }
}

export async function refreshSession() {
  const response = await api("GET", "/api/session");
  if (response.status === 401) throw new NeedsLogin();
  if (!response.ok) throw new Error(`session ${response.status}`);
  const session = await response.json();
  await store.setMeta("session", session);
  return session;
}

async function run() {
  state.running = true;
  state.error = null;
  publish();
  try {
    if (!(await store.getMeta("session"))) await refreshSession();
    await push();
    await pull();
    state.online = true;
    state.needsLogin = false;
    state.lastSync = new Date().toISOString();
    await store.setMeta("last_sync", state.lastSync);
    failures = 0;
  } catch (error) {
    if (error instanceof NeedsLogin) {
      state.needsLogin = true; // the outbox stays exactly as it is
    } else {
      state.online = false;
      state.error = String(error);
      failures += 1;
    }
  } finally {
    state.running = false;
    await refreshCounts();
    publish();
    schedule();
  }
}

export function syncNow() {
  if (!inFlight) {
    inFlight = run().finally(() => {
      inFlight = null;
    });
  }
  return inFlight;
}

function schedule() {
  clearTimeout(timer);
  const delay = Math.min(MAX_DELAY, BASE_DELAY * 2 ** Math.min(failures, 5));
  const jitter = delay * (0.5 + Math.random() / 2);
  timer = setTimeout(syncNow, jitter);
}

export async function start() {
  state.lastSync = (await store.getMeta("last_sync")) || null;
  await refreshCounts();
  publish();
  window.addEventListener("online", () => syncNow());
  window.addEventListener("offline", () => {
    state.online = false;
    publish();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") syncNow();
  });
  window.addEventListener("ot-saved", () => {
    refreshCounts().then(publish);
    syncNow();
  });
  syncNow();
}

export async function refresh() {
  await refreshCounts();
  publish();
}

export async function logout() {
  const response = await api("DELETE", "/api/session");
  if (!response.ok && response.status !== 401) throw new Error(`logout ${response.status}`);
  await store.wipe();
}
