"""Keeping the search index in step with the records: every create, change and delete of a
conversation or discovery passes through here (app.changes.service.record_change, and the
sync batch path for new records), in the same transaction as the change itself."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select, text
from sqlalchemy.orm import load_only
from sqlmodel import Session, col

from app.changes.models import SyncedRecord
from app.conversations.models import Conversation, Discovery, Visibility
from app.people.models import Person
from app.search.models import SearchEntry
from app.search.order import allocate, conversation_seconds, rekey
from app.search.text import fold, index_fields

SEARCHED_ENTITIES = frozenset({"conversation", "discovery", "person"})


@dataclass(frozen=True, slots=True)
class SearchDoc:
    team_id: uuid.UUID
    entity: str
    record_id: uuid.UUID
    conversation_id: uuid.UUID | None
    private_to_id: uuid.UUID | None
    text: str  # empty: not (or no longer) findable


def doc_for(entity: str, record: SyncedRecord) -> SearchDoc | None:
    if isinstance(record, Conversation):
        parts = [record.summary, record.place, record.referrals]
        conversation_id: uuid.UUID | None = record.id
        private_to = None
    elif isinstance(record, Discovery):
        parts = [record.title, record.description]
        conversation_id = record.conversation_id
        private_to = record.created_by_id if record.visibility == Visibility.private else None
    elif isinstance(record, Person):
        # Found in the list of bewoners (never in the Tocht: no conversation).
        parts = [record.pseudonym, record.first_name or "", record.recognition, record.street]
        conversation_id = None
        private_to = None
    else:
        return None
    body = "" if record.is_deleted else " ".join(p for p in parts if p)
    return SearchDoc(record.team_id, entity, record.id, conversation_id, private_to, body)


def index_record(session: Session, entity: str, record: SyncedRecord) -> None:
    if entity in SEARCHED_ENTITIES:
        doc = doc_for(entity, record)
        if doc is not None:
            index_docs(session, [doc])


def index_docs(session: Session, docs: Iterable[SearchDoc], *, new: bool = False) -> None:
    """Replace the entries of these records; `new`: they cannot have entries yet."""
    docs = list(docs)
    if not docs:
        return
    connection = session.connection()
    sqlite = connection.dialect.name == "sqlite"
    if not new:
        for entity in {d.entity for d in docs}:
            ids = [d.record_id for d in docs if d.entity == entity]
            where = (col(SearchEntry.entity) == entity, col(SearchEntry.record_id).in_(ids))
            if sqlite:
                old = list(connection.execute(select(col(SearchEntry.id)).where(*where)).scalars())
                if old:
                    connection.execute(
                        text("DELETE FROM search_fts WHERE rowid = :id"), [{"id": i} for i in old]
                    )
            connection.execute(delete(SearchEntry).where(*where))
    rows: list[dict[str, Any]] = []
    for d in docs:
        body = fold(d.text)
        found, found_keys = index_fields(body)
        if found:
            rows.append(
                {
                    "team_id": d.team_id,
                    "entity": d.entity,
                    "record_id": d.record_id,
                    "conversation_id": d.conversation_id,
                    "private_to_id": d.private_to_id,
                    "body": body,
                    "words": found,
                    "keys": found_keys,
                }
            )
    if not sqlite:
        if rows:
            connection.execute(insert(SearchEntry), rows)  # the tsvector is a generated column
        return
    _insert_sqlite(connection, rows)
    if not new:
        # A conversation's new date moves its discoveries' entries too (app.search.order).
        for team_id in {d.team_id for d in docs if d.entity == "conversation"}:
            rekey(
                connection,
                team_id,
                {d.record_id for d in docs if d.entity == "conversation" and d.team_id == team_id},
            )


def _insert_sqlite(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """With ids that begin with the conversation's second (app.search.order), so the index
    gives the newest hits first."""
    if not rows:
        return
    seconds = conversation_seconds(
        connection, {r["conversation_id"] for r in rows if r["conversation_id"]}
    )
    entry_ids = allocate(
        connection, [(seconds.get(r["conversation_id"], 0), r["record_id"]) for r in rows]
    )
    for entry_id, row in zip(entry_ids, rows, strict=True):
        row["id"] = entry_id
    connection.execute(insert(SearchEntry), rows)
    _write_fts(connection, [(row["id"], row["words"], row["keys"]) for row in rows])


def _write_fts(connection: Connection, entries: list[tuple[int, str, str]]) -> None:
    connection.execute(
        text("INSERT INTO search_fts (rowid, words, keys) VALUES (:id, :words, :keys)"),
        [{"id": i, "words": w, "keys": k} for i, w, k in entries],
    )


def rebuild_index(session: Session, batch: int = 2_000) -> None:
    """Index every record again, by the current rules of app.search.text: a migration that
    changes those rules calls this (after emptying the index; on SQLite after recreating the
    FTS5 table). Reads only the columns doc_for uses, a batch at a time."""
    for entity, model, columns in _INDEXED:
        only = load_only(*(getattr(model, c) for c in (*_COMMON, *columns)))
        last: uuid.UUID | None = None
        while True:
            statement = select(model).options(only).order_by(col(model.id)).limit(batch)
            if last is not None:
                statement = statement.where(col(model.id) > last)
            records = list(session.scalars(statement))
            if not records:
                break
            last = records[-1].id
            docs = [doc_for(entity, r) for r in records]
            index_docs(session, [d for d in docs if d is not None], new=True)
            session.expunge_all()


_COMMON = ("id", "team_id", "deleted_at")
_INDEXED: tuple[tuple[str, Any, tuple[str, ...]], ...] = (
    ("conversation", Conversation, ("summary", "place", "referrals")),
    (
        "discovery",
        Discovery,
        ("title", "description", "conversation_id", "visibility", "created_by_id"),
    ),
    ("person", Person, ("pseudonym", "first_name", "recognition", "street")),
)
