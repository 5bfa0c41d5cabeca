"""Which rows of the shown discoveries the overview reads: for the printed document only the
first of each section (app.export.assemble turns them into what may be shown), for the
spreadsheet and CSV every row, streamed in batches so a buurt of 100,000 is never held at once.

Every query here takes `where`, the conditions app.export.assemble builds (what may be shown,
in the buurten and period chosen); none adds a row outside them. Order is the overview's
everywhere: the order the team recorded them in (created_at, then id).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, Text, cast, exists, func, not_, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from app.conversations.models import Conversation, Discovery, DiscoveryKind, DiscoveryTheme
from app.export.shown import SHOWN_COLUMNS

BATCH = 1000
ORDER = (col(Discovery.created_at), col(Discovery.id))
Where = list[ColumnElement[bool]]


def _joined(*columns: Any) -> Select[Any]:
    return (
        sa_select(*columns)
        .select_from(Discovery)
        .join(Conversation, col(Conversation.id) == col(Discovery.conversation_id))
    )


def shown_rows(where: Where) -> Select[Any]:
    return _joined(*SHOWN_COLUMNS).where(*where)


def shown_counts(session: Session, where: Where) -> dict[str, int]:
    """How many the overview shows of each kind (the spreadsheet has them all)."""
    query = _joined(col(Discovery.kind), func.count()).where(*where)
    per_kind: dict[str, int] = {}
    for kind, number in session.execute(query.group_by(col(Discovery.kind))):
        per_kind[kind] = number
    return per_kind


def first_of_each_kind(session: Session, where: Where, limit: int) -> Sequence[Row[Any]]:
    """The first `limit` of every kind, in one read: ranked by the database, then only those
    rows' columns."""
    ranked = (
        _joined(
            col(Discovery.id),
            func.row_number().over(partition_by=col(Discovery.kind), order_by=ORDER).label("n"),
        )
        .where(*where)
        .subquery()
    )
    return session.execute(
        sa_select(*SHOWN_COLUMNS)
        .join(ranked, ranked.c.id == col(Discovery.id))
        .where(ranked.c.n <= limit)
        .order_by(*ORDER)
    ).all()


def first_in_each_theme(
    session: Session, where: Where, theme_ids: list[uuid.UUID], limit: int
) -> dict[uuid.UUID, Sequence[Row[Any]]]:
    """The first `limit` shown qualities of each of these themes, in one read."""
    if not theme_ids:
        return {}
    ranked = (
        _joined(
            col(Discovery.id),
            col(DiscoveryTheme.theme_id),
            func.row_number()
            .over(partition_by=col(DiscoveryTheme.theme_id), order_by=ORDER)
            .label("n"),
        )
        .join(DiscoveryTheme, col(DiscoveryTheme.discovery_id) == col(Discovery.id))
        .where(
            *where,
            col(Discovery.kind) == DiscoveryKind.quality.value,
            col(DiscoveryTheme.theme_id).in_(theme_ids),
        )
        .subquery()
    )
    rows: dict[uuid.UUID, list[Row[Any]]] = {theme_id: [] for theme_id in theme_ids}
    for row in session.execute(
        sa_select(*SHOWN_COLUMNS, ranked.c.theme_id)
        .join(ranked, ranked.c.id == col(Discovery.id))
        .where(ranked.c.n <= limit)
        .order_by(*ORDER)
    ):
        rows[row[-1]].append(row)
    return dict(rows)


def first_rows(session: Session, where: Where, limit: int) -> Sequence[Row[Any]]:
    return session.execute(shown_rows(where).order_by(*ORDER).limit(limit)).all()


def rows_by_id(session: Session, where: Where, ids: set[uuid.UUID]) -> Sequence[Row[Any]]:
    if not ids:
        return []
    return session.execute(shown_rows([*where, col(Discovery.id).in_(ids)])).all()


def with_asks(session: Session, where: Where) -> Sequence[Row[Any]]:
    """The ideas that ask something of partners (most ask nothing)."""
    return session.execute(
        shown_rows(
            [
                *where,
                col(Discovery.kind) == DiscoveryKind.idea.value,
                cast(col(Discovery.asks), Text) != "[]",
            ]
        ).order_by(*ORDER)
    ).all()


def stream(session: Session, where: Where) -> Iterator[Sequence[Row[Any]]]:
    """Every row, in batches, without holding them all (a server-side cursor on PostgreSQL)."""
    # Core, not the ORM: plain column rows, without the ORM's loading per row.
    query = shown_rows(where).order_by(*ORDER).execution_options(yield_per=BATCH)
    yield from session.connection().execute(query).partitions()


def quality_themes(session: Session, where: Where) -> dict[uuid.UUID | None, int]:
    """Shown qualities per theme id; None: those without a theme."""
    qualities = [*where, col(Discovery.kind) == DiscoveryKind.quality.value]
    per_theme: dict[uuid.UUID | None, int] = {}
    for theme_id, number in session.execute(
        _joined(col(DiscoveryTheme.theme_id), func.count())
        .join(DiscoveryTheme, col(DiscoveryTheme.discovery_id) == col(Discovery.id))
        .where(*qualities)
        .group_by(col(DiscoveryTheme.theme_id))
    ):
        per_theme[theme_id] = number
    without = session.execute(
        _joined(func.count()).where(*qualities, not_(_has_theme()))
    ).scalar_one()
    if without:
        per_theme[None] = without
    return per_theme


def _has_theme() -> ColumnElement[bool]:
    return exists().where(col(DiscoveryTheme.discovery_id) == col(Discovery.id))


def in_themes(theme_ids: tuple[uuid.UUID | None, ...]) -> Where:
    """Qualities in any of these themes (None: without a theme)."""
    named = [i for i in theme_ids if i is not None]
    either: list[ColumnElement[bool]] = []
    if named:
        either.append(
            exists().where(
                col(DiscoveryTheme.discovery_id) == col(Discovery.id),
                col(DiscoveryTheme.theme_id).in_(named),
            )
        )
    if None in theme_ids:
        either.append(not_(_has_theme()))
    return [col(Discovery.kind) == DiscoveryKind.quality.value, or_(*either)]


def shown_kinds(where: Where) -> Select[Any]:
    """(id, kind) of every shown discovery, as a subquery for the section photos."""
    return _joined(col(Discovery.id), col(Discovery.kind)).where(*where)
