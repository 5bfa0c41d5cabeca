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
  otherUser: null, // the name of the user whose unsent changes are on this phone
  lastSync: null,
  error: null,
  files: 0, // photos and voice notes whose bytes the server does not hold yet
  fileBytes: 0,
};

let failures = 0;
let timer = null;
let inFlight = null;
let again = false;

function publish() {
  window.dispatchEvent(new CustomEvent("ot-sync", { detail: { ...state } }));
}

async function refreshCounts() {
  const entries = await store.outboxEntries();
  state.rejected = entries.filter((e) => e.state === "rejected").length;
  state.pending = entries.length - state.rejected;
  const files = await store.unsentFiles();
  state.files = files.length;
  state.fileBytes = files.reduce((sum, f) => sum + f.size, 0);
}

export class Revoked extends Error {}

// A Blob body goes as raw bytes (a file's chunk), anything else as JSON.
export async function api(method, url, body) {
  const session = await store.getMeta("session");
  const headers = { Accept: "application/json", "X-Device-Id": await store.deviceId() };
  const raw = body instanceof Blob;
  if (body !== undefined) headers["Content-Type"] = raw ? "application/octet-stream" : "application/json";
  if (session && session.csrf_token) headers["X-CSRF-Token"] = session.csrf_token;
  const response = await fetch(url, {
    method,
    headers,
    credentials: "same-origin",
    cache: "no-store",
    body: body === undefined || raw ? body : JSON.stringify(body),
  });
  // This phone was revoked (lost, stolen, handed on): nothing on it may stay.
  if (response.headers.get("X-Wipe") === "1") throw new Revoked();
  return response;
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

// Photos' and voice notes' bytes, after the records (loaded only when some wait). A failed
// file waits for the next run; the records went anyway.
async function upload() {
  if ((await store.unsentFiles()).length === 0) return;
  try {
    await (await import("/static/js/on_demand/upload.js")).uploadFiles();
  } catch (error) {
    if (error instanceof NeedsLogin || error instanceof Revoked) throw error;
    state.error = String(error);
  }
}

export class OtherUser extends Error {}

let sessionChecked = false;

// Whose changes may go out with this login? Once per page load and after every new login:
// a different user logging in on this phone must never send or see the previous user's data.
async function checkUser() {
  const known = await store.getMeta("session");
  const session = await refreshSession();
  if (known && known.user.id !== session.user.id) {
    if ((await store.outboxEntries()).length > 0) {
      await store.setMeta("session", known); // the data stays tied to its author
      state.otherUser = known.user.name;
      throw new OtherUser();
    }
    await store.wipe();
    await store.setMeta("session", session);
    window.location.reload();
  }
  state.otherUser = null;
  sessionChecked = true;
}

// app.js fetched the session for a phone that had none: no one else's data is on it, so the
// first sync need not ask the server again (one round trip less before the first pull).
export function sessionIsFresh() {
  sessionChecked = true;
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
    if (!sessionChecked || state.needsLogin) await checkUser();
    await push();
    await pull();
    await upload();
    state.online = true;
    state.needsLogin = false;
    state.lastSync = new Date().toISOString();
    await store.setMeta("last_sync", state.lastSync);
    failures = 0;
  } catch (error) {
    if (error instanceof Revoked) {
      await store.wipe();
      window.location.replace("/login?apparaat=ingetrokken");
      return;
    }
    if (error instanceof NeedsLogin) {
      state.needsLogin = true; // the outbox stays exactly as it is
    } else if (error instanceof OtherUser) {
      // Nothing is sent or fetched until the author logs in again (or exports and discards).
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
  if (inFlight) {
    // A reason to sync arrived during a run (back online while a request was failing, a
    // save while pushing): run once more right after it, not only after the backoff.
    again = true;
    return inFlight;
  }
  inFlight = run().finally(() => {
    inFlight = null;
    if (again) {
      again = false;
      syncNow();
    }
  });
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
