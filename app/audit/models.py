"""An append-only log of who viewed, exported, changed or erased resident data."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index
from sqlmodel import Field, SQLModel

from app.db import UTCDateTime, utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_team_id_occurred_at", "team_id", "occurred_at"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: uuid.UUID | None = Field(default=None, foreign_key="team.id")
    actor_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    action: str = Field(max_length=40)
    entity: str = Field(default="", max_length=32)
    record_id: uuid.UUID | None = Field(default=None)
    occurred_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    # Hash chain: each event's hash covers its content and the previous event's hash.
    prev_hash: str = Field(default="", max_length=64)
    hash: str = Field(default="", max_length=64)
