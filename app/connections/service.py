"""Connections ("haakjes en relaties"): who and what the team saw linked, in which state, and
a picture of the network drawn on the server as SVG (no script, prints fine)."""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sqlmodel import Session, col, select

from app.auth.service import Principal
from app.conversations.models import (
    ConnectionStatus,
    Conversation,
    Discovery,
    DiscoveryKind,
    RefType,
)
from app.conversations.visibility import visible_discovery
from app.people.models import Person
from app.people.sharing import name_of
from app.text import shorten

STATUSES = [s.value for s in ConnectionStatus]
DEFAULT_STATUS = ConnectionStatus.chance.value


@dataclass(frozen=True)
class End:
    type: str
    id: uuid.UUID
    name: str

    @property
    def href(self) -> str:
        return f"/bewoners/{self.id}" if self.type == RefType.person.value else ""


@dataclass
class Link:
    connection: Discovery
    source: End | None
    target: End | None

    @property
    def status(self) -> str:
        return self.connection.status or DEFAULT_STATUS


def connections(
    session: Session,
    principal: Principal,
    *,
    neighbourhood_id: uuid.UUID | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[Link]:
    query = (
        select(Discovery)
        .outerjoin(Conversation, col(Conversation.id) == col(Discovery.conversation_id))
        .where(
            col(Discovery.team_id) == principal.team.id,
            col(Discovery.kind) == DiscoveryKind.connection.value,
            col(Discovery.deleted_at).is_(None),
            visible_discovery(principal),
        )
    )
    if neighbourhood_id:
        query = query.where(col(Conversation.neighbourhood_id) == neighbourhood_id)
    if since:
        query = query.where(col(Discovery.created_at) >= since)
    if until:
        query = query.where(col(Discovery.created_at) < until)
    rows = list(session.exec(query.order_by(col(Discovery.created_at).desc())))
    names = _names(session, principal, rows)
    return [
        Link(
            c,
            names.get((c.from_ref_type, c.from_ref_id)) if c.from_ref_type else None,
            names.get((c.to_ref_type, c.to_ref_id)) if c.to_ref_type else None,
        )
        for c in rows
    ]


def _names(
    session: Session, principal: Principal, rows: list[Discovery]
) -> dict[tuple[str | None, uuid.UUID | None], End]:
    people_ids: set[uuid.UUID] = set()
    discovery_ids: set[uuid.UUID] = set()
    for c in rows:
        for ref_type, ref_id in ((c.from_ref_type, c.from_ref_id), (c.to_ref_type, c.to_ref_id)):
            if ref_id is None:
                continue
            (people_ids if ref_type == RefType.person.value else discovery_ids).add(ref_id)
    names: dict[tuple[str | None, uuid.UUID | None], End] = {}
    if people_ids:
        for person in session.exec(
            select(Person).where(
                col(Person.id).in_(people_ids), col(Person.team_id) == principal.team.id
            )
        ):
            names[(RefType.person.value, person.id)] = End(
                RefType.person.value, person.id, name_of(person)
            )
    if discovery_ids:
        for d in session.exec(
            select(Discovery).where(
                col(Discovery.id).in_(discovery_ids),
                col(Discovery.team_id) == principal.team.id,
                col(Discovery.deleted_at).is_(None),
                visible_discovery(principal),
            )
        ):
            names[(d.kind, d.id)] = End(d.kind, d.id, d.title or shorten(d.description, 40))
    return names


@dataclass(frozen=True)
class Node:
    end: End
    x: float
    y: float
    angle: float  # degrees, 0 = to the right; labels run outward along it

    @property
    def on_right(self) -> bool:
        return -90 <= self.angle <= 90

    @property
    def label_rotation(self) -> float:
        return round(self.angle if self.on_right else self.angle - 180, 1)


@dataclass(frozen=True)
class Edge:
    source: Node
    target: Node
    status: str


@dataclass(frozen=True)
class Network:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]


class Ends(Protocol):
    """What the picture needs of a connection (a Link here, a SharedLink in the overview)."""

    @property
    def source(self) -> End | None: ...
    @property
    def target(self) -> End | None: ...
    @property
    def status(self) -> str: ...


def network(links: Sequence[Ends], size: int = 640) -> Network:
    """Every end on a circle, grouped by type, a line per connection: a picture that stays
    readable for the few dozen connections a buurt has, and is the same every time."""
    ends: dict[tuple[str, uuid.UUID], End] = {}
    for link in links:
        for end in (link.source, link.target):
            if end is not None:
                ends[(end.type, end.id)] = end
    ordered = sorted(ends.values(), key=lambda e: (e.type, e.name.casefold()))
    width = size + 160  # room for the labels left and right
    centre_x, centre, radius = width / 2, size / 2, size / 2 - 150
    nodes: dict[tuple[str, uuid.UUID], Node] = {}
    for index, end in enumerate(ordered):
        angle = 2 * math.pi * index / max(len(ordered), 1) - math.pi / 2
        nodes[(end.type, end.id)] = Node(
            end,
            round(centre_x + radius * math.cos(angle), 1),
            round(centre + radius * math.sin(angle), 1),
            round(math.degrees(angle), 1),
        )
    edges = [
        Edge(
            nodes[(link.source.type, link.source.id)],
            nodes[(link.target.type, link.target.id)],
            link.status,
        )
        for link in links
        if link.source is not None and link.target is not None
    ]
    return Network(int(width), size, list(nodes.values()), edges)
