"""A read-only link to a krachtenoverzicht for the wijkoverleg: residents open it on their
phone without an account, until it expires or a coordinator revokes it."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.db import UTCDateTime, utcnow


class ShareLink(SQLModel, table=True):
    __tablename__ = "share_link"
    __table_args__ = (Index("ix_share_link_team_id_created_at", "team_id", "created_at"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="team.id")
    # The selection the link shows, assembled afresh on every visit (so a withdrawn consent or
    # an erased resident disappears from it at once).
    neighbourhood_ids: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    starts_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    ends_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    label: str = Field(default="", max_length=120)
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")


class OverviewObjection(SQLModel, table=True):
    """A named bewoner read along before the wijkoverleg and said "liever niet": her name and
    her words leave that overview (its selection: this link's buurten and period) and its
    share link (app.export.objections; asked on her own page, app.residents.meelezen)."""

    __tablename__ = "overview_objection"
    __table_args__ = (
        UniqueConstraint("share_link_id", "person_id", name="uq_overview_objection_link_person"),
        Index("ix_overview_objection_team_id", "team_id"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="team.id")
    share_link_id: uuid.UUID = Field(foreign_key="share_link.id", ondelete="CASCADE")
    person_id: uuid.UUID = Field(foreign_key="person.id", ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
