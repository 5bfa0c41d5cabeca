"""The Tocht's search on SQLite, newest first straight from the index: what a page shows costs
what the page shows, however many entries match.

The entries' ids sort by their conversation's second (app.search.order), so FTS5, asked
`ORDER BY rowid DESC`, gives the newest hits first and stops when the page is full. The ranks
(app.search.query) come one after the other: first every conversation found as written, then
those found only as another form, then those found only by a prefix; a conversation counts at
its best rank only. Each step yields the conversations of one second at a time; the caller
orders those exactly (their date, then id) as the general query would, so both give the same
pages (tests/search/test_newest.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, text

from app.search.order import SLOT_BITS, key_bound
from app.search.query import TermChecks, Terms, fts5_query, kinds_up_to
from app.search.text import RANKS

_LAST_KEY = (1 << 63) - 1
_FIRST_CHUNK, _LAST_CHUNK = 64, 4096

_LEVEL = """
SELECT search_fts.rowid AS key, search_entry.conversation_id AS cid
FROM search_fts CROSS JOIN search_entry ON search_entry.id = search_fts.rowid
WHERE search_fts MATCH :fts AND search_fts.rowid < :upper
  AND search_entry.team_id = :team AND search_entry.conversation_id IS NOT NULL
  AND (search_entry.private_to_id IS NULL OR search_entry.private_to_id = :user)
  AND {checks}
ORDER BY search_fts.rowid DESC LIMIT :size
"""
# Which of these conversations some entry finds at a better rank.
_BETTER = """
SELECT DISTINCT search_entry.conversation_id FROM search_entry
WHERE search_entry.team_id = :team AND search_entry.conversation_id IN :cids
  AND (search_entry.private_to_id IS NULL OR search_entry.private_to_id = :user)
  AND EXISTS (SELECT 1 FROM search_fts WHERE search_fts MATCH :better
              AND search_fts.rowid = search_entry.id)
"""


def newest_groups(
    connection: Connection,
    team_id: uuid.UUID,
    user_id: uuid.UUID,
    terms: Terms,
    after: tuple[int, datetime] | None = None,
) -> Iterator[tuple[int, list[uuid.UUID]]]:
    """(rank, conversation ids of one second), best rank first, then newest second first;
    each conversation once, at its best rank. `after` (a rank and a date): start there, with
    that date's whole second (the caller drops what its cursor has passed)."""
    ranks = sorted(set(RANKS.values()))
    queries = [_level_query(terms, rank, last=rank == ranks[-1]) for rank in ranks]
    seen: set[str] = set()
    for level, rank in enumerate(ranks):
        if after is not None and rank < after[0]:
            continue
        query = queries[level]
        if query is None:
            continue
        upper = key_bound(after[1]) if after is not None and rank == after[0] else _LAST_KEY
        better = next((q for q in reversed(queries[:level]) if q is not None), None)
        yield from (
            (rank, group)
            for group in _level(connection, query, better, seen, team_id, user_id, upper)
        )


@dataclass(frozen=True)
class _Query:
    fts: str  # the FTS5 query
    checks: str  # and what the entry's stored words must pass (SQL)
    binds: dict[str, Any]


def _level_query(terms: Terms, rank: int, *, last: bool) -> _Query | None:
    kinds = kinds_up_to(rank)
    narrower = [[t for t in group if t.kind in kinds] for group in terms]
    if not all(narrower):
        return None
    if not last:
        return _Query(fts5_query(narrower), "1 = 1", {})
    # The last rank is a prefix, which FTS5 finds as any prefix: the string checks hold it to
    # a word that goes on long enough, as the general query does.
    checks = TermChecks(sqlite=True)
    return _Query(fts5_query(terms), checks.all_of(terms, kinds), checks.binds)


def _level(
    connection: Connection,
    query: _Query,
    better: _Query | None,
    seen: set[str],
    team_id: uuid.UUID,
    user_id: uuid.UUID,
    upper: int,
) -> Iterator[list[uuid.UUID]]:
    statement = text(_LEVEL.format(checks=query.checks))
    params = {"fts": query.fts, "team": team_id.hex, "user": user_id.hex, **query.binds}
    size = _FIRST_CHUNK
    second: int | None = None
    group: list[uuid.UUID] = []
    while True:
        rows = connection.execute(statement, {**params, "upper": upper, "size": size}).all()
        fresh = {row.cid for row in rows} - seen
        found_better = _found_better(connection, better, fresh, team_id, user_id)
        for row in rows:
            row_second = row.key >> SLOT_BITS
            if row_second != second:
                if group:
                    yield group
                second, group = row_second, []
            if row.cid in seen:
                continue
            seen.add(row.cid)
            if row.cid not in found_better:
                group.append(uuid.UUID(row.cid))
        if len(rows) < size:
            if group:
                yield group
            return
        upper = rows[-1].key
        size = min(size * 4, _LAST_CHUNK)


def _found_better(
    connection: Connection,
    better: _Query | None,
    cids: set[str],
    team_id: uuid.UUID,
    user_id: uuid.UUID,
) -> set[str]:
    if better is None or not cids:
        return set()
    statement = text(_BETTER).bindparams(bindparam("cids", expanding=True))
    return set(
        connection.execute(
            statement,
            {"team": team_id.hex, "user": user_id.hex, "cids": list(cids), "better": better.fts},
        ).scalars()
    )
