// Photos and voice notes: what they are called and where their bytes are ("op deze
// telefoon" until the server confirms it holds them), and how they become attachments: a
// photo is drawn anew (longest side at most 1600 px, JPEG 0.85), which leaves every byte of
// EXIF behind, GPS included, before anything is stored; the final bytes are named by their
// SHA-256. Loaded on demand (the form, Vandaag, the sync status).
import * as store from "/static/js/store.js";
import { t } from "/static/js/labels.js";

const LONGEST_SIDE = 1600;
export const MEDIA_WORDS = { get photo() { return t("photo"); }, get voice() { return t("voice"); } };
const MEDIA_ICONS = { photo: "📷", voice: "🎙" };

export function mediaState(file) {
  return t(file ? (file.sent ? "sent" : "onPhone") : "notOnThisPhone");
}

// Vandaag: each photo and voice note of a conversation, with where its bytes are.
export async function mediaByConversation() {
  const byConversation = {};
  for (const r of await store.listRecords("attachment")) {
    (byConversation[r.fields.conversation_id] ||= []).push({
      id: r.id,
      icon: MEDIA_ICONS[r.fields.kind],
      text: `${MEDIA_WORDS[r.fields.kind]}: ${mediaState(await store.getFile(r.fields.sha256))}`,
    });
  }
  return byConversation;
}

export async function sha256Hex(blob) {
  const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function photoFrom(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: "from-image" });
  } catch {
    throw new Error(t("unreadablePhoto"));
  }
  const scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement("canvas");
  canvas.width = Math.max(1, Math.round(bitmap.width * scale));
  canvas.height = Math.max(1, Math.round(bitmap.height * scale));
  canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/jpeg", 0.85));
  if (!blob) throw new Error(t("resizeFailed"));
  return blob;
}

// The bytes as the store keeps them (files) and the form shows them (an object URL).
export async function fileFor(blob, kind) {
  return {
    sha256: await sha256Hex(blob),
    blob,
    // The server keeps the type without codec parameters; so does the phone.
    media_type: blob.type.split(";")[0].trim(),
    size: blob.size,
    kind,
  };
}
