// Vandaag, from the phone's own store: works the same with or without a connection.
import * as store from "/static/js/store.js";
import * as sync from "/static/js/sync.js";
import { label, labelsReady, t } from "/static/js/labels.js";


// Two formatters, made once (toLocaleString would build one per date shown).
const formats = {};

function when(iso, withTime) {
  if (!iso) return "";
  const options = { weekday: "long", day: "numeric", month: "long" };
  if (withTime) Object.assign(options, { hour: "2-digit", minute: "2-digit" });
  formats[withTime] = formats[withTime] || new Intl.DateTimeFormat(document.documentElement.lang, options);
  return formats[withTime].format(new Date(iso));
}

// A phone's very first visit has nothing stored yet: wait (briefly) for the first sync, so
// the lists appear once, filled, instead of appearing empty and then jumping.
function finished(s) {
  return !s.running && Boolean(s.lastSync || s.error || s.needsLogin || !s.online);
}

function firstSync() {
  return new Promise((resolve) => {
    if (finished(sync.state)) {
      resolve();
      return;
    }
    const done = (event) => {
      if (event && !finished(event.detail)) return;
      window.removeEventListener("ot-sync", done);
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, 4000);
    window.addEventListener("ot-sync", done);
  });
}

function whoOf(person) {
  if (!person) return "";
  return person.first_name ? `${person.first_name} (${person.pseudonym})` : person.pseudonym || "";
}

// Photos and voice notes with where their bytes are (an on-demand module).
let mediaPart = null;

export function today() {
  return {
    name: "",
    loaded: false,
    loggedOut: false,
    savedNotice: false,
    conversations: [],
    followUps: [],
    talkTo: [],
    // Ticked off during this visit: can be opened again until the page is left.
    justDone: [],

    async init() {
      // Asked for now, not after the first sync: on a first visit it arrives meanwhile.
      mediaPart = import("/static/js/on_demand/media.js").catch(() => null);
      this.savedNotice = new URLSearchParams(window.location.search).has("opgeslagen");
      if (!(await store.getMeta("session"))) await firstSync();
      await this.load();
      window.addEventListener("ot-sync", () => this.load());
      // Just saved (see captureForm.showToday): send it once the list is on screen, so the
      // sync's reads of the store do not go before the list's.
      if (this.savedNotice) window.dispatchEvent(new CustomEvent("ot-saved"));
    },

    async load() {
      await labelsReady;
      const session = await store.getMeta("session");
      this.loggedOut = !session;
      if (session) this.name = session.user.name.split(" ")[0];
      const buurten = Object.fromEntries(((session && session.neighbourhoods) || []).map((n) => [n.id, n.name]));
      const me = session ? session.user.id : null;
      const conversations = await store.listRecords("conversation");
      const media = await mediaPart.then((m) => m.mediaByConversation()).catch(() => ({}));
      this.conversations = conversations
        .sort((a, b) => (a.fields.occurred_at < b.fields.occurred_at ? 1 : -1))
        .slice(0, 20)
        .map((r) => ({
          id: r.id,
          href: `/gesprekken/nieuw?bewerk=${r.id}`,
          meta: `${when(r.fields.occurred_at, true)} · ${buurten[r.fields.neighbourhood_id] || ""}`,
          summary: (r.fields.summary || "").slice(0, 140),
          place: r.fields.place || label("conversation_kind", r.fields.kind),
          media: media[r.id] || [],
        }));
      const todayIso = new Date().toISOString().slice(0, 10);
      const people = Object.fromEntries((await store.listRecords("person")).map((r) => [r.id, r.fields]));
      const open = (await store.listRecords("follow_up"))
        .filter((r) => !r.fields.done_at && (!r.fields.owner_id || r.fields.owner_id === me))
        .sort((a, b) => ((a.fields.due_on || "9999") > (b.fields.due_on || "9999") ? 1 : -1));
      const item = (r) => ({
        id: r.id,
        what: r.fields.what,
        who: whoOf(people[r.fields.person_id]),
        due: r.fields.due_on
          ? t(r.fields.due_on < todayIso ? "openSince" : "plannedFor", { day: when(r.fields.due_on, false) })
          : "",
      });
      this.followUps = open.filter((r) => r.fields.kind !== "talk_to").slice(0, 20).map(item);
      this.talkTo = open.filter((r) => r.fields.kind === "talk_to").slice(0, 20).map(item);
      this.loaded = true;
    },

    // Saved like a capture: the store and the outbox in one go, sent at the next sync.
    async markDone(item, kind) {
      await store.saveLocal([{ entity: "follow_up", id: item.id, fields: { done_at: new Date().toISOString() } }]);
      this.followUps = this.followUps.filter((f) => f.id !== item.id);
      this.talkTo = this.talkTo.filter((f) => f.id !== item.id);
      this.justDone = [{ ...item, kind }, ...this.justDone.filter((f) => f.id !== item.id)];
      window.dispatchEvent(new CustomEvent("ot-saved"));
    },
    async reopen(item) {
      await store.saveLocal([{ entity: "follow_up", id: item.id, fields: { done_at: null } }]);
      this.justDone = this.justDone.filter((f) => f.id !== item.id);
      await this.load();
      window.dispatchEvent(new CustomEvent("ot-saved"));
    },
    doneLabel(item) {
      return t(item.kind === "talk_to" ? "talked" : "done", item);
    },

    get greeting() {
      return this.name ? t("hello", this) : t("today");
    },
  };
}
