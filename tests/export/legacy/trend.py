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
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from app.changes.models import Revision
from app.conversations.models import (
    ConnectionStatus,
    Discovery,
    DiscoveryKind,
    IdeaPhase,
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


@dataclass(frozen=True)
class Found:
    """A connection, idea or group the team recorded (not private), with the moment of the
    talk that found it."""

    id: uuid.UUID
    kind: str
    status: str | None
    found_at: datetime


Move = tuple[datetime, str | None, str | None]


def _phase_history(
    session: Session, team_id: uuid.UUID, records: list[Found]
) -> dict[uuid.UUID, list[Move]]:
    """Status moves of the team's ideas and connections (a subquery, not a list of ids: a
    buurt can have tens of thousands)."""
    moves: dict[uuid.UUID, list[Move]] = defaultdict(list)
    if not records:
        return moves
    wanted = {f.id for f in records}
    lifecycles = select(Discovery.id).where(
        col(Discovery.team_id) == team_id,
        col(Discovery.kind).in_((DiscoveryKind.idea.value, DiscoveryKind.connection.value)),
    )
    for record_id, changed_at, changes in session.execute(
        select(col(Revision.record_id), col(Revision.changed_at), col(Revision.changes))
        .where(
            col(Revision.team_id) == team_id,
            col(Revision.entity) == "discovery",
            col(Revision.record_id).in_(lifecycles),
        )
        .order_by(col(Revision.version))
    ):
        change = changes.get("status") if changes else None
        if change is not None and record_id in wanted:
            moves[record_id].append((changed_at, change.get("old"), change.get("new")))
    return moves


def _status_at(found: Found, moves: list[Move], moment: datetime) -> str | None:
    if found.found_at >= moment:
        return None  # not found yet
    status = moves[0][1] if moves else found.status
    for changed_at, _old, new in moves:
        if changed_at < moment:
            status = new
    return status


def gemeenschapskracht(
    session: Session,
    team_id: uuid.UUID,
    found: list[Found],
    trekkers: dict[uuid.UUID, set[uuid.UUID]],
    *,
    until: datetime,
) -> list[QuarterPoint]:
    """The last QUARTERS_SHOWN quarters up to `until`, from the first with anything in it.
    `trekkers`: the trekkers (person ids) of each idea."""
    if not found:
        return []
    last = Quarter.of(until)
    quarters = [last]
    while len(quarters) < QUARTERS_SHOWN:
        quarters.insert(0, quarters[0].previous())
    first_found = Quarter.of(min(f.found_at for f in found))
    quarters = [q for q in quarters if q.end > first_found.start]
    moves = _phase_history(session, team_id, found)
    ideas = [f for f in found if f.kind == DiscoveryKind.idea.value]
    connections = [f for f in found if f.kind == DiscoveryKind.connection.value]
    groups_found = [f.found_at for f in found if f.kind == DiscoveryKind.group.value]
    active = ConnectionStatus.active_together.value
    points = []
    for quarter in quarters:
        start, end = quarter.start, quarter.end
        carrying: set[uuid.UUID] = set()
        running = 0
        for idea in ideas:
            phase = _status_at(idea, moves.get(idea.id, []), end)
            if phase is None:
                continue
            phase = phase or IdeaPhase.dream.value
            if phase != IdeaPhase.stopped.value:
                carrying |= trekkers.get(idea.id, set())
            running += phase in RUNNING
        became_active = 0
        for connection in connections:
            history = moves.get(connection.id, [])
            if any(new == active and start <= at < end for at, _old, new in history) or (
                start <= connection.found_at < end
                and (history[0][1] if history else connection.status) == active
            ):
                became_active += 1
        groups = sum(1 for at in groups_found if start <= at < end)
        points.append(
            QuarterPoint(
                quarter,
                {
                    "trekkers": len(carrying),
                    "active_together": became_active,
                    "ideas_running": running,
                    "new_groups": groups,
                },
            )
        )
    return points
