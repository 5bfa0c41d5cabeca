// A voice note: the microphone through MediaRecorder, Opus in WebM where the browser has it,
// else MP4 (Safari). Pause and resume; the time counts only while recording; at the limit the
// recording stops by itself and says so. Loaded only when "Spraakmemo opnemen" is pressed.
import { t } from "/static/js/labels.js";

export const LIMIT_MS = 5 * 60_000;
const TYPES = ["audio/webm;codecs=opus", "audio/mp4"];

export class RecorderUnavailable extends Error {}

function pickType() {
  return TYPES.find((t) => MediaRecorder.isTypeSupported(t)) || "";
}

// Why the microphone could not be used, in words the buurtwerker can act on.
export function explain(error) {
  const name = error && error.name;
  if (error instanceof RecorderUnavailable) {
    return t("noRecorder");
  }
  if (name === "NotAllowedError" || name === "SecurityError") {
    return t("micDenied");
  }
  if (name === "NotFoundError" || name === "OverconstrainedError") {
    return t("noMic");
  }
  if (name === "NotReadableError") {
    return t("micBusy");
  }
  return t("recordFailed");
}

// onTick(elapsedMs) while recording; onLimit() when the limit stopped it.
export async function startRecording({ onTick, onLimit }) {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia || !window.MediaRecorder) {
    throw new RecorderUnavailable();
  }
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const mimeType = pickType();
  const recorder = new MediaRecorder(stream, mimeType ? { mimeType } : {});
  const parts = [];
  let elapsed = 0;
  let since = performance.now();
  let stopped = null;
  const running = () => recorder.state === "recording";
  const now = () => elapsed + (running() ? performance.now() - since : 0);
  const done = new Promise((resolve) => {
    recorder.addEventListener("stop", () => {
      stream.getTracks().forEach((t) => t.stop());
      clearInterval(ticker);
      const blob = new Blob(parts, { type: recorder.mimeType || mimeType || "audio/webm" });
      resolve({ blob, duration_ms: Math.round(elapsed) });
    });
  });
  recorder.addEventListener("dataavailable", (event) => {
    if (event.data && event.data.size) parts.push(event.data);
  });
  const ticker = setInterval(() => {
    const ms = now();
    onTick(ms);
    if (ms >= LIMIT_MS && running()) {
      stop();
      onLimit();
    }
  }, 250);
  function stop() {
    if (!stopped) {
      elapsed = Math.min(LIMIT_MS, now());
      stopped = done;
      recorder.stop();
    }
    return stopped;
  }
  recorder.start(1000);
  return {
    pause() {
      if (!running()) return;
      elapsed = now();
      recorder.pause();
    },
    resume() {
      if (recorder.state !== "paused") return;
      since = performance.now();
      recorder.resume();
    },
    stop,
    // Leaving the form mid-recording: let go of the microphone, keep nothing.
    cancel() {
      clearInterval(ticker);
      if (recorder.state !== "inactive") recorder.stop();
      stream.getTracks().forEach((t) => t.stop());
    },
  };
}
