"""What the team recorded in the overview's buurten and period, counted honestly.

Counts are not personal data; breakdowns can be (DESIGN.md §5). So every number counts every
discovery the team recorded there — team-wide or meant for the overview, highlighted or not —
and never a private or deleted one. Which items the overview *shows* (names, quotes,
descriptions) is a different, narrower rule in app.export.assemble.

The one suppression rule: a count of *people* in a cell of a breakdown (per quarter, per
street, per theme or willingness of a person) is shown as "<3" under SUPPRESS_BELOW, because
there it could point to someone. A count of recorded things (qualities per theme, ideas per
phase, groups per quarter) is shown as it is, however small.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Text, cast, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func
from sqlmodel.sql.expression import SelectOfScalar

from app.conversations.models import (
    Conversation,
    Discovery,
    DiscoveryKind,
    DiscoveryPerson,
    DiscoveryTheme,
    PersonRole,
    Visibility,
)
from app.export.shown import json_list
from tests.export.legacy.trend import Found

SUPPRESS_BELOW = 3
ABCD_KINDS = ("quality", "group", "institution", "place", "exchange", "story")
TREND_KINDS = (DiscoveryKind.idea.value, DiscoveryKind.connection.value, DiscoveryKind.group.value)


@dataclass(frozen=True)
class Count:
    label: str
    value: int
    # A number of people in one cell of a breakdown: the only kind of count suppressed.
    of_people: bool = False

    @property
    def suppressed(self) -> bool:
        return self.of_people and self.value < SUPPRESS_BELOW

    @property
    def shown(self) -> str:
        return f"<{SUPPRESS_BELOW}" if self.suppressed else str(self.value)


@dataclass(frozen=True)
class Recorded:
    by_kind: dict[str, int]  # every kind, in the period
    numbers: dict[str, list[Count]]  # the charts of "In cijfers", in the period
    found: list[Found]  # ideas, connections and groups up to the end, for the trend
    trekkers: dict[uuid.UUID, set[uuid.UUID]]  # of those ideas


def recorded_where(team_id: uuid.UUID) -> list[ColumnElement[bool]]:
    """Every discovery the team may count: not private, not deleted."""
    return [
        col(Discovery.team_id) == team_id,
        col(Discovery.deleted_at).is_(None),
        col(Discovery.visibility) != Visibility.private.value,
    ]


def counts(counter: Counter[str], *, of_people: bool = False) -> list[Count]:
    return [
        Count(label, value, of_people)
        for label, value in sorted(counter.items(), key=lambda p: (-p[1], p[0]))
    ]


def count_recorded(
    session: Session,
    team_id: uuid.UUID,
    *,
    talks_until_end: SelectOfScalar[uuid.UUID],
    start: datetime | None,
    theme_names: dict[uuid.UUID, str],
) -> Recorded:
    """One light read (no text columns) of what the team recorded; themes counted by the
    database."""
    where = [*recorded_where(team_id), col(Conversation.id).in_(talks_until_end)]
    if start is not None:
        where.append(
            or_(col(Discovery.kind).in_(TREND_KINDS), col(Conversation.occurred_at) >= start)
        )
    rows = session.execute(
        sa_select(
            col(Discovery.id),
            col(Discovery.kind),
            col(Discovery.status),
            cast(col(Discovery.dimensions), Text),
            col(Discovery.place_type),
            col(Discovery.exchange_type),
            col(Conversation.occurred_at),
        )
        .join(Conversation, col(Conversation.id) == col(Discovery.conversation_id))
        .where(*where)
    ).all()
    in_period = [r for r in rows if start is None or r[6] >= start]
    kinds = Counter(r[1] for r in in_period)
    period_where = [*recorded_where(team_id), col(Conversation.id).in_(talks_until_end)]
    if start is not None:
        period_where.append(col(Conversation.occurred_at) >= start)
    themes: Counter[str] = Counter()
    for theme_id, number in session.execute(
        sa_select(col(DiscoveryTheme.theme_id), func.count())
        .join(Discovery, col(Discovery.id) == col(DiscoveryTheme.discovery_id))
        .join(Conversation, col(Conversation.id) == col(Discovery.conversation_id))
        .where(*period_where)
        .group_by(col(DiscoveryTheme.theme_id))
    ):
        themes[theme_names.get(theme_id, "")] += number
    numbers = {
        "theme": counts(themes),
        "dimension": counts(Counter(d for r in in_period for d in json_list(r[3]))),
        "abcd": counts(Counter({k: n for k, n in kinds.items() if k in ABCD_KINDS})),
        "place_type": counts(Counter(r[4] for r in in_period if r[1] == "place" and r[4])),
        "exchange_type": counts(Counter(r[5] for r in in_period if r[1] == "exchange" and r[5])),
        "connection_status": counts(
            Counter(r[2] or "chance" for r in in_period if r[1] == "connection")
        ),
        "idea_phase": counts(Counter(r[2] or "dream" for r in in_period if r[1] == "idea")),
    }
    found = [Found(r[0], r[1], r[2], r[6]) for r in rows if r[1] in TREND_KINDS]
    ideas = (
        sa_select(col(Discovery.id))
        .join(Conversation, col(Conversation.id) == col(Discovery.conversation_id))
        .where(*where, col(Discovery.kind) == DiscoveryKind.idea.value)
    )
    trekkers: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for idea_id, person_id in session.execute(
        sa_select(col(DiscoveryPerson.discovery_id), col(DiscoveryPerson.person_id)).where(
            col(DiscoveryPerson.role) == PersonRole.trekker.value,
            col(DiscoveryPerson.discovery_id).in_(ideas),
        )
    ):
        trekkers[idea_id].add(person_id)
    return Recorded(
        dict(kinds),
        {k: v for k, v in numbers.items() if v},
        found,
        trekkers,
    )
