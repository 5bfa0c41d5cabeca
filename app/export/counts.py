"""What the team recorded in the overview's buurten and period, counted honestly.

Counts are not personal data; breakdowns can be (DESIGN.md §5). So every number counts every
discovery the team recorded there — team-wide or meant for the overview, highlighted or not —
and never a private or deleted one. Which items the overview *shows* (names, quotes,
descriptions) is a different, narrower rule in app.export.assemble.

The one suppression rule: a count of *people* in a cell of a breakdown (per quarter, per
street, per theme or willingness of a person) is shown as "<3" under SUPPRESS_BELOW, because
there it could point to someone. A count of recorded things (qualities per theme, ideas per
phase, groups per quarter) is shown as it is, however small.

Everything here is counted by the database: one GROUP BY over the few columns a breakdown needs
(a JSON list of dimensions grouped by its text and split here: a few distinct values), one for
the themes.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, Text, cast
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func
from sqlmodel.sql.expression import SelectOfScalar

from app.conversations.models import (
    Conversation,
    Discovery,
    DiscoveryKind,
    DiscoveryTheme,
    Visibility,
)
from app.export.shown import json_list

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


def found_until_end(
    team_id: uuid.UUID, talks_until_end: SelectOfScalar[uuid.UUID]
) -> Select[uuid.UUID, str, str | None, datetime]:
    """The ideas, connections and groups of the trend (app.export.trend): recorded up to the
    end of the period, whatever its start."""
    return (
        sa_select(
            col(Discovery.id),
            col(Discovery.kind),
            col(Discovery.status),
            col(Conversation.occurred_at).label("found_at"),
        )
        .join(Conversation, col(Conversation.id) == col(Discovery.conversation_id))
        .where(
            *recorded_where(team_id),
            col(Conversation.id).in_(talks_until_end),
            col(Discovery.kind).in_(TREND_KINDS),
        )
    )


def count_recorded(
    session: Session,
    team_id: uuid.UUID,
    *,
    talks_until_end: SelectOfScalar[uuid.UUID],
    start: datetime | None,
    theme_names: dict[uuid.UUID, str],
) -> Recorded:
    where = [*recorded_where(team_id), col(Conversation.id).in_(talks_until_end)]
    if start is not None:
        where.append(col(Conversation.occurred_at) >= start)
    kinds: Counter[str] = Counter()
    dimensions: Counter[str] = Counter()
    place_types: Counter[str] = Counter()
    exchange_types: Counter[str] = Counter()
    connection_status: Counter[str] = Counter()
    idea_phase: Counter[str] = Counter()
    keys = (
        col(Discovery.kind),
        col(Discovery.status),
        cast(col(Discovery.dimensions), Text),
        col(Discovery.place_type),
        col(Discovery.exchange_type),
    )
    for kind, status, dims, place_type, exchange_type, number in session.execute(
        sa_select(*keys, func.count())
        .join(Conversation, col(Conversation.id) == col(Discovery.conversation_id))
        .where(*where)
        .group_by(*keys)
    ):
        kinds[kind] += number
        for dimension in json_list(dims):
            dimensions[dimension] += number
        if kind == "place" and place_type:
            place_types[place_type] += number
        if kind == "exchange" and exchange_type:
            exchange_types[exchange_type] += number
        if kind == "connection":
            connection_status[status or "chance"] += number
        if kind == "idea":
            idea_phase[status or "dream"] += number
    themes: Counter[str] = Counter()
    for theme_id, number in session.execute(
        sa_select(col(DiscoveryTheme.theme_id), func.count())
        .join(Discovery, col(Discovery.id) == col(DiscoveryTheme.discovery_id))
        .join(Conversation, col(Conversation.id) == col(Discovery.conversation_id))
        .where(*where)
        .group_by(col(DiscoveryTheme.theme_id))
    ):
        themes[theme_names.get(theme_id, "")] += number
    numbers = {
        "theme": counts(themes),
        "dimension": counts(dimensions),
        "abcd": counts(Counter({k: n for k, n in kinds.items() if k in ABCD_KINDS})),
        "place_type": counts(place_types),
        "exchange_type": counts(exchange_types),
        "connection_status": counts(connection_status),
        "idea_phase": counts(idea_phase),
    }
    return Recorded(dict(kinds), {k: v for k, v in numbers.items() if v})


def talk_languages(session: Session, talks: SelectOfScalar[uuid.UUID]) -> list[Count]:
    """The talks per language they were in, where noted. Who speaks what at home says
    something about a person: a breakdown of people, so small cells are suppressed."""
    languages: Counter[str] = Counter()
    for language, number in session.execute(
        sa_select(col(Conversation.language), func.count())
        .where(col(Conversation.id).in_(talks), col(Conversation.language) != "")
        .group_by(col(Conversation.language))
    ):
        languages[language] += number
    return counts(languages, of_people=True)
