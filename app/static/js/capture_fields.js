// The capture form's records as the form holds them, and as the sync wire wants them
// (app/sync/entities.py): one place for both directions, so a new conversation, an edit and
// a draft carry exactly the same fields.
import { uuid } from "/static/js/store.js";
import { label, t } from "/static/js/labels.js";

export const CONSENT_SCOPES = ["store_name", "share_in_team", "name_in_overview", "contact", "photo"];
// Sharing or showing a name presupposes keeping it.
const NEEDS_STORED_NAME = ["share_in_team", "name_in_overview"];
const LINKABLE_KINDS = ["group", "place", "idea", "institution"];
// A batch is checked in order: what an idea's ask or a connection points at goes first.
const SAVE_ORDER = { idea: 1, connection: 2 };

export function blankDiscovery(kind) {
  return {
    key: uuid(),
    id: uuid(),
    existing: false,
    kind,
    label: label("discovery_kind", kind),
    title: "",
    description: "",
    dimensions: [],
    themes: [],
    willingness: [],
    quality_type: "",
    person_ids: [],
    trekker_ids: [],
    supporter_ids: [],
    group_would_like: "",
    group_if_asked: "",
    offers: [],
    place_type: "",
    exchange_type: "",
    connection_kind: "",
    from: "",
    to: "",
    status: kind === "connection" ? "chance" : kind === "idea" ? "dream" : "",
    visibility: "team",
    idea_self: "",
    idea_little_help: "",
    idea_outside: "",
    asks: [],
    // What is typed in this card's search boxes (not saved).
    find: { person_ids: "", trekker_ids: "", supporter_ids: "", from: "", to: "" },
  };
}

export function blankAsk() {
  return { key: uuid(), id: uuid(), what: "", offer: "", to: "", partner: "", status: "asked" };
}

export function blankTalkTo() {
  return { key: uuid(), id: uuid(), existing: false, kind: "talk_to", what: "", person_id: "", find: "" };
}

export function blankFollowUp() {
  return { key: uuid(), id: uuid(), existing: false, kind: "agreement", what: "", due_on: "" };
}

export function blankNewPerson(recognition) {
  return { recognition, street: "", first_name: "", scopes: [], how: "mondeling", is_connector: false };
}

// Ticking a scope that shares a name ticks keeping it; unticking keeping it unticks sharing.
export function toggleScope(scopes, scope) {
  const on = new Set(scopes);
  if (on.has(scope)) {
    on.delete(scope);
    if (scope === "store_name") NEEDS_STORED_NAME.forEach((s) => on.delete(s));
  } else {
    on.add(scope);
    if (NEEDS_STORED_NAME.includes(scope)) on.add("store_name");
  }
  return CONSENT_SCOPES.filter((s) => on.has(s));
}

export function newPersonFields(p, neighbourhoodId) {
  const keepsName = p.scopes.includes("store_name");
  return {
    neighbourhood_id: neighbourhoodId || null,
    recognition: p.recognition.trim(),
    street: p.street.trim(),
    first_name: keepsName ? p.first_name.trim() || null : null,
    consent: p.scopes.length ? { scopes: [...p.scopes], how: p.how, recorded_at: new Date().toISOString() } : null,
    is_connector: p.is_connector,
    pseudonym: null,
  };
}

function refFrom(value) {
  if (!value) return null;
  const [type, id] = value.split(":");
  return { type, id };
}

function refValue(ref) {
  return ref ? `${ref.type}:${ref.id}` : "";
}

function askFields(a) {
  const institution = a.to && a.to !== "partner" ? a.to : null;
  return {
    id: a.id,
    what: a.what.trim(),
    offer: a.offer || null,
    institution_id: institution,
    partner: institution ? "" : a.partner.trim(),
    status: a.status || "asked",
  };
}

export function discoveryFields(d, conversationId) {
  const fields = {
    conversation_id: conversationId,
    kind: d.kind,
    title: d.title.trim(),
    description: d.description.trim(),
    themes: d.themes,
    visibility: d.visibility,
  };
  const more = {
    quality: () => ({
      dimensions: d.dimensions,
      willingness: d.willingness,
      quality_type: d.quality_type || null,
      person_ids: d.person_ids,
    }),
    group: () => ({ group_would_like: d.group_would_like.trim(), group_if_asked: d.group_if_asked.trim() }),
    institution: () => ({ offers: d.offers }),
    place: () => ({ place_type: d.place_type || null }),
    exchange: () => ({ exchange_type: d.exchange_type || null }),
    idea: () => ({
      status: d.status,
      trekker_ids: d.trekker_ids,
      supporter_ids: d.supporter_ids,
      idea_self: d.idea_self.trim(),
      idea_little_help: d.idea_little_help.trim(),
      idea_outside: d.idea_outside.trim(),
      asks: d.asks.map(askFields),
    }),
    connection: () => ({
      status: d.status,
      connection_kind: d.connection_kind || null,
      from_ref: refFrom(d.from),
      to_ref: refFrom(d.to),
    }),
  }[d.kind];
  return more ? Object.assign(fields, more()) : fields;
}

export function discoveryFromRecord(record) {
  const f = record.fields;
  return {
    ...blankDiscovery(f.kind),
    id: record.id,
    existing: true,
    original: f,
    title: f.title || "",
    description: f.description || "",
    dimensions: [...(f.dimensions || [])],
    themes: [...(f.themes || [])],
    willingness: [...(f.willingness || [])],
    quality_type: f.quality_type || "",
    person_ids: [...(f.person_ids || [])],
    trekker_ids: [...(f.trekker_ids || [])],
    supporter_ids: [...(f.supporter_ids || [])],
    group_would_like: f.group_would_like || "",
    group_if_asked: f.group_if_asked || "",
    offers: [...(f.offers || [])],
    place_type: f.place_type || "",
    exchange_type: f.exchange_type || "",
    connection_kind: f.connection_kind || "",
    from: refValue(f.from_ref),
    to: refValue(f.to_ref),
    status: f.status || "",
    visibility: f.visibility || "team",
    idea_self: f.idea_self || "",
    idea_little_help: f.idea_little_help || "",
    idea_outside: f.idea_outside || "",
    asks: (f.asks || []).map((a) => ({
      key: uuid(),
      id: a.id,
      what: a.what || "",
      offer: a.offer || "",
      to: a.institution_id || (a.partner ? "partner" : ""),
      partner: a.partner || "",
      status: a.status || "asked",
    })),
  };
}

export function followUpFromRecord(record) {
  const f = record.fields;
  const base = f.kind === "talk_to" ? blankTalkTo() : blankFollowUp();
  return { ...base, id: record.id, existing: true, original: f, what: f.what || "", due_on: f.due_on || "", person_id: f.person_id || "" };
}

export function followUpFields(f, conversationId) {
  if (f.kind === "talk_to") {
    return { kind: "talk_to", what: f.what.trim(), person_id: f.person_id || null, conversation_id: conversationId };
  }
  return { kind: "agreement", what: f.what.trim(), due_on: f.due_on || null, conversation_id: conversationId };
}

export function changedFields(before, after) {
  const changed = {};
  for (const [key, value] of Object.entries(after)) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(value ?? null)) changed[key] = value;
  }
  return changed;
}

export function inSaveOrder(discoveries) {
  return [...discoveries].sort((a, b) => (SAVE_ORDER[a.kind] || 0) - (SAVE_ORDER[b.kind] || 0));
}

export function isLinkable(kind) {
  return LINKABLE_KINDS.includes(kind);
}

// The people a set of discoveries and talk-to rows point at (a new bewoner must travel with it).
export function referencedPeople(discoveries, talkTo) {
  const ids = new Set();
  for (const d of discoveries) {
    [...d.person_ids, ...d.trekker_ids, ...d.supporter_ids].forEach((id) => ids.add(id));
    for (const side of [d.from, d.to]) if (side.startsWith("person:")) ids.add(side.slice(7));
  }
  talkTo.forEach((t) => t.person_id && ids.add(t.person_id));
  return ids;
}

export function validate(form) {
  if (!form.neighbourhoodId) return t("pickArea");
  if (!form.summary.trim()) return t("needSummary");
  for (const d of form.discoveries) {
    if (!d.title.trim() && !d.description.trim()) return t("needDescription", d);
    if (d.kind === "connection" && (!d.from || !d.to)) return t("needEnds");
    for (const a of d.asks) {
      if (!a.what.trim()) return t("needAskWhat");
      if (!a.to || (a.to === "partner" && !a.partner.trim())) return t("needAskTo");
    }
  }
  for (const f of form.followUps) if (!f.what.trim()) return t("needFollowUp");
  for (const t of form.talkTo) if (!t.what.trim()) return t("needTalkTo");
  return "";
}
