"""A bewoner's own link: to the page where she sees what the team noted about her, corrects
and adds to it, and gives or withdraws her consent (DESIGN.md §5, issue #18)."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from app.db import UTCDateTime, utcnow


class ResidentLink(SQLModel, table=True):
    """Made by the team, per bewoner, for a time; the token is signed, not stored (app.links),
    so the team can show it again. Revoked or expired, it opens nothing."""

    __tablename__ = "resident_link"
    __table_args__ = (Index("ix_resident_link_person_id_created_at", "person_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="team.id", index=True)
    person_id: uuid.UUID = Field(foreign_key="person.id", ondelete="CASCADE")
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    last_opened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class LinkAttempt(SQLModel, table=True):
    """A link that did not open, by whom (a keyed hash of the address, never the address):
    enough of them in a while and that client waits (app.residents.links)."""

    __tablename__ = "link_attempt"
    __table_args__ = (Index("ix_link_attempt_client_attempted_at", "client", "attempted_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    client: str = Field(max_length=64)
    attempted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
