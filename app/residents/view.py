"""What a bewoner sees on her own page: the one place that decides it (DESIGN.md §5).

What the team noted about her, as noted: the discoveries that name her (as the one it is about,
as an idea's trekker or as a helper) and the connections she is one end of. Never a private
note (that is its author's alone), never the team's own working status (review, notes,
highlight, follow-ups), never another bewoner: their names in the text read "een bewoner",
as do names withdrawn or erased, and the other end of a connection, when it is a person, is
"een andere bewoner". Plus who in the team made her link, to contact.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, or_
from sqlmodel import Session, col, select

from app.auth.models import User
from app.conversations.models import (
    Discovery,
    DiscoveryKind,
    DiscoveryPerson,
    PersonRole,
    RefType,
    Visibility,
)
from app.i18n import gettext as _
from app.people.models import Person
from app.people.scrub import redactor_for
from app.people.service import current_consent
from app.residents.models import ResidentLink, ResidentProposal
from app.teams.models import Team
from app.text import shorten

Redact = Callable[[str], str]

PROPOSALS_SHOWN = 30
# The page's sections, in this order: what she can, what she belongs to, what she carries.
SECTIONS = (
    DiscoveryKind.quality,
    DiscoveryKind.group,
    DiscoveryKind.idea,
    DiscoveryKind.connection,
    DiscoveryKind.exchange,
    DiscoveryKind.story,
    DiscoveryKind.place,
    DiscoveryKind.institution,
)


@dataclass(frozen=True)
class NotedItem:
    id: uuid.UUID
    kind: str
    roles: tuple[str, ...]  # PersonRole values: about her, she carries it, she helps
    title: str
    description: str
    dimensions: list[str]
    willingness: list[str]
    quality_type: str | None
    status: str | None  # an idea's phase, a connection's state
    group_would_like: str
    group_if_asked: str
    idea_self: str
    idea_little_help: str
    idea_outside: str
    asks: list[dict[str, str]]  # an idea's asks of partners, for its trekker
    other_end: str = ""  # a connection: who or what she is connected with
    version: int = 1  # the version her page shows (her proposal is on it)


@dataclass(frozen=True)
class ProposalShown:
    """One of her proposals, as she sent it, and what the team decided."""

    kind: str  # ProposalKind
    about: str  # the title of what it is about, as her page shows it; "" for something new
    fields: dict[str, Any]
    remark: str
    created_at: datetime
    outcome: str | None  # ProposalOutcome; None while it lies with the team


@dataclass(frozen=True)
class ResidentView:
    person_id: uuid.UUID
    first_name: str | None
    team_name: str
    contact: str | None  # who in the team made the link
    expires_at: datetime
    consent: list[str]
    sections: list[tuple[str, list[NotedItem]]] = field(default_factory=list)
    proposals: list[ProposalShown] = field(default_factory=list)

    @property
    def noted(self) -> int:
        return sum(len(items) for _, items in self.sections)

    @property
    def items(self) -> list[NotedItem]:
        return [item for _, items in self.sections for item in items]


def resident_view(session: Session, link: ResidentLink) -> ResidentView:
    person = session.get(Person, link.person_id)
    team = session.get(Team, link.team_id)
    # open_link checked the link and its bewoner.
    assert person is not None
    assert team is not None
    contact = session.get(User, link.created_by_id) if link.created_by_id else None
    consent = current_consent(session, person.id)
    redact = redactor_for(session, person)
    items = _about_her(session, person, redact)
    by_kind: dict[str, list[NotedItem]] = {}
    for item in items:
        by_kind.setdefault(item.kind, []).append(item)
    return ResidentView(
        person_id=person.id,
        first_name=person.first_name,
        team_name=team.name,
        contact=contact.name if contact is not None and contact.is_active else None,
        expires_at=link.expires_at,
        consent=list(consent.scopes) if consent is not None else [],
        sections=[(kind.value, by_kind[kind.value]) for kind in SECTIONS if kind.value in by_kind],
        proposals=_her_proposals(session, person.id, {i.id: i for i in items}),
    )


def _her_proposals(
    session: Session, person_id: uuid.UUID, items: dict[uuid.UUID, NotedItem]
) -> list[ProposalShown]:
    shown = []
    for p in session.exec(
        select(ResidentProposal)
        .where(col(ResidentProposal.person_id) == person_id)
        .order_by(col(ResidentProposal.created_at).desc())
        .limit(PROPOSALS_SHOWN)
    ):
        item = items.get(p.discovery_id) if p.discovery_id is not None else None
        about = (item.title or shorten(item.description, 80)) if item is not None else ""
        if p.discovery_id is not None and item is None:
            about = _("iets dat niet meer op je pagina staat")
        shown.append(ProposalShown(p.kind, about, p.fields, p.remark, p.created_at, p.outcome))
    return shown


def noted_items(session: Session, person: Person) -> list[NotedItem]:
    """Everything noted about her as her page shows it."""
    return _about_her(session, person, redactor_for(session, person))


def _shown(team_id: uuid.UUID) -> ColumnElement[bool]:
    return and_(
        col(Discovery.team_id) == team_id,
        col(Discovery.deleted_at).is_(None),
        col(Discovery.visibility) != Visibility.private.value,
    )


def _about_her(session: Session, person: Person, redact: Redact) -> list[NotedItem]:
    roles: dict[uuid.UUID, set[str]] = {}
    for discovery_id, role in session.exec(
        select(DiscoveryPerson.discovery_id, DiscoveryPerson.role).where(
            col(DiscoveryPerson.person_id) == person.id
        )
    ):
        roles.setdefault(discovery_id, set()).add(role)
    her = (RefType.person.value, person.id)
    connected = or_(
        and_(col(Discovery.from_ref_type) == her[0], col(Discovery.from_ref_id) == her[1]),
        and_(col(Discovery.to_ref_type) == her[0], col(Discovery.to_ref_id) == her[1]),
    )
    found = session.exec(
        select(Discovery)
        .where(
            _shown(person.team_id),
            or_(col(Discovery.id).in_(list(roles)), connected),
        )
        .order_by(col(Discovery.created_at).desc(), col(Discovery.id))
    ).all()
    ends = _other_ends(session, person, [d for d in found if d.kind == "connection"], redact)
    institutions = _titles(
        session,
        person.team_id,
        [a.get("institution_id") for d in found for a in d.asks or [] if isinstance(a, dict)],
        redact,
    )
    order = [r.value for r in PersonRole]
    return [
        NotedItem(
            id=d.id,
            kind=d.kind,
            roles=tuple(r for r in order if r in roles.get(d.id, ())),
            title=redact(d.title),
            description=redact(d.description),
            dimensions=list(d.dimensions),
            willingness=list(d.willingness),
            quality_type=d.quality_type,
            status=d.status,
            group_would_like=redact(d.group_would_like),
            group_if_asked=redact(d.group_if_asked),
            idea_self=redact(d.idea_self),
            idea_little_help=redact(d.idea_little_help),
            idea_outside=redact(d.idea_outside),
            asks=_asks(d, roles.get(d.id, set()), institutions, redact),
            other_end=ends.get(d.id, ""),
            version=d.version,
        )
        for d in found
    ]


def _asks(
    d: Discovery, roles: set[str], institutions: dict[str, str], redact: Redact
) -> list[dict[str, str]]:
    """An idea's asks of partners: hers to follow when she carries it."""
    if d.kind != DiscoveryKind.idea.value or PersonRole.trekker.value not in roles:
        return []
    return [
        {
            "what": redact(str(ask.get("what") or "")),
            "partner": redact(str(ask.get("partner") or ""))
            or institutions.get(str(ask.get("institution_id")), ""),
            "status": str(ask.get("status") or ""),
        }
        for ask in d.asks or []
        if isinstance(ask, dict)
    ]


def _titles(session: Session, team_id: uuid.UUID, ids: list[Any], redact: Redact) -> dict[str, str]:
    """The titles of discoveries the team may show (by id as text)."""
    wanted = []
    for value in ids:
        try:
            wanted.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    if not wanted:
        return {}
    return {
        str(d.id): redact(d.title or shorten(d.description, 80))
        for d in session.exec(
            select(Discovery).where(_shown(team_id), col(Discovery.id).in_(wanted))
        )
    }


def _other_ends(
    session: Session, person: Person, connections: list[Discovery], redact: Redact
) -> dict[uuid.UUID, str]:
    """Who or what each connection links her with: a group, place, institution or idea by its
    title (when the team may show it); another bewoner only as such."""
    ends: dict[uuid.UUID, tuple[str | None, uuid.UUID | None]] = {}
    for d in connections:
        if d.from_ref_type == RefType.person.value and d.from_ref_id == person.id:
            ends[d.id] = (d.to_ref_type, d.to_ref_id)
        else:
            ends[d.id] = (d.from_ref_type, d.from_ref_id)
    titles = _titles(
        session,
        person.team_id,
        [i for kind, i in ends.values() if kind != RefType.person.value and i is not None],
        redact,
    )
    return {
        discovery_id: _("een andere bewoner")
        if kind == RefType.person.value
        else titles.get(str(other_id), "")
        for discovery_id, (kind, other_id) in ends.items()
    }
