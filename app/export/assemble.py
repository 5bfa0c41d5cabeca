"""The krachtenoverzicht, assembled once from the database for every format (the page, print,
and later PDF, XLSX and CSV): what a buurt has and does, in residents' own words, without
exposing anyone who did not agree to it.

Privacy rules, all here and nowhere else:
- only discoveries with visibility "overview", or highlighted by the team in the weekoverleg;
- people appear pseudonymised; a first name only with their `name_in_overview` consent;
- counts under SUPPRESS_BELOW are shown as "<3", never as the number.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from app.auth.service import Principal
from app.conversations.models import (
    Conversation,
    ConversationPerson,
    Discovery,
    DiscoveryKind,
    DiscoveryPerson,
    DiscoveryTheme,
    FollowUp,
    Visibility,
)
from app.people.models import Consent, ConsentScope, Person
from app.teams.models import Neighbourhood, Theme

SUPPRESS_BELOW = 3
SECTION_KINDS = (
    "quality",
    "group",
    "place",
    "institution",
    "exchange",
    "story",
    "connection",
    "idea",
)


@dataclass(frozen=True)
class Count:
    label: str
    value: int

    @property
    def shown(self) -> str:
        return f"<{SUPPRESS_BELOW}" if self.value < SUPPRESS_BELOW else str(self.value)


@dataclass
class Item:
    discovery: Discovery
    themes: list[str]
    people: list[str]  # first names with consent, otherwise nothing (never a pseudonym)


@dataclass
class Overview:
    buurten: list[str]
    start: datetime | None
    end: datetime | None
    conversations: int
    people_met: int
    highlights: list[Item]
    by_kind: dict[str, list[Item]]
    numbers: dict[str, list[Count]] = field(default_factory=dict)
    verbinders: list[str] = field(default_factory=list)
    open_follow_ups: int = 0

    @property
    def is_empty(self) -> bool:
        return not any(self.by_kind.values())


def _named(session: Session, team_id: uuid.UUID) -> set[uuid.UUID]:
    """People who agreed their first name may appear in the overview."""
    consents = session.exec(
        select(Consent).where(col(Consent.team_id) == team_id, col(Consent.withdrawn_at).is_(None))
    ).all()
    return {c.person_id for c in consents if ConsentScope.name_in_overview.value in c.scopes}


def assemble(
    session: Session,
    principal: Principal,
    *,
    neighbourhood_ids: list[uuid.UUID],
    start: datetime | None,
    end: datetime | None,
) -> Overview:
    team_id = principal.team.id
    buurten = session.exec(
        select(Neighbourhood).where(
            col(Neighbourhood.team_id) == team_id, col(Neighbourhood.id).in_(neighbourhood_ids)
        )
    ).all()
    ids = [b.id for b in buurten]
    talks = select(Conversation.id).where(
        col(Conversation.team_id) == team_id,
        col(Conversation.deleted_at).is_(None),
        col(Conversation.neighbourhood_id).in_(ids),
    )
    if start:
        talks = talks.where(col(Conversation.occurred_at) >= start)
    if end:
        talks = talks.where(col(Conversation.occurred_at) < end)
    conversation_count = session.exec(select(func.count()).select_from(talks.subquery())).one()
    people_met = session.exec(
        select(func.count(func.distinct(ConversationPerson.person_id))).where(
            col(ConversationPerson.conversation_id).in_(talks)
        )
    ).one()
    discoveries = list(
        session.exec(
            select(Discovery)
            .where(
                col(Discovery.team_id) == team_id,
                col(Discovery.deleted_at).is_(None),
                col(Discovery.conversation_id).in_(talks),
                col(Discovery.visibility) != Visibility.private.value,
                or_(
                    col(Discovery.visibility) == Visibility.overview.value,
                    col(Discovery.highlight).is_(True),
                ),
            )
            .order_by(col(Discovery.created_at), col(Discovery.id))
        )
    )
    named = _named(session, team_id)
    theme_names = {
        t.id: t.name for t in session.exec(select(Theme).where(col(Theme.team_id) == team_id))
    }
    themes: dict[uuid.UUID, list[str]] = defaultdict(list)
    people: dict[uuid.UUID, list[str]] = defaultdict(list)
    if discoveries:
        found = [d.id for d in discoveries]
        for link in session.exec(
            select(DiscoveryTheme).where(col(DiscoveryTheme.discovery_id).in_(found))
        ):
            themes[link.discovery_id].append(theme_names.get(link.theme_id, ""))
        for member, person in session.exec(
            select(DiscoveryPerson, Person)
            .join(Person, col(Person.id) == col(DiscoveryPerson.person_id))
            .where(col(DiscoveryPerson.discovery_id).in_(found))
        ):
            if person.id in named and person.first_name:
                people[member.discovery_id].append(person.first_name)
    items = [Item(d, sorted(themes[d.id]), sorted(set(people[d.id]))) for d in discoveries]
    by_kind: dict[str, list[Item]] = {kind: [] for kind in SECTION_KINDS}
    for item in items:
        by_kind.setdefault(item.discovery.kind, []).append(item)
    highlights = [i for i in items if i.discovery.highlight][:5]
    numbers = {
        "theme": _counts(Counter(t for i in items for t in i.themes)),
        "dimension": _counts(Counter(d for i in items for d in i.discovery.dimensions)),
        "kind": _counts(Counter(i.discovery.kind for i in items)),
        "connection_status": _counts(
            Counter(i.discovery.status or "chance" for i in by_kind["connection"])
        ),
        "idea_phase": _counts(Counter(i.discovery.status or "dream" for i in by_kind["idea"])),
    }
    verbinders = sorted(
        p.first_name
        for p in session.exec(
            select(Person).where(
                col(Person.team_id) == team_id,
                col(Person.deleted_at).is_(None),
                col(Person.is_connector).is_(True),
                col(Person.neighbourhood_id).in_(ids),
            )
        )
        if p.id in named and p.first_name
    )
    open_follow_ups = session.exec(
        select(func.count()).where(
            col(FollowUp.team_id) == team_id,
            col(FollowUp.deleted_at).is_(None),
            col(FollowUp.done_at).is_(None),
            col(FollowUp.conversation_id).in_(talks),
        )
    ).one()
    return Overview(
        buurten=[b.name for b in buurten],
        start=start,
        end=end,
        conversations=conversation_count,
        people_met=people_met,
        highlights=highlights,
        by_kind={k: v for k, v in by_kind.items() if v},
        numbers={k: v for k, v in numbers.items() if v},
        verbinders=verbinders,
        open_follow_ups=open_follow_ups,
    )


def _counts(counter: Counter[str]) -> list[Count]:
    return [
        Count(label, value) for label, value in sorted(counter.items(), key=lambda p: (-p[1], p[0]))
    ]


__all__ = ["SUPPRESS_BELOW", "Count", "DiscoveryKind", "Item", "Overview", "assemble"]
