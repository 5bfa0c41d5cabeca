// The capture form's work with photos and voice notes: `formMethods`, which captureForm takes
// on when it opens (the shell holds only their state), called with the form as `this`.
// Record, pause, stop and play back a voice note; add a photo made small and EXIF-free; who
// is on it and who may see it; the wire fields; the draft's unsaved bytes.
import * as store from "/static/js/store.js";
import { t } from "/static/js/labels.js";
import { explain, startRecording } from "/static/js/on_demand/recorder.js";
import { MEDIA_WORDS, fileFor, mediaState, photoFrom } from "/static/js/on_demand/media.js";

const DRAFT_FILES = "capture_draft_files";
let recording = null; // the running recorder (not form state)

export function forgetDraftFiles() {
  return store.setMeta(DRAFT_FILES, null);
}

function attachmentFields(a, conversationId) {
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

// The form's attachments as changes, and the bytes of the new ones (saved in one go).
export function mediaChanges(conversationId) {
  // Photos and voice notes are worth asking the browser not to clear this site's storage.
  if (this.draftFiles.length && navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => false);
  const changes = [];
  for (const a of this.attachments) {
    const fields = attachmentFields(a, conversationId);
    if (a.existing) this.addChange(changes, "attachment", a, fields);
    else changes.push({ entity: "attachment", id: a.id, fields });
  }
  for (const a of this.removedAttachments) changes.push({ entity: "attachment", id: a.id, deleted: true });
  return { changes, files: this.draftFiles.map((f) => ({ ...f })) };
}

function clock(ms) {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

export function mediaWord(a) {
  return MEDIA_WORDS[a.kind];
}

// Where the bytes are, and how long a voice note is (a recording's player often cannot tell
// before it has played it through).
export function mediaLine(a) {
  return a.kind === "voice" && a.duration_ms ? `${clock(a.duration_ms)} · ${a.state}` : a.state;
}

// A voice note is never for the krachtenoverzicht.
export function attachmentVisibility(a) {
  return a.kind === "voice" ? this.visibilityOptions.filter((o) => o.value !== "overview") : this.visibilityOptions;
}

// Only people whose consent covers photos can be marked as being on one (and anyone marked
// can be unmarked, also after their consent ended).
export function photoPeople(a) {
  return this.selectedPeople.map((p) => {
    const scopes = (p.fields.consent && p.fields.consent.scopes) || [];
    return { id: p.id, label: p.label, on: a.person_ids.includes(p.id), allowed: scopes.includes("photo") };
  });
}

export function togglePhotoPerson(a, p) {
  if (!p.allowed && !p.on) return;
  a.person_ids = p.on ? a.person_ids.filter((id) => id !== p.id) : [...a.person_ids, p.id];
  this.saveDraft();
}

export async function startVoice() {
  this.voice = { state: "starting", clock: "0:00", message: "" };
  try {
    recording = await startRecording({
      onTick: (ms) => { this.voice.clock = clock(ms); },
      onLimit: () => finishVoice.call(this, t("voiceLimit")),
    });
    this.voice.state = "recording";
  } catch (error) {
    this.voice = { state: "idle", clock: "0:00", message: explain(error) };
  }
}

export function pauseVoice() {
  recording.pause();
  this.voice.state = "paused";
}

export function resumeVoice() {
  recording.resume();
  this.voice.state = "recording";
}

export function stopVoice() {
  return finishVoice.call(this, "");
}

async function finishVoice(message) {
  if (!recording) return;
  const current = recording;
  recording = null;
  const { blob, duration_ms } = await current.stop();
  this.voice = { state: "idle", clock: "0:00", message };
  if (!blob.size) {
    this.voice.message = t("nothingRecorded");
    return;
  }
  await addAttachment.call(this, await fileFor(blob, "voice"), { duration_ms, visibility: "private" });
}

export function pickPhoto() {
  this.$refs.photoInput.click();
}

export async function addPhoto(event) {
  const input = event.target;
  const chosen = input.files && input.files[0];
  input.value = ""; // the same photo can be chosen again
  if (!chosen) return;
  this.photoMessage = t("resizing");
  try {
    const blob = await photoFrom(chosen);
    await addAttachment.call(this, await fileFor(blob, "photo"), { person_ids: [], visibility: "team" });
    this.photoMessage = "";
  } catch (error) {
    this.photoMessage = error.message;
  }
}

// Shown once the draft holds it (bytes and all): what the phone shows, a closed tab keeps.
async function addAttachment(file, extra) {
  const key = store.uuid();
  this.attachments.push({
    key, id: store.uuid(), existing: false, kind: file.kind, sha256: file.sha256,
    media_type: file.media_type, size: file.size, caption: "", person_ids: [],
    url: "", state: t("notSaved"), ...extra,
  });
  this.draftFiles.push(file);
  await saveDraftFiles.call(this);
  const added = this.attachments.find((a) => a.key === key);
  if (added) added.url = URL.createObjectURL(file.blob);
}

export async function removeAttachment(key) {
  const a = this.attachments.find((x) => x.key === key);
  if (a && a.existing) this.removedAttachments.push(a);
  this.attachments = this.attachments.filter((x) => x.key !== key);
  await saveDraftFiles.call(this);
}

// The form's unsaved photos and voice notes outlive a closed tab, like the rest of the draft.
async function saveDraftFiles() {
  this.draftFiles = this.draftFiles.filter((f) => this.attachments.some((a) => !a.existing && a.sha256 === f.sha256));
  if (!this.editingId) await store.setMeta(DRAFT_FILES, this.draftFiles.map((f) => ({ ...f })));
  await this.saveDraft();
}

export async function restoreDraftFiles(saved) {
  this.draftFiles = (await store.getMeta(DRAFT_FILES)) || [];
  for (const a of saved) {
    const file = this.draftFiles.find((f) => f.sha256 === a.sha256);
    if (file) this.attachments.push({ ...a, url: URL.createObjectURL(file.blob) });
  }
}

export async function loadAttachments(conversationId) {
  const records = (await store.listRecords("attachment")).filter((r) => r.fields.conversation_id === conversationId);
  this.attachments = await Promise.all(records.map(async (r) => {
    const file = await store.getFile(r.fields.sha256);
    return {
      key: r.id, id: r.id, existing: true, original: r.fields, ...r.fields,
      caption: r.fields.caption || "", person_ids: [...(r.fields.person_ids || [])],
      url: file ? URL.createObjectURL(file.blob) : `/bestanden/${r.id}`, state: mediaState(file),
    };
  }));
}

export const formMethods = {
  startVoice, pauseVoice, resumeVoice, stopVoice, pickPhoto, addPhoto, removeAttachment, mediaWord, mediaLine,
  attachmentVisibility, photoPeople, togglePhotoPerson, restoreDraftFiles, loadAttachments, mediaChanges,
  forgetDraftFiles,
};
