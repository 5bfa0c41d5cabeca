"""Keeping the search index in step with the records: every create, change and delete of a
conversation or discovery passes through here (app.changes.service.record_change, and the
sync batch path for new records), in the same transaction as the change itself."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, insert, select, text
from sqlmodel import Session, col

from app.changes.models import SyncedRecord
from app.conversations.models import Conversation, Discovery, Visibility
from app.people.models import Person
from app.search.models import SearchEntry
from app.search.text import fold, index_terms

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
    rows: list[dict[str, Any]] = [
        {
            "team_id": d.team_id,
            "entity": d.entity,
            "record_id": d.record_id,
            "conversation_id": d.conversation_id,
            "private_to_id": d.private_to_id,
            "body": fold(d.text),
        }
        for d in docs
        if d.text.strip()
    ]
    if not rows:
        return
    if not sqlite:
        connection.execute(insert(SearchEntry), rows)  # the tsvector is a generated column
        return
    entry_ids = connection.execute(
        insert(SearchEntry).returning(col(SearchEntry.id), sort_by_parameter_order=True), rows
    ).scalars()
    connection.execute(
        text("INSERT INTO search_fts (rowid, terms) VALUES (:id, :terms)"),
        [
            {"id": entry_id, "terms": index_terms(row["body"])}
            for entry_id, row in zip(entry_ids, rows, strict=True)
        ],
    )
