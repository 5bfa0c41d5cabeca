"""Gesprekken, ontdekkingen and vervolgafspraken: the rules that keep them team-bound and
within the language of strengths, and how a validated input becomes rows.

Each kind has a `check_*` (the rules, through TeamRefs), `*_values` (its columns) and, where
it has them, `*_links` (rows of its link tables). `create_*` and `assign_*` use them for one
record at a time; the sync batch path (app.sync.bulk) uses the very same functions.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert
from sqlmodel import Session

from app.changes.models import RevisionAction
from app.changes.service import record_change
from app.conversations.models import (
    LIFECYCLE_BY_KIND,
    Conversation,
    ConversationPerson,
    Discovery,
    DiscoveryKind,
    DiscoveryPerson,
    DiscoveryTheme,
    FollowUp,
    PersonRole,
    RefType,
)
from app.conversations.schemas import ConversationCreate, DiscoveryCreate, FollowUpCreate
from app.db import utcnow
from app.errors import AppError
from app.i18n import gettext as _
from app.people.models import Person
from app.teams.models import Neighbourhood, PromptCard, Team, Theme
from app.teams.refs import TeamRefs

Row = dict[str, Any]

# ------------------------------------------------------------------------ conversations


def check_conversation(refs: TeamRefs, data: ConversationCreate) -> list[Person]:
    if refs.get(Neighbourhood, data.neighbourhood_id) is None:
        raise AppError(_("Deze buurt hoort niet bij je team."))
    refs.require(PromptCard, data.prompt_ids)
    return refs.require(Person, data.person_ids)


def conversation_values(data: ConversationCreate) -> Row:
    return {
        "neighbourhood_id": data.neighbourhood_id,
        "occurred_at": data.occurred_at,
        "kind": data.kind.value,
        "place": data.place.strip(),
        "summary": data.summary.strip(),
        "unnamed_count": data.unnamed_count,
        "prompt_ids": [str(p) for p in data.prompt_ids],
        "referrals": data.referrals.strip(),
        "language": data.language,
    }


def conversation_links(conversation_id: uuid.UUID, data: ConversationCreate) -> list[Row]:
    return [
        {"conversation_id": conversation_id, "person_id": person_id}
        for person_id in dict.fromkeys(data.person_ids)
    ]


def contacted(people: list[Person], at: datetime) -> list[Person]:
    """The people whose last contact moves forward to `at` (never back): a conversation
    with them, or a follow-up about them that was done."""
    changed = []
    for person in people:
        if person.last_contact_at is None or person.last_contact_at < at:
            person.last_contact_at = at
            changed.append(person)
    return changed


def _write_conversation_links(
    session: Session, conversation: Conversation, people: list[Person], data: ConversationCreate
) -> None:
    session.execute(
        delete(ConversationPerson).where(
            ConversationPerson.conversation_id == conversation.id  # type: ignore[arg-type]
        )
    )
    links = conversation_links(conversation.id, data)
    if links:
        session.execute(insert(ConversationPerson), links)
    for person in contacted(people, data.occurred_at):
        session.add(person)
    session.flush()


def assign_conversation(
    session: Session,
    team: Team,
    conversation: Conversation,
    *,
    data: ConversationCreate,
    actor_id: uuid.UUID | None = None,
) -> None:
    """Give an existing gesprek the state `data` describes, links included. Changes to
    existing records go through app.sync.engine.apply_change, which keeps the revision."""
    people = check_conversation(TeamRefs(session, team), data)
    for name, value in conversation_values(data).items():
        setattr(conversation, name, value)
    session.add(conversation)
    session.flush()
    _write_conversation_links(session, conversation, people, data)


def create_conversation(
    session: Session,
    team: Team,
    actor_id: uuid.UUID | None,
    *,
    data: ConversationCreate,
    conversation_id: uuid.UUID | None = None,
    op_id: uuid.UUID | None = None,
) -> Conversation:
    people = check_conversation(TeamRefs(session, team), data)
    conversation = Conversation(
        id=conversation_id or uuid.uuid4(), team_id=team.id, **conversation_values(data)
    )
    record_change(
        session,
        conversation,
        entity="conversation",
        actor_id=actor_id,
        action=RevisionAction.create,
        changes={},
        op_id=op_id,
    )
    _write_conversation_links(session, conversation, people, data)
    return conversation


# -------------------------------------------------------------------------- discoveries


def check_discovery(refs: TeamRefs, data: DiscoveryCreate) -> list[Theme]:
    if not data.title.strip() and not data.description.strip():
        raise AppError(_("Geef de ontdekking een titel of een korte beschrijving."))
    lifecycle = LIFECYCLE_BY_KIND.get(data.kind)
    if data.status is not None and (
        lifecycle is None or data.status not in {s.value for s in lifecycle}
    ):
        raise AppError(_("Deze status past niet bij dit soort ontdekking."))
    if data.kind is DiscoveryKind.connection and (data.from_ref is None or data.to_ref is None):
        raise AppError(_("Een verbinding heeft twee kanten nodig."))
    if data.conversation_id is not None and refs.get(Conversation, data.conversation_id) is None:
        raise AppError(_("Dit gesprek hoort niet bij je team."))
    for ref in (data.from_ref, data.to_ref):
        if ref is None:
            continue
        if ref.type is RefType.person:
            refs.require(Person, [ref.id])
        else:
            target = refs.get(Discovery, ref.id)
            if target is None or target.kind != ref.type.value:
                raise AppError(_("Een kant van deze verbinding hoort niet bij je team."))
    _check_asks(refs, data)
    people = [
        p
        for ids in (data.person_ids, data.trekker_ids, data.supporter_ids)
        for p in refs.require(Person, ids)
    ]
    themes = refs.require(Theme, data.themes)
    if any(p.first_name for p in people) and any(t.is_special_category for t in themes):
        raise AppError(
            _("Thema's als gezondheid of geloof koppel je niet aan een bewoner met naam.")
        )
    return themes


def _check_asks(refs: TeamRefs, data: DiscoveryCreate) -> None:
    if not data.asks:
        return
    if data.kind is not DiscoveryKind.idea:
        raise AppError(_("Alleen een idee vraagt iets aan partners."))
    if len({a.id for a in data.asks}) != len(data.asks):
        raise AppError(_("Twee vragen aan partners hebben hetzelfde nummer."))
    for ask in data.asks:
        if ask.institution_id is None and not ask.partner.strip():
            raise AppError(_("Zeg bij elke vraag aan wie die gaat: een instelling of een partner."))
        if ask.institution_id is not None:
            target = refs.get(Discovery, ask.institution_id)
            if target is None or target.kind != DiscoveryKind.institution.value:
                raise AppError(_("Deze instelling hoort niet bij je team."))


def ask_values(data: DiscoveryCreate) -> list[dict[str, Any]]:
    return [
        {
            "id": str(a.id),
            "what": a.what.strip(),
            "offer": a.offer.value if a.offer else None,
            "institution_id": str(a.institution_id) if a.institution_id else None,
            "partner": "" if a.institution_id else a.partner.strip(),
            "status": a.status.value,
        }
        for a in data.asks
    ]


def discovery_values(
    data: DiscoveryCreate, *, actor_id: uuid.UUID | None, brokered_by_id: uuid.UUID | None
) -> Row:
    lifecycle = LIFECYCLE_BY_KIND.get(data.kind)
    status = data.status
    if status is None and lifecycle is not None:
        status = next(iter(lifecycle)).value
    is_connection = data.kind is DiscoveryKind.connection
    return {
        "conversation_id": data.conversation_id,
        "kind": data.kind.value,
        "title": data.title.strip(),
        "description": data.description.strip(),
        "visibility": data.visibility.value,
        "status": status,
        "quality_type": data.quality_type.value if data.quality_type else None,
        "dimensions": [d.value for d in data.dimensions],
        "willingness": [w.value for w in data.willingness],
        "group_would_like": data.group_would_like.strip(),
        "group_if_asked": data.group_if_asked.strip(),
        "offers": [o.value for o in data.offers],
        "place_type": data.place_type.value if data.place_type else None,
        "exchange_type": data.exchange_type.value if data.exchange_type else None,
        "connection_kind": data.connection_kind.value if data.connection_kind else None,
        "from_ref_type": data.from_ref.type.value if data.from_ref else None,
        "from_ref_id": data.from_ref.id if data.from_ref else None,
        "to_ref_type": data.to_ref.type.value if data.to_ref else None,
        "to_ref_id": data.to_ref.id if data.to_ref else None,
        "brokered_by_id": (brokered_by_id or actor_id) if is_connection else brokered_by_id,
        "idea_self": data.idea_self.strip(),
        "idea_little_help": data.idea_little_help.strip(),
        "idea_outside": data.idea_outside.strip(),
        "asks": ask_values(data),
        "highlight": data.highlight,
    }


def discovery_links(
    discovery_id: uuid.UUID, data: DiscoveryCreate, themes: list[Theme]
) -> tuple[list[Row], list[Row]]:
    people = [
        {"discovery_id": discovery_id, "person_id": person_id, "role": role.value}
        for role, ids in (
            (PersonRole.subject, data.person_ids),
            (PersonRole.trekker, data.trekker_ids),
            (PersonRole.supporter, data.supporter_ids),
        )
        for person_id in dict.fromkeys(ids)
    ]
    theme_rows = [{"discovery_id": discovery_id, "theme_id": t.id} for t in themes]
    return people, theme_rows


def _write_discovery_links(
    session: Session, discovery: Discovery, data: DiscoveryCreate, themes: list[Theme]
) -> None:
    for link_model in (DiscoveryPerson, DiscoveryTheme):
        session.execute(
            delete(link_model).where(
                link_model.discovery_id == discovery.id  # type: ignore[arg-type]
            )
        )
    people, theme_rows = discovery_links(discovery.id, data, themes)
    if people:
        session.execute(insert(DiscoveryPerson), people)
    if theme_rows:
        session.execute(insert(DiscoveryTheme), theme_rows)
    session.flush()


def assign_discovery(
    session: Session,
    team: Team,
    discovery: Discovery,
    *,
    data: DiscoveryCreate,
    actor_id: uuid.UUID | None = None,
) -> None:
    """Give an existing ontdekking the state `data` describes, links included."""
    themes = check_discovery(TeamRefs(session, team), data)
    values = discovery_values(data, actor_id=actor_id, brokered_by_id=discovery.brokered_by_id)
    for name, value in values.items():
        setattr(discovery, name, value)
    session.add(discovery)
    session.flush()
    _write_discovery_links(session, discovery, data, themes)


def create_discovery(
    session: Session,
    team: Team,
    actor_id: uuid.UUID | None,
    *,
    data: DiscoveryCreate,
    discovery_id: uuid.UUID | None = None,
    op_id: uuid.UUID | None = None,
) -> Discovery:
    themes = check_discovery(TeamRefs(session, team), data)
    discovery = Discovery(
        id=discovery_id or uuid.uuid4(),
        team_id=team.id,
        **discovery_values(data, actor_id=actor_id, brokered_by_id=None),
    )
    record_change(
        session,
        discovery,
        entity="discovery",
        actor_id=actor_id,
        action=RevisionAction.create,
        changes={},
        op_id=op_id,
    )
    _write_discovery_links(session, discovery, data, themes)
    return discovery


# ----------------------------------------------------------------------------- follow-ups


def check_follow_up(refs: TeamRefs, data: FollowUpCreate) -> list[Person]:
    """The rules; returns the bewoner it is about (none or one)."""
    if data.owner_id is not None and not refs.is_member(data.owner_id):
        raise AppError(_("De eigenaar van deze afspraak zit niet in je team."))
    if data.conversation_id is not None:
        refs.require(Conversation, [data.conversation_id])
    if data.discovery_id is not None:
        refs.require(Discovery, [data.discovery_id])
    return refs.require(Person, [data.person_id] if data.person_id is not None else [])


def follow_up_contacted(people: list[Person], data: FollowUpCreate) -> list[Person]:
    """A follow-up about a bewoner that is done counts as contact on the moment it was done
    (the weekoverleg's "In gesprek blijven", retention). Reopening it leaves that contact:
    the talk did happen. A phone's clock that runs ahead moves it no further than now."""
    if data.done_at is None:
        return []
    return contacted(people, min(data.done_at, utcnow()))


def follow_up_values(
    data: FollowUpCreate, *, actor_id: uuid.UUID | None, owner_id: uuid.UUID | None
) -> Row:
    return {
        "kind": data.kind.value,
        "what": data.what.strip(),
        "due_on": data.due_on,
        "owner_id": data.owner_id or owner_id or actor_id,
        "conversation_id": data.conversation_id,
        "person_id": data.person_id,
        "discovery_id": data.discovery_id,
        "done_at": data.done_at,
    }


def assign_follow_up(
    session: Session,
    team: Team,
    follow_up: FollowUp,
    *,
    data: FollowUpCreate,
    actor_id: uuid.UUID | None = None,
) -> None:
    people = check_follow_up(TeamRefs(session, team), data)
    values = follow_up_values(data, actor_id=actor_id, owner_id=follow_up.owner_id)
    for name, value in values.items():
        setattr(follow_up, name, value)
    session.add(follow_up)
    for person in follow_up_contacted(people, data):
        session.add(person)
    session.flush()


def create_follow_up(
    session: Session,
    team: Team,
    actor_id: uuid.UUID | None,
    *,
    data: FollowUpCreate,
    follow_up_id: uuid.UUID | None = None,
    op_id: uuid.UUID | None = None,
) -> FollowUp:
    people = check_follow_up(TeamRefs(session, team), data)
    for person in follow_up_contacted(people, data):
        session.add(person)
    follow_up = FollowUp(
        id=follow_up_id or uuid.uuid4(),
        team_id=team.id,
        **follow_up_values(data, actor_id=actor_id, owner_id=None),
    )
    record_change(
        session,
        follow_up,
        entity="follow_up",
        actor_id=actor_id,
        action=RevisionAction.create,
        changes={},
        op_id=op_id,
    )
    return follow_up
