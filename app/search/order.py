"""On SQLite, an entry's id (the rowid its FTS5 row shares) sorts by its conversation's date.

FTS5 hands out its hits in rowid order, and with `ORDER BY rowid DESC LIMIT n` it stops after
n: so when the id begins with the second the conversation took place, the Tocht's newest
matches are the first the index gives, and a search costs what its page shows, not what it
found (app.search.newest). An id is that second shifted left by SLOT_BITS, plus a slot: the
low bits of the record's own id, the next one when taken. A conversation's summary and its
discoveries share its second; when its date changes, its entries move with it (`rekey`).
Entries without a conversation (bewoners) sit at second 0. PostgreSQL keeps its identity ids:
its GIN index has no order to use.
"""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Connection, bindparam, select, text
from sqlmodel import col

from app.conversations.models import Conversation

# 29 bits of slot leave 34 bits of seconds: any date from the year 1426 to 2514.
SLOT_BITS = 29
_SLOTS = 1 << SLOT_BITS
_FIRST_SECOND, _LAST_SECOND = -(1 << 33), (1 << 33) - 1
_PARKED = (_FIRST_SECOND << SLOT_BITS) - 1


def second_of(moment: datetime | None) -> int:
    """Whole seconds since 1970 (UTC; a naive value is UTC, as stored), within the range."""
    if moment is None:
        return 0
    return min(max(calendar.timegm(moment.utctimetuple()), _FIRST_SECOND), _LAST_SECOND)


def second_of_key(key: int) -> int:
    return key >> SLOT_BITS


def key_bound(moment: datetime) -> int:
    """The first id after every entry of this moment's second (an exclusive upper bound)."""
    return (second_of(moment) + 1) << SLOT_BITS


def conversation_seconds(
    connection: Connection, conversation_ids: set[uuid.UUID]
) -> dict[uuid.UUID, int]:
    found: dict[uuid.UUID, int] = {}
    ids = list(conversation_ids)
    for start in range(0, len(ids), 900):
        found.update(
            (cid, second_of(when))
            for cid, when in connection.execute(
                select(col(Conversation.id), col(Conversation.occurred_at)).where(
                    col(Conversation.id).in_(ids[start : start + 900])
                )
            )
        )
    return found


def allocate(connection: Connection, wanted: Sequence[tuple[int, uuid.UUID]]) -> list[int]:
    """A free id for each (second, record id), distinct from each other and from every entry."""
    keys: list[int] = [0] * len(wanted)
    probe = [0] * len(wanted)
    pending = list(range(len(wanted)))
    taken: set[int] = set()
    while pending:
        candidates = {
            n: (wanted[n][0] << SLOT_BITS) + ((wanted[n][1].int + probe[n]) % _SLOTS)
            for n in pending
        }
        in_use = _existing(connection, list(candidates.values()))
        retry = []
        for n, key in candidates.items():
            if key in in_use or key in taken:
                probe[n] += 1
                retry.append(n)
            else:
                keys[n] = key
                taken.add(key)
        pending = retry
    return keys


def _existing(connection: Connection, keys: list[int]) -> set[int]:
    statement = text("SELECT id FROM search_entry WHERE id IN :keys").bindparams(
        bindparam("keys", expanding=True)
    )
    found: set[int] = set()
    for start in range(0, len(keys), 900):
        found.update(connection.execute(statement, {"keys": keys[start : start + 900]}).scalars())
    return found


def rekey(connection: Connection, team_id: uuid.UUID, conversation_ids: set[uuid.UUID]) -> None:
    """Move the entries of these conversations to their conversations' current second."""
    if not conversation_ids:
        return
    seconds = conversation_seconds(connection, conversation_ids)
    statement = text(
        "SELECT id, record_id, conversation_id, words, keys FROM search_entry"
        " WHERE team_id = :team AND conversation_id IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    found = connection.execute(
        statement, {"team": team_id.hex, "ids": [c.hex for c in conversation_ids]}
    )
    # A conversation no longer there (erased) moves nothing.
    moving = [
        row
        for row in found
        if uuid.UUID(row.conversation_id) in seconds
        and second_of_key(row.id) != seconds[uuid.UUID(row.conversation_id)]
    ]
    if not moving:
        return
    connection.execute(
        text("DELETE FROM search_fts WHERE rowid = :id"), [{"id": row.id} for row in moving]
    )
    # Out of the way first (below every second's ids), so a new id may be one that another
    # moving entry still holds.
    parked = [{"old": row.id, "new": _PARKED - n} for n, row in enumerate(moving)]
    connection.execute(text("UPDATE search_entry SET id = :new WHERE id = :old"), parked)
    new = allocate(
        connection,
        [(seconds[uuid.UUID(row.conversation_id)], uuid.UUID(row.record_id)) for row in moving],
    )
    connection.execute(
        text("UPDATE search_entry SET id = :new WHERE id = :old"),
        [{"old": p["new"], "new": key} for p, key in zip(parked, new, strict=True)],
    )
    connection.execute(
        text("INSERT INTO search_fts (rowid, words, keys) VALUES (:id, :words, :keys)"),
        [
            {"id": key, "words": row.words, "keys": row.keys}
            for row, key in zip(moving, new, strict=True)
        ],
    )
