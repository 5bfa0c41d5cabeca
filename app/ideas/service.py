"""The ideas board: every idea of the team by phase, with who carries it and the three ABCD
questions (what can we do ourselves, with a little help, what do we need from outside)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from app.auth.service import Principal
from app.conversations.models import Discovery, DiscoveryKind, DiscoveryPerson, IdeaPhase
from app.journey.service import visible_discovery
from app.people.models import Person
from app.people.profile import display_name

PHASES = [p.value for p in IdeaPhase]
# An idea without a phase yet is a dream.
DEFAULT_PHASE = IdeaPhase.dream.value


@dataclass
class IdeaCard:
    idea: Discovery
    trekkers: list[tuple[uuid.UUID, str]] = field(default_factory=list)
    supporters: list[tuple[uuid.UUID, str]] = field(default_factory=list)


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
            entry = (person.id, display_name(person))
            if link.role == "trekker":
                cards[link.discovery_id].trekkers.append(entry)
            elif link.role == "supporter":
                cards[link.discovery_id].supporters.append(entry)
    columns: dict[str, list[IdeaCard]] = defaultdict(list)
    for card in cards.values():
        columns[card.idea.status or DEFAULT_PHASE].append(card)
    return [(phase, columns[phase]) for phase in PHASES]
