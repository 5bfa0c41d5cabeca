"""Creating gesprekken, ontdekkingen and vervolgafspraken, and the rules that keep them
team-bound and within the language of strengths."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import TypeVar

from sqlmodel import Session, col, select

from app.changes.models import RevisionAction, SyncedRecord
from app.changes.service import jsonable, record_change
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


def _changes_of(record: SyncedRecord, fields: Sequence[str]) -> dict[str, tuple[object, object]]:
    return {name: (None, jsonable(getattr(record, name))) for name in fields}


def create_conversation(
    session: Session,
    team: Team,
    actor_id: uuid.UUID | None,
    *,
    data: ConversationCreate,
    conversation_id: uuid.UUID | None = None,
) -> Conversation:
    neighbourhood = session.get(Neighbourhood, data.neighbourhood_id)
    if neighbourhood is None or neighbourhood.team_id != team.id:
        raise AppError(_("Deze buurt hoort niet bij je team."))
    people = _require_in_team(session, Person, data.person_ids, team.id)
    conversation = Conversation(
        id=conversation_id or uuid.uuid4(),
        team_id=team.id,
        neighbourhood_id=neighbourhood.id,
        occurred_at=data.occurred_at,
        kind=data.kind.value,
        place=data.place.strip(),
        summary=data.summary.strip(),
        unnamed_count=data.unnamed_count,
        prompt_ids=[str(p) for p in data.prompt_ids],
        referrals=data.referrals.strip(),
    )
    record_change(
        session,
        conversation,
        entity="conversation",
        actor_id=actor_id,
        action=RevisionAction.create,
        changes=_changes_of(conversation, ("neighbourhood_id", "occurred_at", "kind", "summary")),
    )
    for person in people:
        session.add(ConversationPerson(conversation_id=conversation.id, person_id=person.id))
        if person.last_contact_at is None or person.last_contact_at < data.occurred_at:
            person.last_contact_at = data.occurred_at
            session.add(person)
    session.flush()
    return conversation


def _check_discovery(session: Session, team: Team, data: DiscoveryCreate) -> None:
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


def create_discovery(
    session: Session,
    team: Team,
    actor_id: uuid.UUID | None,
    *,
    data: DiscoveryCreate,
    discovery_id: uuid.UUID | None = None,
) -> Discovery:
    _check_discovery(session, team, data)
    roles = (
        (PersonRole.subject, data.person_ids),
        (PersonRole.trekker, data.trekker_ids),
        (PersonRole.supporter, data.supporter_ids),
    )
    people = {
        p.id: p for _role, ids in roles for p in _require_in_team(session, Person, ids, team.id)
    }
    themes = _require_in_team(session, Theme, data.themes, team.id)
    named = any(p.first_name for p in people.values())
    if named and any(t.is_special_category for t in themes):
        raise AppError(
            _("Thema's als gezondheid of geloof koppel je niet aan een bewoner met naam.")
        )
    lifecycle = LIFECYCLE_BY_KIND.get(data.kind)
    status = data.status
    if status is None and lifecycle is not None:
        status = next(iter(lifecycle)).value
    discovery = Discovery(
        id=discovery_id or uuid.uuid4(),
        team_id=team.id,
        conversation_id=data.conversation_id,
        kind=data.kind.value,
        title=data.title.strip(),
        description=data.description.strip(),
        visibility=data.visibility.value,
        status=status,
        quality_type=data.quality_type.value if data.quality_type else None,
        dimensions=[d.value for d in data.dimensions],
        willingness=[w.value for w in data.willingness],
        group_would_like=data.group_would_like.strip(),
        group_if_asked=data.group_if_asked.strip(),
        offers=[o.value for o in data.offers],
        place_type=data.place_type.value if data.place_type else None,
        exchange_type=data.exchange_type.value if data.exchange_type else None,
        connection_kind=data.connection_kind.value if data.connection_kind else None,
        from_ref_type=data.from_ref.type.value if data.from_ref else None,
        from_ref_id=data.from_ref.id if data.from_ref else None,
        to_ref_type=data.to_ref.type.value if data.to_ref else None,
        to_ref_id=data.to_ref.id if data.to_ref else None,
        brokered_by_id=actor_id if data.kind is DiscoveryKind.connection else None,
        idea_self=data.idea_self.strip(),
        idea_little_help=data.idea_little_help.strip(),
        idea_outside=data.idea_outside.strip(),
        highlight=data.highlight,
    )
    record_change(
        session,
        discovery,
        entity="discovery",
        actor_id=actor_id,
        action=RevisionAction.create,
        changes=_changes_of(discovery, ("kind", "title", "description", "visibility", "status")),
    )
    for role, ids in roles:
        for person_id in dict.fromkeys(ids):
            session.add(
                DiscoveryPerson(discovery_id=discovery.id, person_id=person_id, role=role.value)
            )
    for theme in themes:
        session.add(DiscoveryTheme(discovery_id=discovery.id, theme_id=theme.id))
    session.flush()
    return discovery


def create_follow_up(
    session: Session,
    team: Team,
    actor_id: uuid.UUID | None,
    *,
    data: FollowUpCreate,
    follow_up_id: uuid.UUID | None = None,
) -> FollowUp:
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
    follow_up = FollowUp(
        id=follow_up_id or uuid.uuid4(),
        team_id=team.id,
        what=data.what.strip(),
        due_on=data.due_on,
        owner_id=data.owner_id or actor_id,
        conversation_id=data.conversation_id,
        person_id=data.person_id,
        discovery_id=data.discovery_id,
        done_at=data.done_at,
    )
    record_change(
        session,
        follow_up,
        entity="follow_up",
        actor_id=actor_id,
        action=RevisionAction.create,
        changes=_changes_of(follow_up, ("what", "due_on", "owner_id")),
    )
    return follow_up


def recent_conversations_of(
    session: Session, team_id: uuid.UUID, author_id: uuid.UUID, *, limit: int = 20
) -> list[Conversation]:
    return list(
        session.exec(
            select(Conversation)
            .where(
                Conversation.team_id == team_id,
                Conversation.created_by_id == author_id,
                col(Conversation.deleted_at).is_(None),
            )
            .order_by(col(Conversation.occurred_at).desc())
            .limit(limit)
        )
    )


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


def open_follow_ups_of(
    session: Session, team_id: uuid.UUID, owner_id: uuid.UUID, *, limit: int = 20
) -> list[FollowUp]:
    return list(
        session.exec(
            select(FollowUp)
            .where(
                FollowUp.team_id == team_id,
                FollowUp.owner_id == owner_id,
                col(FollowUp.done_at).is_(None),
                col(FollowUp.deleted_at).is_(None),
            )
            .order_by(col(FollowUp.due_on).asc().nulls_last())
            .limit(limit)
        )
    )
