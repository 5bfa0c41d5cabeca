// The device's own store (IndexedDB): synced records, the outbox of unsent changes, the bytes
// of photos and voice notes (files, by SHA-256, until the server confirms it holds them), and
// meta (session, cursor, device id, draft). Every save writes records, their outbox entries
// and their files in ONE transaction, before anything touches the network.
import { openDB, deleteDB } from "/static/vendor/idb-8.0.4/idb.js";

const DB_NAME = "ontdekkingstocht";
const DB_VERSION = 2;
let dbPromise = null;

export function db() {
  if (!dbPromise) {
    dbPromise = openDB(DB_NAME, DB_VERSION, {
      upgrade(database, oldVersion) {
        if (oldVersion < 1) {
          const records = database.createObjectStore("records", { keyPath: ["entity", "id"] });
          records.createIndex("entity", "entity");
          const outbox = database.createObjectStore("outbox", { keyPath: "seq", autoIncrement: true });
          outbox.createIndex("op_id", "op_id", { unique: true });
          outbox.createIndex("record", ["entity", "id"]);
          database.createObjectStore("meta");
        }
        if (oldVersion < 2) database.createObjectStore("files", { keyPath: "sha256" });
      },
      blocking() {
        // Another tab wants a newer schema: let it.
        if (dbPromise) dbPromise.then((d) => d.close());
        dbPromise = null;
      },
    });
  }
  return dbPromise;
}

export function uuid() {
  return crypto.randomUUID();
}

export async function getMeta(key) {
  return (await db()).get("meta", key);
}

export async function setMeta(key, value) {
  return (await db()).put("meta", value, key);
}

export async function deviceId() {
  let id = await getMeta("device_id");
  if (!id) {
    id = uuid();
    await setMeta("device_id", id);
  }
  return id;
}

export async function getRecord(entity, id) {
  return (await db()).get("records", [entity, id]);
}

export async function listRecords(entity) {
  const all = await (await db()).getAllFromIndex("records", "entity", entity);
  return all.filter((r) => !r.deleted);
}

// Record local changes: `changes` is a list of {entity, id, fields, deleted}. Creates have no
// base version; edits carry the version the device last saw. `files`: the bytes new
// attachments name. One IndexedDB transaction.
export async function saveLocal(changes, files = []) {
  // Plain data only: UI state may hold proxies, which IndexedDB cannot clone.
  changes = JSON.parse(JSON.stringify(changes));
  const database = await db();
  const tx = database.transaction(["records", "outbox", "files"], "readwrite");
  const records = tx.objectStore("records");
  const outbox = tx.objectStore("outbox");
  const now = new Date().toISOString();
  for (const f of files) {
    // The same bytes twice stay one file.
    if (await tx.objectStore("files").get(f.sha256)) continue;
    await tx.objectStore("files").put({
      sha256: f.sha256, blob: f.blob, media_type: f.media_type, size: f.size, kind: f.kind, created_at: now, sent: false,
    });
  }
  const gone = new Set();
  for (const change of changes) {
    const current = await records.get([change.entity, change.id]);
    if (change.deleted && current && change.entity === "attachment") gone.add(current.fields.sha256);
    const merged = { ...(current ? current.fields : {}), ...(change.fields || {}) };
    await records.put({
      entity: change.entity,
      id: change.id,
      version: current ? current.version : 0,
      deleted: Boolean(change.deleted),
      fields: merged,
      local_at: now,
      mine: true,
    });
    await outbox.add({
      op_id: uuid(),
      entity: change.entity,
      id: change.id,
      base_version: current && current.version > 0 ? current.version : null,
      deleted: Boolean(change.deleted),
      fields: change.deleted ? null : change.fields,
      created_at: now,
      state: "pending",
      reason: null,
    });
  }
  if (gone.size) await dropUnnamedFiles(records, tx.objectStore("files"), gone);
  await tx.done;
}

export async function outboxEntries() {
  return (await db()).getAll("outbox");
}

// Everything not yet on the server: changes and the bytes of photos and voice notes.
export async function pendingCount() {
  return (await (await db()).count("outbox")) + (await unsentFiles()).length;
}

export async function getFile(sha256) {
  return (await db()).get("files", sha256);
}

export async function unsentFiles() {
  return (await (await db()).getAll("files")).filter((f) => !f.sent);
}

// Only the server's "complete" answer marks a file sent; its bytes stay for showing.
export async function markFile(sha256, changes) {
  const database = await db();
  const tx = database.transaction("files", "readwrite");
  const file = await tx.store.get(sha256);
  if (file) await tx.store.put({ ...file, ...changes });
  await tx.done;
}

// A push answer: applied / duplicate / merged leave the outbox; rejected stays, with reason.
export async function settle(results) {
  const database = await db();
  const tx = database.transaction(["records", "outbox"], "readwrite");
  const outbox = tx.objectStore("outbox");
  const records = tx.objectStore("records");
  for (const result of results) {
    const entry = await outbox.index("op_id").get(result.op_id);
    if (!entry) continue;
    if (result.status === "rejected") {
      await outbox.put({ ...entry, state: "rejected", reason: result.reason });
      continue;
    }
    await outbox.delete(entry.seq);
    const record = await records.get([entry.entity, entry.id]);
    if (record && result.version && result.version > record.version) {
      await records.put({ ...record, version: result.version });
    }
  }
  await tx.done;
}

// Pulled changes update the store. A record with unsent local changes shows the pulled state
// with those changes laid on top (the server merges them when they arrive), so nothing pulled
// is skipped and the cursor can move on. A deletion always wins: the record is gone on the
// server, or no longer this user's to hold; unsent changes to it stay in the outbox and get
// their answer there.
export async function applyPulled(changes, cursor) {
  const database = await db();
  const tx = database.transaction(["records", "outbox", "meta", "files"], "readwrite");
  const records = tx.objectStore("records");
  // The unsent changes, in order, read once (the outbox is short) rather than once a record.
  const unsent = {};
  for (const entry of await tx.objectStore("outbox").getAll()) {
    if (entry.state !== "rejected") (unsent[`${entry.entity}/${entry.id}`] ||= []).push(entry);
  }
  const gone = new Set();
  const write = (change, current) => {
    const key = [change.entity, change.id];
    if (change.deleted) {
      if (current && change.entity === "attachment") gone.add(current.fields.sha256);
      return records.delete(key);
    }
    let fields = change.fields;
    let deleted = false;
    for (const entry of unsent[key.join("/")] || []) {
      if (entry.deleted) deleted = true;
      else fields = { ...fields, ...entry.fields };
    }
    return records.put({
      entity: change.entity,
      id: change.id,
      version: change.version,
      deleted,
      fields,
      local_at: current ? current.local_at : undefined,
      mine: current ? current.mine : false,
    });
  };
  // Requests go in groups, not one round trip each (a first pull is hundreds of records),
  // and groups small enough that storing one never blocks the page for long.
  for (let i = 0; i < changes.length; i += 32) {
    const group = changes.slice(i, i + 32);
    const current = await Promise.all(group.map((c) => records.get([c.entity, c.id])));
    await Promise.all(group.map((change, j) => write(change, current[j])));
  }
  if (gone.size) await dropUnnamedFiles(records, tx.objectStore("files"), gone);
  await tx.objectStore("meta").put(cursor, "cursor");
  await tx.done;
}

// An erased or deleted attachment takes its bytes with it, unless a live one names them too.
async function dropUnnamedFiles(records, files, candidates) {
  const named = new Set(
    (await records.index("entity").getAll("attachment")).filter((r) => !r.deleted).map((r) => r.fields.sha256)
  );
  for (const sha256 of candidates) if (sha256 && !named.has(sha256)) await files.delete(sha256);
}

// 410 Gone: the cursor is too old. Drop synced records (never the outbox) and start over.
export async function resetSyncedRecords() {
  const database = await db();
  const tx = database.transaction(["records", "outbox", "meta"], "readwrite");
  const pending = new Set((await tx.objectStore("outbox").getAll()).map((e) => `${e.entity}/${e.id}`));
  let cursor = await tx.objectStore("records").openCursor();
  while (cursor) {
    if (!pending.has(`${cursor.value.entity}/${cursor.value.id}`)) await cursor.delete();
    cursor = await cursor.continue();
  }
  await tx.objectStore("meta").delete("cursor");
  await tx.done;
}

// After exporting: the unsent changes and the unsent files' bytes leave the phone.
export async function discardOutbox() {
  const database = await db();
  const tx = database.transaction(["outbox", "files"], "readwrite");
  await tx.objectStore("outbox").clear();
  for (const file of await tx.objectStore("files").getAll()) if (!file.sent) await tx.objectStore("files").delete(file.sha256);
  await tx.done;
}

// Logout: nothing of the team stays on the phone.
export async function wipe() {
  if (dbPromise) (await dbPromise).close();
  dbPromise = null;
  await deleteDB(DB_NAME);
}
