"""The ideas board: every idea of the team by phase, with who carries it and the three ABCD
questions (what can we do ourselves, with a little help, what do we need from outside)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from app.auth.models import User
from app.auth.service import Principal
from app.changes.models import Revision
from app.conversations.models import Discovery, DiscoveryKind, DiscoveryPerson, IdeaPhase
from app.conversations.visibility import visible_discovery
from app.people.models import Person
from app.people.sharing import name_of

PHASES = [p.value for p in IdeaPhase]
# An idea without a phase yet is a dream.
DEFAULT_PHASE = IdeaPhase.dream.value


@dataclass(frozen=True)
class PhaseChange:
    when: datetime
    who: str
    old: str
    new: str


@dataclass
class IdeaCard:
    idea: Discovery
    trekkers: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    supporters: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    history: list[PhaseChange] = field(default_factory=list)


def ideas_by_phase(session: Session, principal: Principal) -> list[tuple[str, list[IdeaCard]]]:
    ideas = session.exec(
        select(Discovery)
        .where(
            col(Discovery.team_id) == principal.team.id,
            col(Discovery.kind) == DiscoveryKind.idea.value,
            col(Discovery.deleted_at).is_(None),
            visible_discovery(principal),
        )
        .order_by(col(Discovery.updated_at).desc())
    ).all()
    cards = {idea.id: IdeaCard(idea) for idea in ideas}
    if cards:
        for link, person in session.exec(
            select(DiscoveryPerson, Person)
            .join(Person, col(Person.id) == col(DiscoveryPerson.person_id))
            .where(col(DiscoveryPerson.discovery_id).in_(list(cards)))
            .order_by(col(Person.pseudonym))
        ):
            entry = (person.id, name_of(person))
            if link.role == "trekker":
                cards[link.discovery_id].trekkers.append(entry)
            elif link.role == "supporter":
                cards[link.discovery_id].supporters.append(entry)
    _add_history(session, cards)
    columns: dict[str, list[IdeaCard]] = defaultdict(list)
    for card in cards.values():
        columns[card.idea.status or DEFAULT_PHASE].append(card)
    return [(phase, columns[phase]) for phase in PHASES]


def _add_history(session: Session, cards: dict[uuid.UUID, IdeaCard]) -> None:
    """Every move between phases, from the revision history (newest first)."""
    if not cards:
        return
    revisions = session.exec(
        select(Revision)
        .where(col(Revision.entity) == "discovery", col(Revision.record_id).in_(list(cards)))
        .order_by(col(Revision.version).desc())
    ).all()
    moves = [r for r in revisions if "status" in r.changes]
    names = {
        u.id: u.name
        for u in session.exec(
            select(User).where(
                col(User.id).in_({r.changed_by_id for r in moves if r.changed_by_id})
            )
        )
    }
    for revision in moves:
        change = revision.changes["status"]
        cards[revision.record_id].history.append(
            PhaseChange(
                revision.changed_at,
                names.get(revision.changed_by_id, "") if revision.changed_by_id else "",
                change.get("old") or DEFAULT_PHASE,
                change.get("new") or DEFAULT_PHASE,
            )
        )
