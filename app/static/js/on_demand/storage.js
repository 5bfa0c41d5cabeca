// What the sync status says about the phone's storage, loaded once a status is shown: how
// little room is left (under 10% or 50 MB), and on iPhone and iPad in a Safari tab (not added
// to the home screen) that Safari clears a site's data after 7 days without use.
const MB = 1024 * 1024;

export const megabytes = (bytes) => `${(bytes / MB).toFixed(1).replace(".", ",")} MB`;

const IOS = /iP(hone|ad|od)/.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
export const IOS_TAB = IOS && !navigator.standalone;

export async function storageLeft() {
  if (!navigator.storage || !navigator.storage.estimate) return "";
  const { usage = 0, quota = 0 } = await navigator.storage.estimate().catch(() => ({}));
  const free = quota - usage;
  if (!quota || (free >= 50 * MB && free >= quota / 10)) return "";
  return `Nog ${megabytes(free)} vrij voor de app op deze telefoon. Verstuur je foto's en spraakmemo's zodra je verbinding hebt.`;
}
