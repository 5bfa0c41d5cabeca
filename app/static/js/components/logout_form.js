// Logging out wipes this phone's copy, so it is refused while anything is unsent, unless the
// user first exports those items and then chooses to discard them. Only the logout page loads
// this (it needs a connection anyway), so it stays out of the shell.
import * as store from "/static/js/store.js";
import * as sync from "/static/js/sync.js";
import { t } from "/static/js/labels.js";

// Logging out wipes the phone, except when what is on it belongs to someone else (see
// checkUser in sync.js): then only this login ends, and the data waits for its author.
async function logOut({ keepData = false } = {}) {
  const response = await sync.api("DELETE", "/api/session");
  if (!response.ok && response.status !== 401) throw new Error(`logout ${response.status}`);
  if (!keepData) await store.wipe();
}

// The name of the user whose data is on this phone, when someone else is logged in now.
async function otherUserOnPhone() {
  const known = await store.getMeta("session");
  if (!known) return null;
  try {
    const response = await sync.api("GET", "/api/session");
    if (!response.ok) return null;
    const session = await response.json();
    return session.user.id === known.user.id ? null : known.user.name;
  } catch {
    return null;
  }
}

export function logoutForm() {
  return {
    unsent: 0,
    otherUser: null,
    error: "",
    busy: false,

    async init() {
      this.unsent = await store.pendingCount();
      this.otherUser = await otherUserOnPhone();
    },

    get blocked() {
      return this.unsent > 0 && !this.otherUser;
    },

    async exportAndDiscard() {
      await (await import("/static/js/on_demand/export.js")).downloadOutbox();
      await store.discardOutbox();
      this.unsent = 0;
    },

    async logout(event) {
      event.preventDefault();
      this.unsent = await store.pendingCount();
      if (this.blocked) return;
      this.busy = true;
      try {
        await logOut({ keepData: Boolean(this.otherUser) });
        window.location.assign("/login?uitgelogd=1");
      } catch (error) {
        this.error = t("logoutOffline");
        this.busy = false;
      }
    },
  };
}

document.addEventListener("alpine:init", () => window.Alpine.data("logoutForm", logoutForm));
