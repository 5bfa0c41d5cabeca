// What the sync status says about files and the phone's storage, loaded once a status is
// shown: the files not sent yet and their size, how little room is left (under 10% or 50 MB),
// and on iPhone and iPad in a Safari tab (not added to the home screen) that Safari clears a
// site's data after 7 days without use.
import * as store from "/static/js/store.js";
import { t } from "/static/js/labels.js";
import { MEDIA_WORDS } from "/static/js/on_demand/media.js";

const MB = 1024 * 1024;

const megabytes = (bytes) => `${new Intl.NumberFormat(document.documentElement.lang, { maximumFractionDigits: 1, minimumFractionDigits: 1 }).format(bytes / MB)} MB`;

const IOS = /iP(hone|ad|od)/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
const IOS_TAB = IOS && !navigator.standalone;

async function storageLeft() {
  if (!navigator.storage || !navigator.storage.estimate) return "";
  const { usage = 0, quota = 0 } = await navigator.storage.estimate().catch(() => ({}));
  const free = quota - usage;
  if (!quota || (free >= 50 * MB && free >= quota / 10)) return "";
  return t("storageLow", { size: megabytes(free) });
}

// Fills in the sync status (`status`): the unsent files' total size, room left, the iOS
// warning; returns each unsent file for the list of what is not sent (with the server's
// reason if it refused one).
export async function describeFiles(status, bytes) {
  status.fileSize = ` (${megabytes(bytes)})`;
  status.storageLow = await storageLeft();
  status.iosTab = IOS_TAB;
  return (await store.unsentFiles()).map((f) => ({
    key: f.sha256,
    what: `${MEDIA_WORDS[f.kind]} (${megabytes(f.size)})`,
    rejected: Boolean(f.refused),
    reason: f.refused || "",
  }));
}
