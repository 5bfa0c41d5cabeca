// Logging out wipes this phone's copy, so it is refused while anything is unsent, unless the
// user first exports those items and then chooses to discard them. Only the logout page loads
// this (it needs a connection anyway), so it stays out of the shell.
import * as store from "/static/js/store.js";
import * as sync from "/static/js/sync.js";

export function logoutForm() {
  return {
    unsent: 0,
    otherUser: null,
    error: "",
    busy: false,

    async init() {
      this.unsent = await store.pendingCount();
      this.otherUser = await sync.otherUserOnPhone();
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
        await sync.logout({ keepData: Boolean(this.otherUser) });
        window.location.assign("/login?uitgelogd=1");
      } catch (error) {
        this.error = "Uitloggen lukt nu niet: er is geen verbinding. Probeer het zo opnieuw.";
        this.busy = false;
      }
    },
  };
}

document.addEventListener("alpine:init", () => window.Alpine.data("logoutForm", logoutForm));
