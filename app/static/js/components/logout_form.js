// Logging out wipes this phone's copy, so it is refused while anything is unsent, unless the
// user first exports those items and then chooses to discard them.
import * as store from "/static/js/store.js";
import * as sync from "/static/js/sync.js";

export function logoutForm() {
  return {
    unsent: 0,
    exported: false,
    error: "",
    busy: false,

    async init() {
      this.unsent = await store.pendingCount();
      this.exported = Boolean(await store.getMeta("exported_at"));
    },

    get blocked() {
      return this.unsent > 0;
    },

    async exportAndDiscard() {
      const entries = await store.outboxEntries();
      const blob = new Blob([JSON.stringify({ exported_at: new Date().toISOString(), entries }, null, 2)], {
        type: "application/json",
      });
      const link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = `ontdekkingstocht-niet-verstuurd-${new Date().toISOString().slice(0, 10)}.json`;
      document.body.append(link);
      link.click();
      link.remove();
      await store.discardOutbox();
      this.unsent = 0;
    },

    async logout(event) {
      event.preventDefault();
      this.unsent = await store.pendingCount();
      if (this.unsent > 0) return;
      this.busy = true;
      try {
        await sync.logout();
        window.location.assign("/login?uitgelogd=1");
      } catch (error) {
        this.error = "Uitloggen lukt nu niet: er is geen verbinding. Probeer het zo opnieuw.";
        this.busy = false;
      }
    },
  };
}
