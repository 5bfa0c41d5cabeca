"""Creating gesprekken, ontdekkingen and vervolgafspraken, and the rules that keep them
team-bound and within the language of strengths."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.changes.models import RevisionAction, SyncedRecord
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
from app.errors import AppError
from app.i18n import gettext as _
from app.people.models import Person
from app.teams.models import Membership, Neighbourhood, Team, Theme

RecordT = TypeVar("RecordT", bound=SyncedRecord)


def _require_in_team(
    session: Session, model: type[RecordT], ids: Iterable[uuid.UUID], team_id: uuid.UUID
) -> list[RecordT]:
    wanted = set(ids)
    if not wanted:
        return []
    found = list(
        session.exec(select(model).where(col(model.id).in_(wanted), model.team_id == team_id))
    )
    if len(found) != len(wanted):
        raise AppError(_("Niet alles waarnaar verwezen wordt hoort bij je team."))
    return found


def _check_conversation(session: Session, team: Team, data: ConversationCreate) -> list[Person]:
    neighbourhood = session.get(Neighbourhood, data.neighbourhood_id)
    if neighbourhood is None or neighbourhood.team_id != team.id:
        raise AppError(_("Deze buurt hoort niet bij je team."))
    return _require_in_team(session, Person, data.person_ids, team.id)


def assign_conversation(
    session: Session,
    team: Team,
    conversation: Conversation,
    *,
    data: ConversationCreate,
    actor_id: uuid.UUID | None = None,
) -> None:
    """Give a new or existing gesprek the state `data` describes, links included. Changes
    to existing records go through app.sync.service.apply_change, which keeps the revision."""
    people = _check_conversation(session, team, data)
    conversation.neighbourhood_id = data.neighbourhood_id
    conversation.occurred_at = data.occurred_at
    conversation.kind = data.kind.value
    conversation.place = data.place.strip()
    conversation.summary = data.summary.strip()
    conversation.unnamed_count = data.unnamed_count
    conversation.prompt_ids = [str(p) for p in data.prompt_ids]
    conversation.referrals = data.referrals.strip()
    session.add(conversation)
    session.flush()
    session.execute(
        delete(ConversationPerson).where(
            ConversationPerson.conversation_id == conversation.id  # type: ignore[arg-type]
        )
    )
    for person in people:
        session.add(ConversationPerson(conversation_id=conversation.id, person_id=person.id))
        if person.last_contact_at is None or person.last_contact_at < data.occurred_at:
            person.last_contact_at = data.occurred_at
            session.add(person)
    session.flush()


def create_conversation(
    session: Session,
    team: Team,
    actor_id: uuid.UUID | None,
    *,
    data: ConversationCreate,
    conversation_id: uuid.UUID | None = None,
    op_id: uuid.UUID | None = None,
) -> Conversation:
    _check_conversation(session, team, data)
    conversation = Conversation(
        id=conversation_id or uuid.uuid4(),
        team_id=team.id,
        neighbourhood_id=data.neighbourhood_id,
        occurred_at=data.occurred_at,
        summary=data.summary,
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
    assign_conversation(session, team, conversation, data=data)
    return conversation


def _check_discovery(session: Session, team: Team, data: DiscoveryCreate) -> list[Theme]:
    if not data.title.strip() and not data.description.strip():
        raise AppError(_("Geef de ontdekking een titel of een korte beschrijving."))
    lifecycle = LIFECYCLE_BY_KIND.get(data.kind)
    if data.status is not None and (
        lifecycle is None or data.status not in {s.value for s in lifecycle}
    ):
        raise AppError(_("Deze status past niet bij dit soort ontdekking."))
    if data.kind is DiscoveryKind.connection and (data.from_ref is None or data.to_ref is None):
        raise AppError(_("Een verbinding heeft twee kanten nodig."))
    if data.conversation_id is not None:
        conversation = session.get(Conversation, data.conversation_id)
        if conversation is None or conversation.team_id != team.id:
            raise AppError(_("Dit gesprek hoort niet bij je team."))
    for ref in (data.from_ref, data.to_ref):
        if ref is None:
            continue
        if ref.type is RefType.person:
            _require_in_team(session, Person, [ref.id], team.id)
        else:
            target = session.get(Discovery, ref.id)
            if target is None or target.team_id != team.id or target.kind != ref.type.value:
                raise AppError(_("Een kant van deze verbinding hoort niet bij je team."))
    people = {
        p.id: p
        for ids in (data.person_ids, data.trekker_ids, data.supporter_ids)
        for p in _require_in_team(session, Person, ids, team.id)
    }
    themes = _require_in_team(session, Theme, data.themes, team.id)
    if any(p.first_name for p in people.values()) and any(t.is_special_category for t in themes):
        raise AppError(
            _("Thema's als gezondheid of geloof koppel je niet aan een bewoner met naam.")
        )
    return themes


def assign_discovery(
    session: Session,
    team: Team,
    discovery: Discovery,
    *,
    data: DiscoveryCreate,
    actor_id: uuid.UUID | None = None,
) -> None:
    """Give a new or existing ontdekking the state `data` describes, links included."""
    themes = _check_discovery(session, team, data)
    lifecycle = LIFECYCLE_BY_KIND.get(data.kind)
    status = data.status
    if status is None and lifecycle is not None:
        status = next(iter(lifecycle)).value
    discovery.conversation_id = data.conversation_id
    discovery.kind = data.kind.value
    discovery.title = data.title.strip()
    discovery.description = data.description.strip()
    discovery.visibility = data.visibility.value
    discovery.status = status
    discovery.quality_type = data.quality_type.value if data.quality_type else None
    discovery.dimensions = [d.value for d in data.dimensions]
    discovery.willingness = [w.value for w in data.willingness]
    discovery.group_would_like = data.group_would_like.strip()
    discovery.group_if_asked = data.group_if_asked.strip()
    discovery.offers = [o.value for o in data.offers]
    discovery.place_type = data.place_type.value if data.place_type else None
    discovery.exchange_type = data.exchange_type.value if data.exchange_type else None
    discovery.connection_kind = data.connection_kind.value if data.connection_kind else None
    discovery.from_ref_type = data.from_ref.type.value if data.from_ref else None
    discovery.from_ref_id = data.from_ref.id if data.from_ref else None
    discovery.to_ref_type = data.to_ref.type.value if data.to_ref else None
    discovery.to_ref_id = data.to_ref.id if data.to_ref else None
    if data.kind is DiscoveryKind.connection and discovery.brokered_by_id is None:
        discovery.brokered_by_id = actor_id
    discovery.idea_self = data.idea_self.strip()
    discovery.idea_little_help = data.idea_little_help.strip()
    discovery.idea_outside = data.idea_outside.strip()
    discovery.highlight = data.highlight
    session.add(discovery)
    session.flush()
    session.execute(
        delete(DiscoveryPerson).where(
            DiscoveryPerson.discovery_id == discovery.id  # type: ignore[arg-type]
        )
    )
    session.execute(
        delete(DiscoveryTheme).where(
            DiscoveryTheme.discovery_id == discovery.id  # type: ignore[arg-type]
        )
    )
    for role, ids in (
        (PersonRole.subject, data.person_ids),
        (PersonRole.trekker, data.trekker_ids),
        (PersonRole.supporter, data.supporter_ids),
    ):
        for person_id in dict.fromkeys(ids):
            session.add(
                DiscoveryPerson(discovery_id=discovery.id, person_id=person_id, role=role.value)
            )
    for theme in themes:
        session.add(DiscoveryTheme(discovery_id=discovery.id, theme_id=theme.id))
    session.flush()


def create_discovery(
    session: Session,
    team: Team,
    actor_id: uuid.UUID | None,
    *,
    data: DiscoveryCreate,
    discovery_id: uuid.UUID | None = None,
    op_id: uuid.UUID | None = None,
) -> Discovery:
    _check_discovery(session, team, data)
    discovery = Discovery(id=discovery_id or uuid.uuid4(), team_id=team.id, kind=data.kind.value)
    record_change(
        session,
        discovery,
        entity="discovery",
        actor_id=actor_id,
        action=RevisionAction.create,
        changes={},
        op_id=op_id,
    )
    assign_discovery(session, team, discovery, data=data, actor_id=actor_id)
    return discovery


def _check_follow_up(session: Session, team: Team, data: FollowUpCreate) -> None:
    if data.owner_id is not None:
        member = session.exec(
            select(Membership).where(
                Membership.user_id == data.owner_id, Membership.team_id == team.id
            )
        ).first()
        if member is None:
            raise AppError(_("De eigenaar van deze afspraak zit niet in je team."))
    for model, ref_id in (
        (Conversation, data.conversation_id),
        (Person, data.person_id),
        (Discovery, data.discovery_id),
    ):
        if ref_id is not None:
            _require_in_team(session, model, [ref_id], team.id)


def assign_follow_up(
    session: Session,
    team: Team,
    follow_up: FollowUp,
    *,
    data: FollowUpCreate,
    actor_id: uuid.UUID | None = None,
) -> None:
    _check_follow_up(session, team, data)
    follow_up.what = data.what.strip()
    follow_up.due_on = data.due_on
    follow_up.owner_id = data.owner_id or follow_up.owner_id or actor_id
    follow_up.conversation_id = data.conversation_id
    follow_up.person_id = data.person_id
    follow_up.discovery_id = data.discovery_id
    follow_up.done_at = data.done_at
    session.add(follow_up)
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
    _check_follow_up(session, team, data)
    follow_up = FollowUp(id=follow_up_id or uuid.uuid4(), team_id=team.id, what=data.what)
    record_change(
        session,
        follow_up,
        entity="follow_up",
        actor_id=actor_id,
        action=RevisionAction.create,
        changes={},
        op_id=op_id,
    )
    assign_follow_up(session, team, follow_up, data=data, actor_id=actor_id)
    return follow_up


def discoveries_of(session: Session, conversation_id: uuid.UUID) -> list[Discovery]:
    return list(
        session.exec(
            select(Discovery)
            .where(
                Discovery.conversation_id == conversation_id,
                col(Discovery.deleted_at).is_(None),
            )
            .order_by(col(Discovery.created_at))
        )
    )
