"""The weekoverleg itself: when the team met, who was there, what they noted. "New since the
last weekoverleg" is measured from the last meeting's start."""

from __future__ import annotations

import uuid
from datetime import datetime

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
