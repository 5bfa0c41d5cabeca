// The honest sync state, always visible: what is safe on the phone, what still has to go,
// what the server refused and why; sync now; export what is unsent to a file.
import * as sync from "/static/js/sync.js";
import * as store from "/static/js/store.js";
import { label, labelsReady, t } from "/static/js/labels.js";

// "14:05", as nl-NL writes a clock time; by hand, because the first Intl formatter of a page
// costs more than the rest of the sync status together.
function clock(iso) {
  if (!iso) return "";
  const time = new Date(iso);
  return [time.getHours(), time.getMinutes()].map((n) => String(n).padStart(2, "0")).join(":");
}

export function syncStatus() {
  return {
    pending: 0,
    rejected: 0,
    running: false,
    online: true,
    needsLogin: false,
    otherUser: null,
    lastSync: null,
    files: 0,
    fileSize: "",
    storageLow: "",
    iosTab: false,
    entries: [],
    updateReady: null,
    here: "",

    init() {
      window.addEventListener("ot-sync", (event) => this.apply(event.detail));
      window.addEventListener("ot-update", (event) => {
        this.updateReady = event.detail;
      });
      this.apply(sync.state);
    },

    async apply(detail) {
      // Where to come back to after logging in: Vandaag can replace the form without a load.
      this.here = window.location.pathname;
      this.pending = detail.pending;
      this.rejected = detail.rejected;
      this.running = detail.running;
      this.online = detail.online;
      this.needsLogin = detail.needsLogin;
      this.otherUser = detail.otherUser;
      this.lastSync = detail.lastSync;
      this.files = detail.files;
      // Files' sizes, room left, iOS: on demand (without it, the counts alone).
      const storage = await import("/static/js/on_demand/storage.js").catch(() => null);
      await labelsReady;
      const entries = (await store.outboxEntries()).map((e) => ({
        key: e.op_id,
        what: describe(e),
        rejected: e.state === "rejected",
        reason: e.reason || "",
      }));
      if (storage) entries.push(...(await storage.describeFiles(this, detail.fileBytes)));
      this.entries = entries;
    },

    get message() {
      const parts = [];
      if (this.pending) parts.push(t("unsent", { n: this.pending }));
      if (this.rejected) parts.push(t("refused", { n: this.rejected }));
      if (this.files) parts.push(t(this.files === 1 ? "oneFile" : "files", { n: this.files, size: this.fileSize }));
      const counts = parts.length ? parts.join(", ") : t("allSaved");
      if (this.otherUser) return t("otherUser", { counts, name: this.otherUser });
      if (this.needsLogin) return t("loginAgain", { counts });
      return counts;
    },

    get detail() {
      if (this.running) return t("sending");
      if (this.otherUser) return t("waiting");
      if (!this.online) return t("offline");
      return this.lastSync ? t("lastSync", { time: clock(this.lastSync) }) : "";
    },

    get hasEntries() {
      return this.entries.length > 0;
    },

    get loginHref() {
      return `/login?next=${encodeURIComponent(this.here)}`;
    },

    syncNow() {
      sync.syncNow();
    },

    async exportUnsent() {
      await (await import("/static/js/on_demand/export.js")).downloadOutbox();
    },

    update() {
      if (!this.updateReady || !this.updateReady.waiting) return;
      window.otUpdateAccepted = true;
      this.updateReady.waiting.postMessage({ type: "SKIP_WAITING" });
    },
  };
}


function describe(entry) {
  const fields = entry.fields || {};
  if (entry.entity === "attachment") return `${t("attachment")}${entry.deleted ? ` (${t("deleted")})` : ""}`;
  const text = fields.summary || fields.title || fields.description || fields.what || fields.recognition || "";
  const action = t(entry.deleted ? "deleted" : entry.base_version ? "changed" : "new");
  return `${label("entity", entry.entity)} (${action})${text ? ": " + text.slice(0, 60) : ""}`;
}
