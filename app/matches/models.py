"""A "wie met wie" suggestion the team dismissed: it never comes back."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db import UTCDateTime, utcnow


class DismissedMatch(SQLModel, table=True):
    __tablename__ = "dismissed_match"
    __table_args__ = (UniqueConstraint("team_id", "key", name="uq_dismissed_match_team_id_key"),)

    id: int | None = Field(default=None, primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="team.id")
    # "person:<id>|idea:<id>" or "person:<a>|person:<b>" with a < b: one key per pair.
    key: str = Field(max_length=100)
    dismissed_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    dismissed_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
