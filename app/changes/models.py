"""What every synced record carries, and the team-wide change log that sync is built on.

DESIGN.md §4: client-made UUID keys, a version per record, a per-team change sequence that
pull cursors point into, tombstones for deletions and erasures, and a revision for every change
so nothing is ever silently overwritten.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from app.db import UTCDateTime, utcnow


class SyncedRecord(SQLModel):
    """Columns of every record a device can create or receive."""

    id: uuid.UUID = Field(primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="team.id", index=True)
    version: int = Field(default=1, ge=1)
    change_seq: int = Field(default=0, sa_type=BigInteger)
    deleted_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


def synced_table_args(table: str, *extra: Any) -> tuple[Any, ...]:
    # A change sequence number belongs to exactly one change of one record of one team.
    return (
        UniqueConstraint("team_id", "change_seq", name=f"uq_{table}_team_id_change_seq"),
        *extra,
    )


class ChangeCounter(SQLModel, table=True):
    """The last change sequence handed out per team; its row lock orders writers."""

    __tablename__ = "change_counter"

    team_id: uuid.UUID = Field(primary_key=True, foreign_key="team.id")
    last_seq: int = Field(default=0, sa_type=BigInteger)
    # Tombstones up to this sequence were purged: an older pull cursor gets 410 Gone.
    purged_through_seq: int = Field(default=0, sa_type=BigInteger)


class RevisionAction(StrEnum):
    create = "create"
    update = "update"
    merge = "merge"
    delete = "delete"
    erase = "erase"


class Revision(SQLModel, table=True):
    """One change to one record: who, when, which fields went from what to what."""

    __tablename__ = "revision"
    __table_args__ = (Index("ix_revision_entity_record_id", "entity", "record_id"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="team.id", index=True)
    entity: str = Field(max_length=32)
    record_id: uuid.UUID
    version: int
    change_seq: int = Field(sa_type=BigInteger)
    action: str = Field(max_length=16)
    op_id: uuid.UUID | None = Field(default=None)
    changed_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    # The bewoner herself, on her own page: her consent (changed_by_id empty), or her
    # proposal that a team member took over (changed_by_id is who did).
    by_resident: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    changed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # {field: {"old": ..., "new": ...}}
    changes: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Fields changed on the device and on the server since the device's base version.
    conflict_fields: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    resolved_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    resolved_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")


class Tombstone(SQLModel, table=True):
    """A record that no longer exists on the server (erased), so devices learn to drop it."""

    __tablename__ = "tombstone"
    __table_args__ = (Index("ix_tombstone_team_id_change_seq", "team_id", "change_seq"),)

    entity: str = Field(primary_key=True, max_length=32)
    record_id: uuid.UUID = Field(primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="team.id")
    change_seq: int = Field(sa_type=BigInteger)
    deleted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
