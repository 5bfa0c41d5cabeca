// Photos and voice notes in the capture form: the part of them that lives in the shell (a
// mixin of captureForm) — the form state, the wire fields and what saving needs. Everything
// else (recording, resizing, hashing, the buttons' work) is in on_demand/attachments.js,
// imported at the first press or when a conversation with attachments opens; the bytes go
// into the store in the same transaction as the records that name them (captureForm.save).
import * as store from "/static/js/store.js";

export const MEDIA_WORDS = { photo: "Foto", voice: "Spraakmemo" };
// What the form calls; each loads the on-demand part first.
const ACTIONS = [
  "startVoice", "pauseVoice", "resumeVoice", "stopVoice", "pickPhoto", "addPhoto", "removeAttachment",
  "mediaWord", "attachmentVisibility", "photoPeople", "togglePhotoPerson", "restoreDraftFiles", "loadAttachments",
];
let part = null;

// "op deze telefoon" until the server confirms it holds the bytes.
export function mediaState(file) {
  return file ? (file.sent ? "verstuurd" : "op deze telefoon") : "niet op deze telefoon";
}

export function attachmentFields(a, conversationId) {
  const fields = { caption: a.caption.trim(), visibility: a.visibility };
  if (a.kind === "photo") fields.person_ids = a.person_ids;
  if (a.existing) return fields;
  return {
    ...fields,
    conversation_id: conversationId,
    kind: a.kind,
    sha256: a.sha256,
    media_type: a.media_type,
    size: a.size,
    ...(a.kind === "voice" ? { duration_ms: a.duration_ms } : {}),
  };
}

export function forgetDraftFiles() {
  return store.setMeta("capture_draft_files", null);
}

export function captureMedia() {
  const mixin = {
    attachments: [],
    removedAttachments: [],
    draftFiles: [],
    voice: { state: "idle", clock: "0:00", message: "" },
    photoMessage: "",

    mediaChanges(conversationId) {
      const changes = [];
      for (const a of this.attachments) {
        const fields = attachmentFields(a, conversationId);
        if (a.existing) this.addChange(changes, "attachment", a, fields);
        else changes.push({ entity: "attachment", id: a.id, fields });
      }
      for (const a of this.removedAttachments) changes.push({ entity: "attachment", id: a.id, deleted: true });
      return { changes, files: this.draftFiles.map((f) => ({ ...f })) };
    },
  };
  for (const name of ACTIONS) {
    mixin[name] = function (...args) {
      if (part) return part[name].apply(this, args);
      return import("/static/js/on_demand/attachments.js").then((loaded) => {
        part = loaded;
        return part[name].apply(this, args);
      });
    };
  }
  return mixin;
}
