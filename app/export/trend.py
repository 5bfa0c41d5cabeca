"""Gemeenschapskracht over time: per quarter, what residents carry and keep going themselves.

Four measures, each from everything the team recorded in the buurten (never a private
discovery), like the overview's other counts:
- residents carrying an idea: distinct trekkers of ideas that existed and were not stopped at
  the end of the quarter;
- connections that became "samen actief" in the quarter (the move in the revision history, or
  found already active in a talk that quarter);
- ideas running or self-sustaining at the end of the quarter;
- new groups found: group discoveries from talks in the quarter.

A record "exists" from the talk it came from (occurred_at); its phase at a moment is read from
its revision history: the last move before that moment, or the phase it was first saved with.
The database counts all of it (one statement for the measures, one for the trekkers): only a
record whose status ever moved has its revisions read, in correlated subqueries.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, exists, func, or_, true
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.changes.models import Revision
from app.conversations.models import (
    ConnectionStatus,
    DiscoveryKind,
    DiscoveryPerson,
    IdeaPhase,
    PersonRole,
)

MEASURES = ("trekkers", "active_together", "ideas_running", "new_groups")
QUARTERS_SHOWN = 6
RUNNING = {IdeaPhase.running.value, IdeaPhase.self_sustaining.value}


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int

    @property
    def start(self) -> datetime:
        return datetime(self.year, 3 * self.number - 2, 1, tzinfo=UTC)

    @property
    def end(self) -> datetime:
        return self.next().start

    @property
    def label(self) -> str:
        return f"K{self.number} {self.year}"

    def next(self) -> Quarter:
        return (
            Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        )

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )

    @classmethod
    def of(cls, moment: datetime) -> Quarter:
        return cls(moment.year, (moment.month - 1) // 3 + 1)


@dataclass(frozen=True)
class QuarterPoint:
    quarter: Quarter
    values: dict[str, int]


def _moves(record_id: Any, team_id: uuid.UUID) -> list[ColumnElement[bool]]:
    """A record's status moves: revisions that changed its status."""
    return [
        col(Revision.entity) == "discovery",
        col(Revision.record_id) == record_id,
        col(Revision.team_id) == team_id,
        col(Revision.changes)[("status",)].as_string().is_not(None),
    ]


def _status_at(found: Any, team_id: uuid.UUID, moment: datetime) -> ColumnElement[str | None]:
    """A record's status at a moment: the last move before it, or the status it was first saved
    with (the first move's old value; without moves, the status it has now)."""
    moves = _moves(found.c.id, team_id)
    before = [*moves, col(Revision.changed_at) < moment]
    return case(
        (found.c.moved.is_(False), found.c.status),
        (
            exists().where(*before),
            sa_select(col(Revision.changes)[("status", "new")].as_string())
            .where(*before)
            .order_by(col(Revision.version).desc())
            .limit(1)
            .scalar_subquery(),
        ),
        else_=_first_status(found, team_id),
    )


def _first_status(found: Any, team_id: uuid.UUID) -> ColumnElement[str | None]:
    return case(
        (found.c.moved.is_(False), found.c.status),
        else_=sa_select(col(Revision.changes)[("status", "old")].as_string())
        .where(*_moves(found.c.id, team_id))
        .order_by(col(Revision.version))
        .limit(1)
        .scalar_subquery(),
    )


def _quarters(until: datetime) -> list[Quarter]:
    last = Quarter.of(until)
    quarters = [last]
    while len(quarters) < QUARTERS_SHOWN:
        quarters.insert(0, quarters[0].previous())
    return quarters


def gemeenschapskracht(
    session: Session,
    team_id: uuid.UUID,
    found: Select[uuid.UUID, str, str | None, datetime],
    *,
    until: datetime,
) -> list[QuarterPoint]:
    """The last QUARTERS_SHOWN quarters up to `until`, from the first with anything in it.
    `found`: (id, kind, status, found_at) of the ideas, connections and groups the team
    recorded (not private) up to the end. Everything is counted by the database; a record's
    revisions are read only when its status ever moved."""
    quarters = _quarters(until)
    lifecycle = (DiscoveryKind.idea.value, DiscoveryKind.connection.value)
    base = (
        found.add_columns(
            and_(
                found.selected_columns.kind.in_(lifecycle),
                exists().where(*_moves(found.selected_columns.id, team_id)),
            ).label("moved")
        )
        .cte("found_base")
        .prefix_with("MATERIALIZED")
    )
    idea = base.c.kind == DiscoveryKind.idea.value
    at_end = [
        case(
            (idea & (base.c.found_at < q.end), _status_at(base, team_id, q.end)), else_=None
        ).label(f"status_{n}")
        for n, q in enumerate(quarters)
    ]
    records = (
        sa_select(
            base.c.id,
            base.c.kind,
            base.c.found_at,
            base.c.moved,
            *at_end,
            _first_status(base, team_id).label("first"),
        )
        .cte("found_at_ends")
        .prefix_with("MATERIALIZED")
    )
    connection = records.c.kind == DiscoveryKind.connection.value
    active = ConnectionStatus.active_together.value
    sums: list[ColumnElement[int]] = []
    for n, q in enumerate(quarters):
        status = records.c[f"status_{n}"]
        found_in = (records.c.found_at >= q.start) & (records.c.found_at < q.end)
        became_active = exists().where(
            *_moves(records.c.id, team_id),
            col(Revision.changes)[("status", "new")].as_string() == active,
            col(Revision.changed_at) >= q.start,
            col(Revision.changed_at) < q.end,
        )
        sums += [
            _sum(status.in_(RUNNING)),
            _sum(
                connection
                & or_(
                    found_in & (records.c.first == active),
                    case((records.c.moved.is_(True), became_active), else_=False),
                )
            ),
            _sum((records.c.kind == DiscoveryKind.group.value) & found_in),
        ]
    carrying = (
        sa_select(
            *(
                func.count(
                    func.distinct(
                        case(
                            (
                                records.c[f"status_{n}"].is_not(None)
                                & (records.c[f"status_{n}"] != IdeaPhase.stopped.value),
                                col(DiscoveryPerson.person_id),
                            ),
                            else_=None,
                        )
                    )
                )
                for n in range(len(quarters))
            )
        )
        .join_from(DiscoveryPerson, records, records.c.id == col(DiscoveryPerson.discovery_id))
        .where(col(DiscoveryPerson.role) == PersonRole.trekker.value)
        .subquery()
    )
    # One statement, so the records above are read once.
    totals = sa_select(func.min(records.c.found_at).label("first_found"), *sums).subquery()
    row = session.execute(
        sa_select(totals, carrying).select_from(totals.join(carrying, true()))
    ).one()
    first_found: datetime | None = row[0]
    if first_found is None:
        return []
    first = Quarter.of(first_found)
    measures, trekkers = row[1 : 1 + 3 * len(quarters)], row[1 + 3 * len(quarters) :]
    return [
        QuarterPoint(
            q,
            {
                "trekkers": trekkers[n] or 0,
                "active_together": measures[3 * n + 1] or 0,
                "ideas_running": measures[3 * n] or 0,
                "new_groups": measures[3 * n + 2] or 0,
            },
        )
        for n, q in enumerate(quarters)
        if q.end > first.start
    ]


def _sum(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)
