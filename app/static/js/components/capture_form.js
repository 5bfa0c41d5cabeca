// "Nieuw gesprek": log a conversation in under a minute, online or not. Saving writes the
// records and their outbox entries to IndexedDB in one transaction; an unfinished capture
// is kept as a draft; an own conversation can be opened again, changed or deleted. The
// fields of each discovery kind open only once a card of that kind is added; how the form's
// records map onto the wire is in capture_fields.js.
import * as store from "/static/js/store.js";
import { hint, loadRules } from "/static/js/sensitive.js";
import { label, labelsReady, options, t } from "/static/js/labels.js";
import {
  CONSENT_SCOPES,
  blankAsk,
  blankDiscovery,
  blankFollowUp,
  blankNewPerson,
  blankTalkTo,
  changedFields,
  discoveryFields,
  discoveryFromRecord,
  followUpFields,
  followUpFromRecord,
  inSaveOrder,
  isLinkable,
  newPersonFields,
  referencedPeople,
  toggleScope,
  validate,
} from "/static/js/capture_fields.js";

// The order the capture form offers them in; their words come from /labels.json.
const CONVERSATION_KINDS = ["street", "appointment", "home_visit", "during_activity", "group", "phone"];
const DISCOVERY_KINDS = ["quality", "connection", "idea", "group", "place", "story", "institution", "exchange"];
const DRAFT_KEY = "capture_draft";
const MATCHES = 6;

function localInputValue(date) {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return shifted.toISOString().slice(0, 16);
}

function personLabel(fields) {
  const name = fields.first_name ? `${fields.first_name} (${fields.pseudonym || "nieuw"})` : fields.pseudonym || "nieuwe bewoner";
  return fields.recognition ? `${name} · ${fields.recognition}` : name;
}

function matchesQuery(texts, query) {
  return texts.filter(Boolean).some((text) => text.toLowerCase().includes(query));
}

export function captureForm() {
  return {
    kinds: [],
    languages: [],
    discoveryKinds: [],
    connectionStatuses: [],
    ideaPhases: [],
    dimensionOptions: [],
    willingnessOptions: [],
    qualityTypeOptions: [],
    offerOptions: [],
    placeTypeOptions: [],
    exchangeTypeOptions: [],
    connectionKindOptions: [],
    visibilityOptions: [],
    askStatusOptions: [],
    scopeOptions: [],

    editingId: null,
    original: null,
    occurredAt: localInputValue(new Date()),
    neighbourhoodId: "",
    neighbourhoods: [],
    place: "",
    recentPlaces: [],
    kind: "street",
    language: "",
    search: "",
    people: [],
    selected: [],
    newPerson: null,
    unnamedCount: 0,
    summary: "",
    referrals: "",
    showReferrals: false,
    discoveries: [],
    removedDiscoveries: [],
    followUps: [],
    talkTo: [],
    removedFollowUps: [],
    themes: [],
    prompts: [],
    promptIds: [],
    promptsOpen: false,
    linkables: [],
    error: "",
    saving: false,
    saved: false,
    ready: false,
    typedEarly: false,
    sensitive: null,
    // Photos and voice notes: their methods come with on_demand/attachments.js (see init).
    mediaReady: false,
    attachments: [],
    removedAttachments: [],
    draftFiles: [],
    voice: { state: "idle", clock: "0:00", message: "" },
    photoMessage: "",

    async init() {
      // Back or forward between the form and Vandaag shown in its place (showToday): the page
      // that address opens, afresh.
      window.addEventListener("popstate", () => { if ((location.pathname === "/") !== this.saved) location.reload(); });
      loadRules().then((rules) => { this.sensitive = rules; });
      const mediaPart = import("/static/js/on_demand/attachments.js").catch(() => null);
      await labelsReady;
      this.kinds = options("conversation_kind", CONVERSATION_KINDS);
      this.languages = options("conversation_language");
      this.discoveryKinds = options("discovery_kind", DISCOVERY_KINDS);
      this.connectionStatuses = options("connection_status");
      this.ideaPhases = options("idea_phase");
      this.dimensionOptions = options("dimension");
      this.willingnessOptions = options("willingness");
      this.qualityTypeOptions = options("quality_type");
      this.offerOptions = options("offer");
      this.placeTypeOptions = options("place_type");
      this.exchangeTypeOptions = options("exchange_type");
      this.connectionKindOptions = options("connection_kind");
      this.visibilityOptions = options("visibility", ["private", "team", "overview"]);
      this.askStatusOptions = options("ask_status");
      this.scopeOptions = CONSENT_SCOPES.map((value) => ({
        value,
        label: label("consent_scope", value),
        meaning: label("consent_scope_meaning", value),
      }));
      const session = await store.getMeta("session");
      this.neighbourhoods = (session && session.neighbourhoods) || [];
      this.themes = (await store.listRecords("theme"))
        .sort((a, b) => a.fields.position - b.fields.position)
        .map((t) => ({ id: t.id, name: t.fields.name }));
      this.prompts = (await store.listRecords("prompt"))
        .sort((a, b) => a.fields.position - b.fields.position)
        .map((p) => ({ id: p.id, text: p.fields.text, group: label("prompt_group", p.fields.group) }));
      await this.loadPeople();
      const conversations = await store.listRecords("conversation");
      this.recentPlaces = [...new Set(
        conversations
          .sort((a, b) => (a.fields.occurred_at < b.fields.occurred_at ? 1 : -1))
          .map((c) => c.fields.place)
          .filter(Boolean)
      )].slice(0, 4);
      this.linkables = (await store.listRecords("discovery"))
        .filter((d) => isLinkable(d.fields.kind))
        .map((d) => ({
          value: `${d.fields.kind}:${d.id}`,
          kind: d.fields.kind,
          id: d.id,
          label: `${label("discovery_kind", d.fields.kind)}: ${d.fields.title || (d.fields.description || "").slice(0, 40)}`,
        }));
      const media = await mediaPart;
      if (media) Object.assign(this, media.formMethods, { mediaReady: true });
      const editing = new URLSearchParams(window.location.search).get("bewerk");
      if (editing) await this.loadExisting(editing);
      else if (!this.typedEarly) await this.restoreDraft();
      if (!this.neighbourhoodId && this.neighbourhoods.length === 1) this.neighbourhoodId = this.neighbourhoods[0].id;
      this.ready = true;
      if (this.typedEarly) await this.saveDraft();
    },

    async loadPeople() {
      this.people = (await store.listRecords("person")).map((p) => ({ id: p.id, label: personLabel(p.fields), fields: p.fields }));
    },

    // ---- with whom
    get matches() {
      return this.findPeople(this.search, this.selected);
    },
    get selectedPeople() {
      return this.selected.map((id) => this.personById(id)).filter(Boolean);
    },
    personById(id) {
      return this.people.find((p) => p.id === id);
    },
    personName(id) {
      const person = this.personById(id);
      return person ? person.label : "bewoner";
    },
    // Any bewoner of the team on this phone, by pseudonym, roepnaam, recognition or street.
    findPeople(text, leaveOut) {
      const query = (text || "").trim().toLowerCase();
      if (!query) return [];
      return this.people
        .filter((p) => !leaveOut.includes(p.id))
        .filter((p) => matchesQuery([p.fields.pseudonym, p.fields.first_name, p.fields.recognition, p.fields.street], query))
        .slice(0, MATCHES);
    },
    sensitiveHint(text) {
      return hint(text, this.sensitive);
    },

    addPerson(id) {
      if (!this.selected.includes(id)) this.selected.push(id);
      this.search = "";
      this.saveDraft();
    },
    removePerson(id) {
      this.selected = this.selected.filter((p) => p !== id);
      this.saveDraft();
    },
    startNewPerson() {
      this.newPerson = blankNewPerson(this.search);
    },
    scopeOn(scope) {
      return Boolean(this.newPerson) && this.newPerson.scopes.includes(scope);
    },
    toggleNewPersonScope(scope) {
      this.newPerson.scopes = toggleScope(this.newPerson.scopes, scope);
      if (!this.newPerson.scopes.includes("store_name")) this.newPerson.first_name = "";
    },
    get keepsName() {
      return this.scopeOn("store_name");
    },
    addNewPerson() {
      const p = this.newPerson;
      if (!p.recognition.trim() && !p.first_name.trim()) {
        this.error = t("needRecognition");
        return;
      }
      if (/\d/.test(p.street)) {
        this.error = t("streetOnly");
        return;
      }
      const id = store.uuid();
      const fields = newPersonFields(p, this.neighbourhoodId);
      this.people.push({ id, label: personLabel(fields), fields, isNew: true });
      this.selected.push(id);
      this.newPerson = null;
      this.search = "";
      this.error = "";
      this.saveDraft();
    },
    cancelNewPerson() {
      this.newPerson = null;
    },
    moreUnnamed() {
      this.unnamedCount += 1;
      this.saveDraft();
    },
    lessUnnamed() {
      this.unnamedCount = Math.max(0, this.unnamedCount - 1);
      this.saveDraft();
    },

    // ---- people on a discovery (Van wie, trekkers, helpen mee): the conversation's people
    // one tap away, anyone else of the team through the search box.
    chosenPeople(d, field) {
      return d[field].map((id) => ({ id, label: this.personName(id) }));
    },
    participantsToPick(d, field) {
      return this.selectedPeople.filter((p) => !d[field].includes(p.id));
    },
    peopleFound(d, field) {
      return this.findPeople(d.find[field], d[field]);
    },
    pickPerson(d, field, id) {
      if (!d[field].includes(id)) d[field].push(id);
      d.find[field] = "";
      this.saveDraft();
    },
    unpickPerson(d, field, id) {
      d[field] = d[field].filter((p) => p !== id);
      this.saveDraft();
    },

    // ---- a connection's two sides: any bewoner, group, place, institution or idea known on
    // this phone or new in this form. Picking never adds anyone to "Met wie".
    get refChoices() {
      const people = this.people.map((p) => ({
        value: `person:${p.id}`,
        label: p.label,
        texts: [p.fields.pseudonym, p.fields.first_name, p.fields.recognition, p.fields.street],
      }));
      const own = this.discoveries
        .filter((d) => isLinkable(d.kind) && (d.title || d.description))
        .map((d) => ({ value: `${d.kind}:${d.id}`, label: `${d.label}: ${d.title || d.description.slice(0, 40)}` }));
      const ownIds = new Set(own.map((o) => o.value));
      const stored = this.linkables.filter((l) => !ownIds.has(l.value));
      return [...people, ...own, ...stored].map((c) => ({ ...c, texts: c.texts || [c.label] }));
    },
    refLabel(value) {
      const found = this.refChoices.find((c) => c.value === value);
      return found ? found.label : "";
    },
    refsFound(d, side) {
      const query = (d.find[side] || "").trim().toLowerCase();
      if (!query) return [];
      const other = side === "from" ? d.to : d.from;
      return this.refChoices
        .filter((c) => c.value !== other && matchesQuery(c.texts, query))
        .slice(0, MATCHES);
    },
    // With nothing typed yet: the people of this conversation, one tap away.
    refsAtHand(d, side) {
      if ((d.find[side] || "").trim()) return [];
      const other = side === "from" ? d.to : d.from;
      return this.selectedPeople
        .map((p) => ({ value: `person:${p.id}`, label: p.label }))
        .filter((c) => c.value !== other);
    },
    pickRef(d, side, value) {
      d[side] = value;
      d.find[side] = "";
      this.saveDraft();
    },
    clearRef(d, side) {
      d[side] = "";
      this.saveDraft();
    },

    // ---- an idea's asks of partners
    get institutionChoices() {
      const own = this.discoveries
        .filter((d) => d.kind === "institution" && (d.title || d.description))
        .map((d) => ({ id: d.id, label: d.title || d.description.slice(0, 40) }));
      const ownIds = new Set(own.map((o) => o.id));
      const stored = this.linkables
        .filter((l) => l.kind === "institution" && !ownIds.has(l.id))
        .map((l) => ({ id: l.id, label: l.label.replace(/^[^:]*: /, "") }));
      return [...own, ...stored];
    },
    addAsk(d) {
      d.asks.push(blankAsk());
      this.saveDraft();
    },
    removeAsk(d, key) {
      d.asks = d.asks.filter((a) => a.key !== key);
      this.saveDraft();
    },

    // ---- chips: one value (tap again to clear) or many
    pick(d, field, value) {
      d[field] = d[field] === value ? "" : value;
      this.saveDraft();
    },
    choose(d, field, value) {
      d[field] = value;
      this.saveDraft();
    },
    pressed(on) {
      return on ? "true" : "false";
    },

    // ---- discoveries, follow-ups, people still to talk to
    descriptionLabel(d) {
      return t(d.kind === "quality" ? "qualityLabel" : d.kind === "group" ? "groupLabel" : "description");
    },
    statusOptions(d) {
      return d.kind === "idea" ? this.ideaPhases : this.connectionStatuses;
    },
    addDiscovery(kind) {
      this.discoveries.push(blankDiscovery(kind));
      this.saveDraft();
    },
    removeDiscovery(key) {
      const d = this.discoveries.find((x) => x.key === key);
      if (d && d.existing) this.removedDiscoveries.push(d);
      this.discoveries = this.discoveries.filter((x) => x.key !== key);
      this.saveDraft();
    },
    toggle(list, value) {
      const index = list.indexOf(value);
      if (index >= 0) list.splice(index, 1);
      else list.push(value);
      this.saveDraft();
    },
    addFollowUp() {
      this.followUps.push(blankFollowUp());
    },
    removeFollowUp(key) {
      this.removedFollowUps.push(...this.followUps.filter((f) => f.key === key && f.existing));
      this.followUps = this.followUps.filter((f) => f.key !== key);
      this.saveDraft();
    },
    addTalkTo() {
      this.talkTo.push(blankTalkTo());
    },
    removeTalkTo(key) {
      this.removedFollowUps.push(...this.talkTo.filter((t) => t.key === key && t.existing));
      this.talkTo = this.talkTo.filter((t) => t.key !== key);
      this.saveDraft();
    },
    talkToFound(t) {
      return this.findPeople(t.find, t.person_id ? [t.person_id] : []);
    },
    linkTalkTo(t, id) {
      t.person_id = id;
      t.find = "";
      if (!t.what.trim()) t.what = this.personName(id);
      this.saveDraft();
    },
    unlinkTalkTo(t) {
      t.person_id = "";
      this.saveDraft();
    },
    usePrompt(id) {
      if (!this.promptIds.includes(id)) this.promptIds.push(id);
      this.saveDraft();
    },
    togglePrompts() {
      this.promptsOpen = !this.promptsOpen;
    },
    pickPlace(place) {
      this.place = place;
      this.saveDraft();
    },

    // ---- draft
    async saveDraft() {
      if (this.editingId) return;
      if (!this.ready) {
        // Typed before the phone finished loading: keep it, and save once ready.
        this.typedEarly = true;
        return;
      }
      await store.setMeta(DRAFT_KEY, JSON.parse(JSON.stringify({
        occurredAt: this.occurredAt,
        neighbourhoodId: this.neighbourhoodId,
        place: this.place,
        kind: this.kind,
        language: this.language,
        selected: this.selected,
        newPeople: this.people.filter((p) => p.isNew),
        unnamedCount: this.unnamedCount,
        summary: this.summary,
        referrals: this.referrals,
        discoveries: this.discoveries,
        followUps: this.followUps,
        talkTo: this.talkTo,
        promptIds: this.promptIds,
        attachments: this.attachments.filter((a) => !a.existing).map(({ url, ...a }) => a),
      })));
    },
    async restoreDraft() {
      const draft = await store.getMeta(DRAFT_KEY);
      if (!draft) return;
      this.people.push(...draft.newPeople);
      Object.assign(this, {
        occurredAt: draft.occurredAt,
        neighbourhoodId: draft.neighbourhoodId,
        place: draft.place,
        kind: draft.kind,
        language: draft.language || "",
        selected: draft.selected,
        unnamedCount: draft.unnamedCount,
        summary: draft.summary,
        referrals: draft.referrals || "",
        // A draft from an older form lacks the newer fields: lay it over a blank card.
        discoveries: draft.discoveries.map((d) => ({
          ...blankDiscovery(d.kind),
          ...(d.person_id ? { [d.kind === "idea" ? "trekker_ids" : "person_ids"]: [d.person_id] } : {}),
          ...d,
        })),
        followUps: (draft.followUps || []).map((f) => ({ ...blankFollowUp(), ...f })),
        talkTo: (draft.talkTo || []).map((t) => ({ ...blankTalkTo(), ...t })),
        promptIds: draft.promptIds,
      });
      if (this.mediaReady && draft.attachments) await this.restoreDraftFiles(draft.attachments);
      this.showReferrals = Boolean(this.referrals);
    },
    get hasDraft() {
      return !this.editingId && Boolean(this.summary || this.discoveries.length || this.selected.length);
    },
    async discardDraft() {
      await store.setMeta(DRAFT_KEY, null);
      if (this.mediaReady) await this.forgetDraftFiles();
      window.location.assign("/gesprekken/nieuw");
    },

    // ---- editing an own conversation
    async loadExisting(id) {
      const record = await store.getRecord("conversation", id);
      if (!record || record.deleted) {
        this.error = t("notOnPhone");
        return;
      }
      const f = record.fields;
      this.editingId = id;
      this.original = f;
      this.occurredAt = localInputValue(new Date(f.occurred_at));
      this.neighbourhoodId = f.neighbourhood_id;
      this.place = f.place || "";
      this.kind = f.kind || "street";
      this.language = f.language || "";
      this.selected = [...(f.person_ids || [])];
      this.unnamedCount = f.unnamed_count || 0;
      this.summary = f.summary || "";
      // The old free-text field stays only where it holds something, so nothing is lost.
      this.referrals = f.referrals || "";
      this.showReferrals = Boolean(this.referrals);
      this.promptIds = [...(f.prompt_ids || [])];
      const discoveries = (await store.listRecords("discovery")).filter((d) => d.fields.conversation_id === id);
      this.discoveries = discoveries.map(discoveryFromRecord);
      const followUps = (await store.listRecords("follow_up"))
        .filter((r) => r.fields.conversation_id === id)
        .map(followUpFromRecord);
      this.followUps = followUps.filter((r) => r.kind !== "talk_to");
      this.talkTo = followUps.filter((r) => r.kind === "talk_to");
      if (this.mediaReady) await this.loadAttachments(id);
    },

    // ---- save
    async save() {
      this.error = validate(this);
      if (this.error) return;
      this.saving = true;
      const conversationId = this.editingId || store.uuid();
      const changes = [];
      const travelling = referencedPeople(this.discoveries, this.talkTo);
      for (const person of this.people.filter((p) => p.isNew && (this.selected.includes(p.id) || travelling.has(p.id)))) {
        changes.push({ entity: "person", id: person.id, fields: { ...person.fields, neighbourhood_id: person.fields.neighbourhood_id || this.neighbourhoodId } });
      }
      const conversation = {
        neighbourhood_id: this.neighbourhoodId,
        occurred_at: this.sameMoment() ? this.original.occurred_at : new Date(this.occurredAt).toISOString(),
        kind: this.kind,
        language: this.language,
        place: this.place.trim(),
        summary: this.summary.trim(),
        person_ids: this.selected,
        unnamed_count: this.unnamedCount,
        prompt_ids: this.promptIds,
        referrals: this.referrals.trim(),
      };
      this.addChange(changes, "conversation", { id: conversationId, existing: Boolean(this.editingId), original: this.original }, conversation);
      for (const d of inSaveOrder(this.discoveries)) this.addChange(changes, "discovery", d, discoveryFields(d, conversationId));
      for (const d of this.removedDiscoveries) changes.push({ entity: "discovery", id: d.id, deleted: true });
      for (const f of [...this.followUps, ...this.talkTo]) this.addChange(changes, "follow_up", f, followUpFields(f, conversationId));
      for (const f of this.removedFollowUps) changes.push({ entity: "follow_up", id: f.id, deleted: true });
      const media = this.mediaReady ? this.mediaChanges(conversationId) : { changes: [], files: [] };
      changes.push(...media.changes);
      try {
        await store.saveLocal(changes, media.files);
      } catch (error) {
        this.saving = false;
        this.error = t("saveFailed");
        return;
      }
      if (!this.editingId) await store.setMeta(DRAFT_KEY, null);
      if (this.mediaReady) await this.forgetDraftFiles();
      this.showToday();
    },

    // Only once the store holds it: Vandaag takes the form's place in this document (a page of
    // its own would cost a load), lists the conversation from the store and starts the sync.
    showToday() {
      history.pushState(null, "", "/?opgeslagen=1");
      document.title = document.title.replace(/^[^·]*/, `${t("today")} `);
      for (const link of document.querySelectorAll(".nav-item")) {
        const here = link.getAttribute("href") === "/";
        link.classList.toggle("is-active", here);
        if (here) link.setAttribute("aria-current", "page");
        else link.removeAttribute("aria-current");
      }
      this.saved = true;
      window.scrollTo(0, 0);
    },

    // An edit leaves the moment as the server wrote it unless the minute was changed.
    sameMoment() {
      return Boolean(this.editingId) && this.occurredAt === localInputValue(new Date(this.original.occurred_at));
    },

    // A new record goes whole; an edited one sends only what changed (or nothing).
    addChange(changes, entity, record, fields) {
      if (!record.existing) {
        changes.push({ entity, id: record.id, fields });
        return;
      }
      const changed = changedFields(record.original, fields);
      if (Object.keys(changed).length) changes.push({ entity, id: record.id, fields: changed });
    },

    async remove() {
      if (!this.editingId) return;
      if (!window.confirm(t("confirmDelete"))) return;
      const changes = this.discoveries.filter((d) => d.existing).map((d) => ({ entity: "discovery", id: d.id, deleted: true }));
      changes.push(...this.attachments.filter((a) => a.existing).map((a) => ({ entity: "attachment", id: a.id, deleted: true })));
      changes.push({ entity: "conversation", id: this.editingId, deleted: true });
      await store.saveLocal(changes);
      this.showToday();
    },
  };
}
