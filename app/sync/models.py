"""The sync protocol's own bookkeeping: devices and the answer to every pushed operation."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Text
from sqlmodel import Field, SQLModel

from app.db import UTCDateTime, utcnow


class Device(SQLModel, table=True):
    """A phone or browser of a user, named by the id it made itself."""

    __tablename__ = "device"

    id: uuid.UUID = Field(primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="team.id", index=True)
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True)
    user_agent: str = Field(default="", max_length=300)
    first_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_sync_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # The login session the device last synced with: revoking the device ends it.
    auth_session_id: uuid.UUID | None = Field(default=None)


class SyncOperation(SQLModel, table=True):
    """The answer given to one pushed change. The primary key on op_id makes a replay a
    duplicate at the database, not by check-then-insert."""

    __tablename__ = "sync_operation"

    op_id: uuid.UUID = Field(primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="team.id", index=True)
    device_id: uuid.UUID | None = Field(default=None, foreign_key="device.id")
    user_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    entity: str = Field(max_length=32)
    record_id: uuid.UUID
    status: str = Field(max_length=10)
    version: int | None = Field(default=None)
    reason: str | None = Field(default=None, sa_type=Text)
    received_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
