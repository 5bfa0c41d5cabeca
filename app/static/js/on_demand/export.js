// Save everything not yet sent to a file the user keeps (before discarding, or just to be
// safe): the outbox's changes and the bytes of photos and voice notes the server does not hold
// yet, as base64. Loaded only when asked for (kept offline by the service worker).
import * as store from "/static/js/store.js";

function base64(blob) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
}

export async function downloadOutbox() {
  const exportedAt = new Date().toISOString();
  const entries = await store.outboxEntries();
  const files = [];
  for (const file of await store.unsentFiles()) {
    const { blob, ...about } = file;
    files.push({ ...about, base64: await base64(blob) });
  }
  const blob = new Blob([JSON.stringify({ exported_at: exportedAt, entries, files }, null, 2)], {
    type: "application/json",
  });
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = `ontdekkingstocht-niet-verstuurd-${exportedAt.slice(0, 10)}.json`;
  document.body.append(link);
  link.click();
  link.remove();
}
