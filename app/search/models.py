"""The search index: one entry per searchable record (a conversation's summary, a discovery's
title and description), kept in step with every change by app.search.index.

The words and their keys are made in Python (app.search.text), the same for both databases.
Besides this table each database has its own full-text part, made by the migration and not
on this metadata: on PostgreSQL a generated `document` tsvector column (the words with weight
A, the keys with weight B, taken as they are) with a GIN index; on SQLite an FTS5 table
`search_fts` (columns `words`, `keys`) whose rowid is this id, which there begins with the
conversation's second (app.search.order) so the index can give the newest hits first.
"""

from __future__ import annotations

import uuid

from sqlalchemy import BigInteger, Column, Identity, Index, Integer, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


class SearchEntry(SQLModel, table=True):
    __tablename__ = "search_entry"
    __table_args__ = (
        UniqueConstraint("entity", "record_id", name="uq_search_entry_entity_record_id"),
        Index("ix_search_entry_team_id_conversation_id", "team_id", "conversation_id"),
    )

    id: int | None = Field(
        # INTEGER on SQLite: only that is the rowid (which the FTS5 table shares).
        default=None,
        sa_column=Column(
            BigInteger().with_variant(Integer(), "sqlite"), Identity(), primary_key=True
        ),
    )
    team_id: uuid.UUID = Field(foreign_key="team.id")
    entity: str = Field(max_length=20)
    record_id: uuid.UUID
    # The conversation a hit belongs to (itself, for a conversation).
    conversation_id: uuid.UUID | None = Field(default=None)
    # A private discovery is found only by its author.
    private_to_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    # Folded text (lower case, no diacritics): what the words and keys are made from.
    body: str = Field(default="", sa_type=Text)
    # Its words (no stop words) and their inflection keys, space separated: what is searched.
    words: str = Field(default="", sa_type=Text)
    keys: str = Field(default="", sa_type=Text)
