"""The weekoverleg: what is new since the last meeting, what the team decides about it, merges
that need a human, follow-ups per owner, and who the team has not talked to lately.

Every decision about a record is a change like any other (a new version, a change number and
a revision), so the phones pull it and the history keeps it."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, true
from sqlmodel import Session, col, select

from app.auth.models import User
from app.auth.service import Principal
from app.changes.models import Revision, RevisionAction
from app.changes.service import record_change
from app.conversations.models import (
    Conversation,
    Discovery,
    DiscoveryKind,
    DiscoveryTheme,
    FollowUp,
    FollowUpKind,
    IdeaPhase,
    ReviewStatus,
)
from app.conversations.visibility import can_see, visible_discovery
from app.dates import LOCAL, local_today
from app.db import utcnow
from app.errors import AppError, NotFoundError
from app.i18n import gettext as _
from app.people.models import Person
from app.review.models import ReviewMeeting
from app.review.tally import fresh_theme_counts, open_counts
from app.review.values import shown_value
from app.sync.engine import change_from_page
from app.sync.entities import ENTITIES
from app.teams.models import Membership, Theme
from app.text import shorten

KIND_ORDER = [k.value for k in DiscoveryKind]
REVIEW_PAGE = 25  # discoveries per kind on the weekoverleg before "toon alle"
NOTE_MAX = 1000


@dataclass
class ReviewItem:
    discovery: Discovery
    conversation: Conversation | None
    author: str
    themes: list[str]


@dataclass
class KindGroup:
    kind: str
    items: list[ReviewItem]  # the oldest page of them, or all
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


@dataclass
class Conflict:
    revision: Revision
    entity: str
    title: str
    fields: list[tuple[str, str, str]]  # (field, the teammate's value, the merged-in one), shown


@dataclass
class OwnerFollowUps:
    owner: str
    items: list[tuple[FollowUp, bool]]  # (follow-up, overdue?)


@dataclass
class StayInTouch:
    people: list[Person] = field(default_factory=list)
    ideas: list[Discovery] = field(default_factory=list)


def last_meeting(session: Session, team_id: uuid.UUID) -> ReviewMeeting | None:
    return session.exec(
        select(ReviewMeeting)
        .where(col(ReviewMeeting.team_id) == team_id)
        .order_by(col(ReviewMeeting.held_at).desc())
        .limit(1)
    ).first()


def _open_for_review(principal: Principal) -> tuple[ColumnElement[bool], ...]:
    return (
        col(Discovery.team_id) == principal.team.id,
        col(Discovery.deleted_at).is_(None),
        col(Discovery.review_status) == ReviewStatus.new.value,
        visible_discovery(principal),
    )


def _since_last(since: datetime | None) -> ColumnElement[bool]:
    return true() if since is None else col(Discovery.created_at) > since


def new_discoveries(
    session: Session,
    principal: Principal,
    since: datetime | None = None,
    *,
    expand: str | None = None,
    per_kind: int = REVIEW_PAGE,
) -> tuple[list[KindGroup], list[KindGroup]]:
    """Discoveries the team has not decided about yet, by kind, oldest first within a kind:
    those that came in since `since` (the last weekoverleg), and those from before it that
    are still open (so nothing falls through between two meetings).

    A group holds its `per_kind` oldest (all of them for the kind in `expand`) and counts
    them all: a meeting works through the oldest first, and as those are decided the next
    ones come into view. So a team with thousands open still gets its page at once."""
    open_ = _open_for_review(principal)
    fresh_expr = _since_last(since)
    totals = open_counts(session, principal, since)
    if not totals:
        return [], []
    page: dict[tuple[str, bool], list[Discovery]] = {}
    for kind, fresh in sorted(totals, key=lambda key: (KIND_ORDER.index(key[0]), key[1])):
        query = (
            select(Discovery)
            .where(*open_, col(Discovery.kind) == kind, fresh_expr if fresh else ~fresh_expr)
            .order_by(col(Discovery.created_at), col(Discovery.id))
        )
        if kind != expand:
            query = query.limit(per_kind)
        page[(kind, fresh)] = list(session.exec(query))
    shown = [d for discoveries in page.values() for d in discoveries]
    items = _review_items(session, principal.team.id, shown)

    def groups(fresh: bool) -> list[KindGroup]:
        return [
            KindGroup(kind, [items[d.id] for d in page[(kind, fresh)]], totals[(kind, fresh)])
            for kind in KIND_ORDER
            if (kind, fresh) in totals
        ]

    return groups(True), groups(False)


def _review_items(
    session: Session, team_id: uuid.UUID, discoveries: list[Discovery]
) -> dict[uuid.UUID, ReviewItem]:
    ids = [d.id for d in discoveries]
    theme_names = {
        t.id: t.name for t in session.exec(select(Theme).where(col(Theme.team_id) == team_id))
    }
    themes: dict[uuid.UUID, list[str]] = defaultdict(list)
    for link in session.exec(
        select(DiscoveryTheme).where(col(DiscoveryTheme.discovery_id).in_(ids))
    ):
        themes[link.discovery_id].append(theme_names.get(link.theme_id, ""))
    conversation_ids = {d.conversation_id for d in discoveries if d.conversation_id}
    conversations = {
        c.id: c
        for c in session.exec(
            select(Conversation).where(col(Conversation.id).in_(conversation_ids))
        )
    }
    authors = _user_names(session, {d.created_by_id for d in discoveries if d.created_by_id})
    return {
        d.id: ReviewItem(
            discovery=d,
            conversation=conversations.get(d.conversation_id) if d.conversation_id else None,
            author=authors.get(d.created_by_id, "") if d.created_by_id else "",
            themes=sorted(themes[d.id]),
        )
        for d in discoveries
    }


def theme_counts(
    session: Session, principal: Principal, since: datetime | None = None
) -> list[tuple[str, int]]:
    """How often each theme comes up among everything new since the last meeting (not only
    the part on the page)."""
    return fresh_theme_counts(session, principal, since)


@dataclass(frozen=True)
class Decision:
    status: ReviewStatus
    note: str = ""
    highlight: bool | None = None  # None: leave as it is
    follow_up_what: str = ""
    follow_up_owner: uuid.UUID | None = None
    follow_up_due: date | None = None


def decide(
    session: Session, principal: Principal, discovery: Discovery, decision: Decision
) -> FollowUp | None:
    """Besproken / opvolgen / parkeren (and highlight for the krachtenoverzicht), with a note.
    "Opvolgen" makes a follow-up for an owner on a date, linked to the discovery."""
    if len(decision.note) > NOTE_MAX:
        raise AppError(_("Deze notitie is te lang (hooguit 1000 tekens)."))
    follow_up = None
    if decision.status is ReviewStatus.follow_up:
        what = decision.follow_up_what.strip()
        if not what:
            raise AppError(_("Schrijf op wat er opgevolgd wordt."))
        follow_up_id = uuid.uuid4()
        fields: dict[str, Any] = {
            "what": what,
            "owner_id": str(decision.follow_up_owner or principal.user.id),
            "discovery_id": str(discovery.id),
            "due_on": decision.follow_up_due.isoformat() if decision.follow_up_due else None,
        }
        if discovery.conversation_id:
            fields["conversation_id"] = str(discovery.conversation_id)
        change_from_page(
            session, principal, "follow_up", follow_up_id, base_version=None, fields=fields
        )
        follow_up = session.get(FollowUp, follow_up_id)
    changes: dict[str, tuple[Any, Any]] = {}
    now = utcnow()
    new_values: dict[str, Any] = {
        "review_status": decision.status.value,
        "review_note": decision.note.strip(),
    }
    if decision.highlight is not None:
        new_values["highlight"] = decision.highlight
    for name, value in new_values.items():
        if getattr(discovery, name) != value:
            changes[name] = (getattr(discovery, name), value)
            setattr(discovery, name, value)
    discovery.reviewed_at = now
    discovery.reviewed_by_id = principal.user.id
    if changes:
        record_change(
            session,
            discovery,
            entity="discovery",
            actor_id=principal.user.id,
            action=RevisionAction.update,
            changes=changes,
        )
    return follow_up


def open_conflicts(session: Session, principal: Principal) -> list[Conflict]:
    """Merges where a device and the server changed the same field: both values, so the
    team can keep either (the history keeps both anyway)."""
    revisions = session.exec(
        select(Revision)
        .where(
            col(Revision.team_id) == principal.team.id,
            col(Revision.action) == RevisionAction.merge.value,
            col(Revision.resolved_at).is_(None),
        )
        .order_by(col(Revision.change_seq))
    ).all()
    conflicts = []
    for revision in revisions:
        if not revision.conflict_fields:
            continue
        entity = ENTITIES.get(revision.entity)
        record = session.get(entity.model, revision.record_id) if entity else None
        if record is None or record.is_deleted:
            continue
        if isinstance(record, Discovery) and not can_see(principal, record):
            continue
        title = _record_title(record)
        fields = [
            (
                name,
                shown_value(revision.entity, name, revision.changes[name]["old"]),
                shown_value(revision.entity, name, revision.changes[name]["new"]),
            )
            for name in revision.conflict_fields
            if name in revision.changes
        ]
        conflicts.append(Conflict(revision, revision.entity, title, fields))
    return conflicts


def resolve_conflict(session: Session, principal: Principal, revision_id: int, keep: str) -> None:
    """keep="merged": the value the merge wrote stays; keep="earlier": the teammate's value
    it replaced is written back, as a new change."""
    revision = session.get(Revision, revision_id)
    if revision is None or revision.team_id != principal.team.id or not revision.conflict_fields:
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    if revision.resolved_at is not None:
        return
    if keep not in ("merged", "earlier"):
        raise AppError(_("Kies welke waarde blijft."))
    if keep == "earlier":
        entity = ENTITIES[revision.entity]
        record = session.get(entity.model, revision.record_id)
        if record is None or record.is_deleted:
            raise NotFoundError(_("Dit bestaat niet (meer)."))
        earlier = {
            name: revision.changes[name]["old"]
            for name in revision.conflict_fields
            if name in revision.changes
        }
        change_from_page(
            session,
            principal,
            revision.entity,
            record.id,
            base_version=record.version,
            fields=earlier,
        )
    revision.resolved_at = utcnow()
    revision.resolved_by_id = principal.user.id
    session.add(revision)
    session.flush()


def follow_ups_by_owner(
    session: Session, principal: Principal, today: date
) -> list[OwnerFollowUps]:
    """Open follow-ups due within a week or still open after their day, per owner."""
    rows = session.exec(
        select(FollowUp)
        .where(
            col(FollowUp.team_id) == principal.team.id,
            col(FollowUp.deleted_at).is_(None),
            col(FollowUp.done_at).is_(None),
            col(FollowUp.kind) == FollowUpKind.agreement.value,  # talk_to: "Nog te spreken"
            col(FollowUp.due_on).is_not(None),
            col(FollowUp.due_on) <= today + timedelta(days=7),
        )
        .order_by(col(FollowUp.due_on), col(FollowUp.what))
    ).all()
    names = _user_names(session, {f.owner_id for f in rows if f.owner_id})
    by_owner: dict[str, list[tuple[FollowUp, bool]]] = defaultdict(list)
    for item in rows:
        owner = names.get(item.owner_id, _("Niemand")) if item.owner_id else _("Niemand")
        assert item.due_on is not None
        by_owner[owner].append((item, item.due_on < today))
    return [OwnerFollowUps(owner, items) for owner, items in sorted(by_owner.items())]


def stay_in_touch(session: Session, principal: Principal, now: datetime) -> StayInTouch:
    """People and ideas without contact for the team's number of weeks."""
    cutoff = now - timedelta(weeks=principal.team.stale_contact_weeks)
    people = session.exec(
        select(Person)
        .where(
            col(Person.team_id) == principal.team.id,
            col(Person.deleted_at).is_(None),
            col(Person.last_contact_at).is_not(None),
            col(Person.last_contact_at) < cutoff,
        )
        .order_by(col(Person.last_contact_at))
        .limit(20)
    ).all()
    ideas = session.exec(
        select(Discovery)
        .where(
            col(Discovery.team_id) == principal.team.id,
            col(Discovery.deleted_at).is_(None),
            col(Discovery.kind) == DiscoveryKind.idea.value,
            col(Discovery.status).not_in(
                [IdeaPhase.stopped.value, IdeaPhase.self_sustaining.value]
            ),
            col(Discovery.updated_at) < cutoff,
            visible_discovery(principal),
        )
        .order_by(col(Discovery.updated_at))
        .limit(20)
    ).all()
    return StayInTouch(list(people), list(ideas))


def record_meeting(
    session: Session,
    principal: Principal,
    *,
    held_on: date,
    attendee_ids: list[uuid.UUID],
    notes: str,
) -> ReviewMeeting:
    """A weekoverleg that took place: today's at this moment, an earlier day's at half past
    nine that morning (Amsterdam time); never one still to come."""
    now = utcnow()
    if held_on > local_today(now):
        raise AppError(_("Een weekoverleg leg je vast als het geweest is."))
    if held_on == local_today(now):
        held_at = now
    else:
        held_at = datetime.combine(held_on, time(9, 30), tzinfo=LOCAL).astimezone(UTC)
    if len(notes) > 5000:
        raise AppError(_("Deze notities zijn te lang (hooguit 5000 tekens)."))
    members = set(
        session.exec(select(Membership.user_id).where(col(Membership.team_id) == principal.team.id))
    )
    if not set(attendee_ids) <= members:
        raise AppError(_("Wie er was, moet in je team zitten."))
    meeting = ReviewMeeting(
        team_id=principal.team.id,
        held_at=held_at,
        attendee_ids=[str(a) for a in attendee_ids],
        notes=notes.strip(),
        created_by_id=principal.user.id,
    )
    session.add(meeting)
    session.flush()
    return meeting


def _user_names(session: Session, ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not ids:
        return {}
    return {u.id: u.name for u in session.exec(select(User).where(col(User.id).in_(ids)))}


def _record_title(record: Any) -> str:
    for name in ("title", "summary", "what", "description", "recognition", "pseudonym"):
        value = getattr(record, name, "")
        if value:
            return shorten(str(value), 80)
    return ""
