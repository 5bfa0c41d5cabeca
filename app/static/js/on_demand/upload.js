// Sends the bytes of photos and voice notes in chunks that survive anything: a dropped
// connection, a killed server, a closed app. The server is the source of truth for which
// chunks it holds, so every attempt first asks it (POST /api/files answers with the chunks
// received) and sends only the rest, one at a time. A file counts as sent only on the server's
// "complete"; one the server already holds is never sent again. Loaded by sync.js when there
// is something to send.
import * as store from "/static/js/store.js";
import { NeedsLogin, api } from "/static/js/sync.js";

class UploadError extends Error {}

async function answer(response, what) {
  if (response.status === 401) throw new NeedsLogin();
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = new UploadError(body.detail || `${what} ${response.status}`);
    error.status = response.status;
    error.body = body;
    throw error;
  }
  return body;
}

async function sendChunks(file, status, only) {
  const count = Math.ceil(file.size / status.chunk_size);
  const received = new Set(status.received);
  for (let index = 0; index < count; index++) {
    if (received.has(index) || (only && !only.includes(index))) continue;
    const start = index * status.chunk_size;
    const chunk = file.blob.slice(start, Math.min(file.size, start + status.chunk_size));
    status = await answer(await api("PUT", `/api/files/${file.sha256}/chunks/${index}`, chunk), "chunk");
  }
  return status;
}

async function complete(file) {
  return answer(await api("POST", `/api/files/${file.sha256}/complete`), "complete");
}

async function uploadFile(file, retried = false) {
  const start = { sha256: file.sha256, size: file.size, media_type: file.media_type };
  let status = await answer(await api("POST", "/api/files", start), "start");
  if (status.complete) return status;
  status = await sendChunks(file, status);
  try {
    return await complete(file);
  } catch (error) {
    if (!(error instanceof UploadError)) throw error;
    // Chunks went missing on the way (or were never stored): send exactly those, once more.
    if (error.status === 409 && Array.isArray(error.body.missing)) {
      await sendChunks(file, { ...status, received: [] }, error.body.missing);
      return complete(file);
    }
    // The bytes did not add up to their hash: the server threw them away; start over, once.
    if (error.status === 422 && !retried) return uploadFile(file, true);
    throw error;
  }
}

// Every file not yet sent, oldest first. The server refusing one file does not stop the
// others; its first refusal is reported after all were tried.
export async function uploadFiles() {
  const files = (await store.unsentFiles()).sort((a, b) => (a.created_at < b.created_at ? -1 : 1));
  let failure = null;
  for (const about of files) {
    const file = await store.getFile(about.sha256); // the newest state, with its bytes
    if (!file || file.sent) continue;
    try {
      const status = await uploadFile(file);
      if (status.complete) await store.markFile(file.sha256, { sent: true, refused: null });
    } catch (error) {
      // No connection, a login to renew, a revoked phone: stop here; the next sync goes on.
      if (!(error instanceof UploadError)) throw error;
      // A refusal the phone cannot mend by trying again (too large, storage full, a type
      // the server does not take) is shown with the server's reason.
      if ([413, 415, 422].includes(error.status)) {
        await store.markFile(file.sha256, { refused: error.message });
      }
      failure = failure || error;
    }
  }
  if (failure) throw failure;
}
