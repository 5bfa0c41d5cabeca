"""A bewoner's own link: to the page where she sees what the team noted about her, corrects
and adds to it, and gives or withdraws her consent (DESIGN.md §5, issue #18)."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, Index, Text
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


class ProposalKind(StrEnum):
    change = "change"  # to something noted about her: her words, her willingness, an idea
    new_quality = "new_quality"  # something she can, wants to share or to learn, not yet noted
    remark = "remark"  # "this is not right", in her words: the team reads it and acts


class ProposalOutcome(StrEnum):
    accepted = "accepted"
    declined = "declined"


class ResidentProposal(SQLModel, table=True):
    """What a bewoner proposes on her own page. The team decides in the weekoverleg ("Van
    bewoners"); taken over, it is a change like any other, with a revision that says it came
    from her. Hers: it goes with her on erasure and is in her inzage."""

    __tablename__ = "resident_proposal"
    __table_args__ = (
        CheckConstraint("kind IN ('change', 'new_quality', 'remark')", name="kind"),
        CheckConstraint("outcome IN ('accepted', 'declined')", name="outcome"),
        Index("ix_resident_proposal_team_id_decided_at", "team_id", "decided_at"),
        Index("ix_resident_proposal_person_id_created_at", "person_id", "created_at"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="team.id")
    person_id: uuid.UUID = Field(foreign_key="person.id", ondelete="CASCADE")
    link_id: uuid.UUID | None = Field(
        default=None, foreign_key="resident_link.id", ondelete="SET NULL"
    )
    kind: str = Field(max_length=16)
    # What it is about (none for something new); the version she saw, so taking it over
    # later merges with what the team changed meanwhile instead of undoing it.
    discovery_id: uuid.UUID | None = Field(
        default=None, foreign_key="discovery.id", ondelete="CASCADE"
    )
    base_version: int | None = Field(default=None)
    # The wire fields she changed (app.sync.entities.discovery_fields' names), or her remark.
    fields: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    remark: str = Field(default="", sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    decided_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    decided_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    outcome: str | None = Field(default=None, max_length=10)
