// "Nieuw gesprek": log a conversation in under a minute, online or not. Saving writes the
// records and their outbox entries to IndexedDB in one transaction; an unfinished capture
// is kept as a draft; an own conversation can be opened again, changed or deleted.
import * as store from "/static/js/store.js";
import { hint, loadRules } from "/static/js/sensitive.js";
import { label, labelsReady, options } from "/static/js/labels.js";

// The order the capture form offers them in; their words come from /labels.json.
const CONVERSATION_KINDS = ["street", "appointment", "home_visit", "during_activity", "group", "phone"];
const DISCOVERY_KINDS = ["quality", "connection", "idea", "group", "place", "story", "institution", "exchange"];
const DRAFT_KEY = "capture_draft";

function localInputValue(date) {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
  return shifted.toISOString().slice(0, 16);
}

function personLabel(fields) {
  const name = fields.first_name ? `${fields.first_name} (${fields.pseudonym || "nieuw"})` : fields.pseudonym || "nieuwe bewoner";
  return fields.recognition ? `${name} · ${fields.recognition}` : name;
}

function blankDiscovery(kind) {
  return {
    key: store.uuid(),
    id: store.uuid(),
    existing: false,
    kind,
    label: label("discovery_kind", kind),
    title: "",
    description: "",
    dimensions: [],
    themes: [],
    willingness: [],
    person_id: "",
    from: "",
    to: "",
    status: kind === "connection" ? "chance" : kind === "idea" ? "dream" : "",
    visibility: "team",
  };
}

function refFrom(value) {
  if (!value) return null;
  const [type, id] = value.split(":");
  return { type, id };
}

function changedFields(before, after) {
  const changed = {};
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(value)) changed[key] = value;
  }
  return changed;
}

export function captureForm() {
  return {
    kinds: [],
    discoveryKinds: [],
    connectionStatuses: [],
    ideaPhases: [],
    dimensionOptions: [],
    willingnessOptions: [],

    editingId: null,
    editingVersion: 0,
    original: null,
    occurredAt: localInputValue(new Date()),
    neighbourhoodId: "",
    neighbourhoods: [],
    place: "",
    recentPlaces: [],
    kind: "street",
    search: "",
    people: [],
    selected: [],
    newPerson: null,
    unnamedCount: 0,
    summary: "",
    referrals: "",
    discoveries: [],
    removedDiscoveries: [],
    followUps: [],
    themes: [],
    prompts: [],
    promptIds: [],
    promptsOpen: false,
    linkables: [],
    error: "",
    saving: false,
    ready: false,
    typedEarly: false,
    sensitive: null,

    async init() {
      loadRules().then((rules) => { this.sensitive = rules; });
      await labelsReady;
      this.kinds = options("conversation_kind", CONVERSATION_KINDS);
      this.discoveryKinds = options("discovery_kind", DISCOVERY_KINDS);
      this.connectionStatuses = options("connection_status");
      this.ideaPhases = options("idea_phase");
      this.dimensionOptions = options("dimension");
      this.willingnessOptions = options("willingness");
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
        .filter((d) => ["group", "place", "idea", "institution"].includes(d.fields.kind))
        .map((d) => ({ value: `${d.fields.kind}:${d.id}`, label: `${d.fields.title || d.fields.description.slice(0, 40)}` }));
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
      const query = this.search.trim().toLowerCase();
      if (!query) return [];
      return this.people
        .filter((p) => !this.selected.includes(p.id))
        .filter((p) =>
          [p.fields.pseudonym, p.fields.first_name, p.fields.recognition, p.fields.street]
            .filter(Boolean)
            .some((text) => text.toLowerCase().includes(query))
        )
        .slice(0, 8);
    },
    get selectedPeople() {
      return this.selected.map((id) => this.people.find((p) => p.id === id)).filter(Boolean);
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
      this.newPerson = { recognition: this.search, street: "", first_name: "", consent: false };
    },
    addNewPerson() {
      const p = this.newPerson;
      if (!p.recognition.trim() && !p.first_name.trim()) {
        this.error = "Schrijf iets op waaraan je deze bewoner herkent.";
        return;
      }
      if (/\d/.test(p.street)) {
        this.error = "Noteer alleen de straat, zonder huisnummer.";
        return;
      }
      const id = store.uuid();
      const fields = {
        neighbourhood_id: this.neighbourhoodId || null,
        recognition: p.recognition.trim(),
        street: p.street.trim(),
        first_name: p.consent ? p.first_name.trim() || null : null,
        consent: p.consent && p.first_name.trim()
          ? { scopes: ["store_name", "share_in_team"], how: "mondeling", recorded_at: new Date().toISOString() }
          : null,
        is_connector: false,
        pseudonym: null,
      };
      this.people.push({ id, label: personLabel(fields), fields, isNew: true });
      this.selected.push(id);
      this.newPerson = null;
      this.search = "";
      this.error = "";
      this.saveDraft();
    },
    get participantOptions() {
      return this.selectedPeople.map((p) => ({ value: `person:${p.id}`, id: p.id, label: p.label }));
    },
    get connectionOptions() {
      const own = this.discoveries
        .filter((d) => ["group", "place", "idea", "institution"].includes(d.kind) && (d.title || d.description))
        .map((d) => ({ value: `${d.kind}:${d.id}`, label: d.title || d.description.slice(0, 40) }));
      return [...this.participantOptions, ...own, ...this.linkables];
    },
    moreUnnamed() {
      this.unnamedCount += 1;
      this.saveDraft();
    },
    lessUnnamed() {
      this.unnamedCount = Math.max(0, this.unnamedCount - 1);
      this.saveDraft();
    },

    // ---- discoveries and follow-ups
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
      this.followUps.push({ key: store.uuid(), id: store.uuid(), what: "", due_on: "" });
    },
    removeFollowUp(key) {
      this.followUps = this.followUps.filter((f) => f.key !== key);
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
        selected: this.selected,
        newPeople: this.people.filter((p) => p.isNew),
        unnamedCount: this.unnamedCount,
        summary: this.summary,
        referrals: this.referrals,
        discoveries: this.discoveries,
        followUps: this.followUps,
        promptIds: this.promptIds,
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
        selected: draft.selected,
        unnamedCount: draft.unnamedCount,
        summary: draft.summary,
        referrals: draft.referrals,
        discoveries: draft.discoveries,
        followUps: draft.followUps,
        promptIds: draft.promptIds,
      });
    },
    get hasDraft() {
      return !this.editingId && Boolean(this.summary || this.discoveries.length || this.selected.length);
    },
    async discardDraft() {
      await store.setMeta(DRAFT_KEY, null);
      window.location.assign("/gesprekken/nieuw");
    },

    // ---- editing an own conversation
    async loadExisting(id) {
      const record = await store.getRecord("conversation", id);
      if (!record || record.deleted) {
        this.error = "Dit gesprek staat niet (meer) op deze telefoon.";
        return;
      }
      const f = record.fields;
      this.editingId = id;
      this.original = f;
      this.occurredAt = localInputValue(new Date(f.occurred_at));
      this.neighbourhoodId = f.neighbourhood_id;
      this.place = f.place || "";
      this.kind = f.kind || "street";
      this.selected = [...(f.person_ids || [])];
      this.unnamedCount = f.unnamed_count || 0;
      this.summary = f.summary || "";
      this.referrals = f.referrals || "";
      this.promptIds = [...(f.prompt_ids || [])];
      const discoveries = (await store.listRecords("discovery")).filter((d) => d.fields.conversation_id === id);
      this.discoveries = discoveries.map((d) => ({
        ...blankDiscovery(d.fields.kind),
        id: d.id,
        existing: true,
        original: d.fields,
        title: d.fields.title || "",
        description: d.fields.description || "",
        dimensions: [...(d.fields.dimensions || [])],
        themes: [...(d.fields.themes || [])],
        willingness: [...(d.fields.willingness || [])],
        person_id: (d.fields.person_ids || [])[0] || (d.fields.trekker_ids || [])[0] || "",
        from: d.fields.from_ref ? `${d.fields.from_ref.type}:${d.fields.from_ref.id}` : "",
        to: d.fields.to_ref ? `${d.fields.to_ref.type}:${d.fields.to_ref.id}` : "",
        status: d.fields.status || "",
        visibility: d.fields.visibility || "team",
      }));
    },

    // ---- save
    discoveryFields(d, conversationId) {
      const fields = {
        conversation_id: conversationId,
        kind: d.kind,
        title: d.title.trim(),
        description: d.description.trim(),
        themes: d.themes,
        visibility: d.visibility,
      };
      if (d.kind === "quality") {
        Object.assign(fields, { dimensions: d.dimensions, willingness: d.willingness, person_ids: d.person_id ? [d.person_id] : [] });
      }
      if (d.kind === "idea") Object.assign(fields, { status: d.status, trekker_ids: d.person_id ? [d.person_id] : [] });
      if (d.kind === "connection") Object.assign(fields, { status: d.status, from_ref: refFrom(d.from), to_ref: refFrom(d.to) });
      return fields;
    },

    validate() {
      if (!this.neighbourhoodId) return "Kies de buurt.";
      if (!this.summary.trim()) return "Schrijf een korte samenvatting.";
      for (const d of this.discoveries) {
        if (!d.title.trim() && !d.description.trim()) return `Vul bij ${d.label} een korte beschrijving in.`;
        if (d.kind === "connection" && (!d.from || !d.to)) return "Kies bij de verbinding wie of wat je verbindt.";
      }
      for (const f of this.followUps) if (!f.what.trim()) return "Schrijf op wat de vervolgafspraak is.";
      return "";
    },

    async save() {
      this.error = this.validate();
      if (this.error) return;
      this.saving = true;
      const conversationId = this.editingId || store.uuid();
      const changes = [];
      for (const person of this.people.filter((p) => p.isNew && this.selected.includes(p.id))) {
        changes.push({ entity: "person", id: person.id, fields: { ...person.fields, neighbourhood_id: person.fields.neighbourhood_id || this.neighbourhoodId } });
      }
      const conversation = {
        neighbourhood_id: this.neighbourhoodId,
        occurred_at: new Date(this.occurredAt).toISOString(),
        kind: this.kind,
        place: this.place.trim(),
        summary: this.summary.trim(),
        person_ids: this.selected,
        unnamed_count: this.unnamedCount,
        prompt_ids: this.promptIds,
        referrals: this.referrals.trim(),
      };
      if (this.editingId) {
        const changed = changedFields(this.original, conversation);
        if (Object.keys(changed).length) changes.push({ entity: "conversation", id: conversationId, fields: changed });
      } else {
        changes.push({ entity: "conversation", id: conversationId, fields: conversation });
      }
      for (const d of this.discoveries) {
        const fields = this.discoveryFields(d, conversationId);
        if (!d.existing) changes.push({ entity: "discovery", id: d.id, fields });
        else {
          const changed = changedFields(d.original, fields);
          if (Object.keys(changed).length) changes.push({ entity: "discovery", id: d.id, fields: changed });
        }
      }
      for (const d of this.removedDiscoveries) changes.push({ entity: "discovery", id: d.id, deleted: true });
      for (const f of this.followUps) {
        changes.push({ entity: "follow_up", id: f.id, fields: { what: f.what.trim(), due_on: f.due_on || null, conversation_id: conversationId } });
      }
      try {
        await store.saveLocal(changes);
      } catch (error) {
        this.saving = false;
        this.error = "Opslaan op deze telefoon lukte niet. Je invoer staat er nog; probeer het opnieuw.";
        return;
      }
      if (!this.editingId) await store.setMeta(DRAFT_KEY, null);
      window.dispatchEvent(new CustomEvent("ot-saved"));
      window.location.assign("/?opgeslagen=1");
    },

    async remove() {
      if (!this.editingId) return;
      if (!window.confirm("Dit gesprek en de ontdekkingen erbij verwijderen?")) return;
      const changes = this.discoveries.filter((d) => d.existing).map((d) => ({ entity: "discovery", id: d.id, deleted: true }));
      changes.push({ entity: "conversation", id: this.editingId, deleted: true });
      await store.saveLocal(changes);
      window.dispatchEvent(new CustomEvent("ot-saved"));
      window.location.assign("/?opgeslagen=1");
    },
  };
}
