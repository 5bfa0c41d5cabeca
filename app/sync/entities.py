"""What each synced entity looks like on the wire, and how a full state is applied to it.

`fields_of` gives the wire fields of records (batched: one query per link table, not per
record); the same dicts feed pull, merges and revision diffs, so all three always agree.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from app.attachments.models import Attachment
from app.attachments.schemas import AttachmentCreate
from app.attachments.service import (
    assign_attachment,
    attachment_fields,
    create_attachment,
    delete_attachment,
)
from app.auth.service import Principal
from app.changes.models import SyncedRecord
from app.changes.service import Actor, jsonable
from app.conversations.models import (
    Conversation,
    ConversationPerson,
    Discovery,
    DiscoveryPerson,
    DiscoveryTheme,
    FollowUp,
    PersonRole,
)
from app.conversations.schemas import ConversationCreate, DiscoveryCreate, FollowUpCreate
from app.conversations.service import (
    assign_conversation,
    assign_discovery,
    assign_follow_up,
    check_conversation,
    check_discovery,
    check_follow_up,
    contacted,
    conversation_links,
    conversation_values,
    create_conversation,
    create_discovery,
    create_follow_up,
    discovery_links,
    discovery_values,
    follow_up_contacted,
    follow_up_values,
)
from app.people.lifecycle import delete_person, person_changed
from app.people.models import Consent, Person
from app.people.schemas import PersonCreate
from app.people.service import (
    assign_person,
    check_person,
    consent_values,
    create_person,
    make_pseudonym,
    person_values,
)
from app.teams.cards import render_card
from app.teams.models import AddressForm, Neighbourhood, PromptCard, Team, Theme
from app.teams.refs import TeamRefs
from app.validation import StrictInput

Fields = dict[str, Any]
FieldsOf = Callable[[Session, Sequence[Any]], dict[uuid.UUID, Fields]]


def _ids(records: Sequence[SyncedRecord]) -> list[uuid.UUID]:
    return [r.id for r in records]


def person_fields(session: Session, people: Sequence[Person]) -> dict[uuid.UUID, Fields]:
    consents: dict[uuid.UUID, Consent] = {}
    for consent in session.exec(
        select(Consent)
        .where(col(Consent.person_id).in_(_ids(people)), col(Consent.withdrawn_at).is_(None))
        .order_by(col(Consent.recorded_at))
    ):
        consents[consent.person_id] = consent  # the latest wins
    result = {}
    for p in people:
        current = consents.get(p.id)
        result[p.id] = jsonable(
            {
                "neighbourhood_id": p.neighbourhood_id,
                "pseudonym": p.pseudonym,
                "first_name": p.first_name,
                "recognition": p.recognition,
                "street": p.street,
                "is_connector": p.is_connector,
                "consent": {
                    "scopes": current.scopes,
                    "how": current.how,
                    "recorded_at": current.recorded_at,
                }
                if current
                else None,
            }
        )
    return result


def conversation_fields(
    session: Session, conversations: Sequence[Conversation]
) -> dict[uuid.UUID, Fields]:
    people: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for link in session.exec(
        select(ConversationPerson)
        .where(col(ConversationPerson.conversation_id).in_(_ids(conversations)))
        .order_by(col(ConversationPerson.person_id))
    ):
        people[link.conversation_id].append(link.person_id)
    return {
        c.id: jsonable(
            {
                "neighbourhood_id": c.neighbourhood_id,
                "occurred_at": c.occurred_at,
                "kind": c.kind,
                "place": c.place,
                "summary": c.summary,
                "person_ids": people[c.id],
                "unnamed_count": c.unnamed_count,
                "language": c.language,
                "prompt_ids": c.prompt_ids,
                "referrals": c.referrals,
            }
        )
        for c in conversations
    }


def discovery_fields(session: Session, discoveries: Sequence[Discovery]) -> dict[uuid.UUID, Fields]:
    ids = _ids(discoveries)
    people: dict[tuple[uuid.UUID, str], list[uuid.UUID]] = defaultdict(list)
    for link in session.exec(
        select(DiscoveryPerson)
        .where(col(DiscoveryPerson.discovery_id).in_(ids))
        .order_by(col(DiscoveryPerson.person_id))
    ):
        people[(link.discovery_id, link.role)].append(link.person_id)
    themes: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for theme_link in session.exec(
        select(DiscoveryTheme)
        .where(col(DiscoveryTheme.discovery_id).in_(ids))
        .order_by(col(DiscoveryTheme.theme_id))
    ):
        themes[theme_link.discovery_id].append(theme_link.theme_id)

    def ref(kind: str | None, ref_id: uuid.UUID | None) -> dict[str, Any] | None:
        return {"type": kind, "id": ref_id} if kind and ref_id else None

    return {
        d.id: jsonable(
            {
                "conversation_id": d.conversation_id,
                "kind": d.kind,
                "title": d.title,
                "description": d.description,
                "person_ids": people[(d.id, PersonRole.subject.value)],
                "trekker_ids": people[(d.id, PersonRole.trekker.value)],
                "supporter_ids": people[(d.id, PersonRole.supporter.value)],
                "themes": themes[d.id],
                "dimensions": d.dimensions,
                "willingness": d.willingness,
                "visibility": d.visibility,
                "status": d.status,
                "quality_type": d.quality_type,
                "group_would_like": d.group_would_like,
                "group_if_asked": d.group_if_asked,
                "offers": d.offers,
                "place_type": d.place_type,
                "exchange_type": d.exchange_type,
                "connection_kind": d.connection_kind,
                "from_ref": ref(d.from_ref_type, d.from_ref_id),
                "to_ref": ref(d.to_ref_type, d.to_ref_id),
                "idea_self": d.idea_self,
                "idea_little_help": d.idea_little_help,
                "idea_outside": d.idea_outside,
                "asks": d.asks,
                "highlight": d.highlight,
            }
        )
        for d in discoveries
    }


def follow_up_fields(session: Session, follow_ups: Sequence[FollowUp]) -> dict[uuid.UUID, Fields]:
    return {
        f.id: jsonable(
            {
                "kind": f.kind,
                "what": f.what,
                "due_on": f.due_on,
                "owner_id": f.owner_id,
                "conversation_id": f.conversation_id,
                "person_id": f.person_id,
                "discovery_id": f.discovery_id,
                "done_at": f.done_at,
            }
        )
        for f in follow_ups
    }


def neighbourhood_fields(
    session: Session, neighbourhoods: Sequence[Neighbourhood]
) -> dict[uuid.UUID, Fields]:
    return {n.id: {"name": n.name} for n in neighbourhoods}


def theme_fields(session: Session, themes: Sequence[Theme]) -> dict[uuid.UUID, Fields]:
    return {
        t.id: {"name": t.name, "position": t.position, "is_special_category": t.is_special_category}
        for t in themes
    }


def prompt_fields(session: Session, prompts: Sequence[PromptCard]) -> dict[uuid.UUID, Fields]:
    # "text" goes out as the team says it (je or u), so every phone, old or new, shows that.
    forms = {p.team_id: "" for p in prompts}
    for team_id in forms:
        team = session.get(Team, team_id)
        forms[team_id] = team.address_form if team is not None else AddressForm.je.value
    return {
        p.id: {
            "group": p.prompt_group,
            "text": render_card(p.text, forms[p.team_id]),
            "position": p.position,
        }
        for p in prompts
    }


Create = Callable[..., SyncedRecord]
Assign = Callable[..., None]
# After a record's change and revision are written: what else the change sets off.
AfterChange = Callable[[Session, Actor, Any, Mapping[str, tuple[Any, Any]]], None]
# Deleting a record when it is more than marking it deleted.
Delete = Callable[[Session, Principal, Any], None]


class RowRecord:
    """A record new in a batch, kept as the plain row that will be inserted. Reading or
    setting an attribute reads or sets the row, so the domain checks and `contacted` work on
    it as on a loaded record, without the cost of an ORM instance."""

    def __init__(self, row: dict[str, Any]) -> None:
        self.__dict__ = row


@dataclass
class Planned:
    """A new record ready to be inserted with a batch: its model, its row (id and team
    included), and the rows that go with it (links, consent)."""

    model: type[SyncedRecord]
    row: dict[str, Any]
    rows: list[tuple[type[Any], dict[str, Any]]]


Plan = Callable[[TeamRefs, uuid.UUID | None, Any, uuid.UUID], Planned]


def plan_person(
    refs: TeamRefs, actor_id: uuid.UUID | None, data: PersonCreate, record_id: uuid.UUID
) -> Planned:
    first_name = check_person(refs, data)
    # A taken pseudonym trips the unique constraint; the batch then falls back to one by one.
    pseudonym = (data.pseudonym or "").strip() or make_pseudonym()
    row = {
        "id": record_id,
        "team_id": refs.team.id,
        "last_contact_at": None,
        **person_values(data, first_name=first_name, pseudonym=pseudonym),
    }
    rows: list[tuple[type[Any], dict[str, Any]]] = []
    if data.consent is not None and data.consent.scopes:
        rows.append((Consent, consent_values(RowRecord(row), actor_id, data.consent)))  # type: ignore[arg-type]
    return Planned(Person, row, rows)


def plan_conversation(
    refs: TeamRefs, actor_id: uuid.UUID | None, data: ConversationCreate, record_id: uuid.UUID
) -> Planned:
    people = check_conversation(refs, data)
    # Moves last contact forward on loaded people (the session flushes those) and on people
    # new in this batch (their rows are inserted with it).
    contacted(people, data.occurred_at)
    row = {"id": record_id, "team_id": refs.team.id, **conversation_values(data)}
    return Planned(
        Conversation, row, [(ConversationPerson, r) for r in conversation_links(record_id, data)]
    )


def plan_discovery(
    refs: TeamRefs, actor_id: uuid.UUID | None, data: DiscoveryCreate, record_id: uuid.UUID
) -> Planned:
    themes = check_discovery(refs, data)
    row = {
        "id": record_id,
        "team_id": refs.team.id,
        **discovery_values(data, actor_id=actor_id, brokered_by_id=None),
    }
    people, theme_rows = discovery_links(record_id, data, themes)
    return Planned(
        Discovery,
        row,
        [(DiscoveryPerson, r) for r in people] + [(DiscoveryTheme, r) for r in theme_rows],
    )


def plan_follow_up(
    refs: TeamRefs, actor_id: uuid.UUID | None, data: FollowUpCreate, record_id: uuid.UUID
) -> Planned:
    # A done follow-up about a bewoner moves their last contact, as a conversation does.
    follow_up_contacted(check_follow_up(refs, data), data)
    row = {
        "id": record_id,
        "team_id": refs.team.id,
        **follow_up_values(data, actor_id=actor_id, owner_id=None),
    }
    return Planned(FollowUp, row, [])


@dataclass(frozen=True)
class Entity:
    name: str
    model: type[SyncedRecord]
    fields_of: FieldsOf
    # None for entities devices may read but not write.
    schema: type[StrictInput] | None = None
    create: Create | None = None
    assign: Assign | None = None
    plan: Plan | None = None
    after_change: AfterChange | None = None
    delete: Delete | None = None

    @property
    def writable(self) -> bool:
        return self.schema is not None


def _create(
    make: Callable[..., SyncedRecord], id_argument: str
) -> Callable[[Session, Team, uuid.UUID | None, Any, uuid.UUID, uuid.UUID | None], SyncedRecord]:
    def create(
        session: Session,
        team: Team,
        actor_id: uuid.UUID | None,
        data: Any,
        record_id: uuid.UUID,
        op_id: uuid.UUID | None,
    ) -> SyncedRecord:
        return make(session, team, actor_id, data=data, op_id=op_id, **{id_argument: record_id})

    return create


ENTITIES: dict[str, Entity] = {
    e.name: e
    for e in (
        Entity(
            "person",
            Person,
            person_fields,
            PersonCreate,
            _create(create_person, "person_id"),
            assign_person,
            plan_person,
            after_change=person_changed,
            delete=delete_person,
        ),
        Entity(
            "conversation",
            Conversation,
            conversation_fields,
            ConversationCreate,
            _create(create_conversation, "conversation_id"),
            assign_conversation,
            plan_conversation,
        ),
        Entity(
            "discovery",
            Discovery,
            discovery_fields,
            DiscoveryCreate,
            _create(create_discovery, "discovery_id"),
            assign_discovery,
            plan_discovery,
        ),
        Entity(
            "follow_up",
            FollowUp,
            follow_up_fields,
            FollowUpCreate,
            _create(create_follow_up, "follow_up_id"),
            assign_follow_up,
            plan_follow_up,
        ),
        Entity(
            "attachment",
            Attachment,
            attachment_fields,
            AttachmentCreate,
            _create(create_attachment, "attachment_id"),
            assign_attachment,
            delete=delete_attachment,
        ),
        Entity("neighbourhood", Neighbourhood, neighbourhood_fields),
        Entity("theme", Theme, theme_fields),
        Entity("prompt", PromptCard, prompt_fields),
    )
}
