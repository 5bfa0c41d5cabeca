"""The weekoverleg itself: when the team met, who was there, what they noted. "New since the
last weekoverleg" is measured from the last meeting's start."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Column, Index, Text
from sqlmodel import Field, SQLModel

from app.db import UTCDateTime, utcnow


class ReviewMeeting(SQLModel, table=True):
    __tablename__ = "review_meeting"
    __table_args__ = (Index("ix_review_meeting_team_id_held_at", "team_id", "held_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="team.id")
    held_at: datetime = Field(sa_type=UTCDateTime)
    # User ids of who was there.
    attendee_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    notes: str = Field(default="", sa_type=Text)
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# In review_tally's key: the discovery is the team's to see (owner_id), or a count of the
# discovery itself rather than of one of its themes (theme_id).
TEAM_VISIBLE = uuid.UUID(int=0)
NO_THEME = uuid.UUID(int=0)


class ReviewTally(SQLModel, table=True):
    """How many discoveries are open for the weekoverleg (review_status new, not deleted), per
    team, day of creation (UTC), kind, theme and who may see them: the weekoverleg's counts
    read a few hundred of these rows instead of every open discovery.

    Kept by database triggers on discovery and discovery_theme (migration 0016), so every way
    a discovery changes (sync, pages, bulk inserts, erasure, a script) keeps it exact. Rows
    with theme_id NO_THEME count the discoveries themselves; others count a theme's links.
    owner_id is TEAM_VISIBLE, or the creator of a private discovery (only they see it)."""

    __tablename__ = "review_tally"

    team_id: uuid.UUID = Field(primary_key=True)
    owner_id: uuid.UUID = Field(primary_key=True)
    day: date = Field(primary_key=True)
    kind: str = Field(primary_key=True, max_length=20)
    theme_id: uuid.UUID = Field(primary_key=True)
    n: int = Field(default=0)
