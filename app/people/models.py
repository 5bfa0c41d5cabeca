"""Bewoners: minimal by design. A pseudonym always; a first name only with consent."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.changes.models import SyncedRecord, synced_table_args
from app.db import UTCDateTime, utcnow


class ConsentScope(StrEnum):
    store_name = "store_name"
    share_in_team = "share_in_team"
    name_in_overview = "name_in_overview"
    contact = "contact"
    photo = "photo"


class ConsentHow(StrEnum):
    verbal = "mondeling"
    written = "schriftelijk"


class Person(SyncedRecord, table=True):
    __tablename__ = "person"
    __table_args__ = synced_table_args(
        "person",
        UniqueConstraint("team_id", "pseudonym", name="uq_person_team_id_pseudonym"),
        # The weekoverleg's people without contact lately, longest ago first.
        Index("ix_person_team_id_last_contact_at", "team_id", "last_contact_at"),
    )

    neighbourhood_id: uuid.UUID | None = Field(default=None, foreign_key="neighbourhood.id")
    pseudonym: str = Field(max_length=16)
    first_name: str | None = Field(default=None, max_length=60)
    recognition: str = Field(default="", max_length=200)
    # Coarse location only: a street, never a house number.
    street: str = Field(default="", max_length=120)
    is_connector: bool = Field(default=False)
    last_contact_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Consent(SQLModel, table=True):
    """One recorded consent of a person; a new record replaces the previous, none is erased."""

    __tablename__ = "consent"
    __table_args__ = (CheckConstraint("how IN ('mondeling', 'schriftelijk')", name="how"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="team.id", index=True)
    person_id: uuid.UUID = Field(foreign_key="person.id", index=True, ondelete="CASCADE")
    scopes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    how: str = Field(max_length=16)
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    recorded_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    withdrawn_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class ForgottenName(SQLModel, table=True):
    """A first name whose right to be stored ended (withdrawal, erasure, retention), kept only
    as salted hashes of its folded words and linked to no one, so that free text still naming
    her is recognised and hidden (app.people.names). No time is kept: it would tie the hash to
    the audit event of the withdrawal."""

    __tablename__ = "forgotten_name"
    __table_args__ = (
        UniqueConstraint("team_id", "digest", name="uq_forgotten_name_team_id_digest"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="team.id")
    digest: str = Field(max_length=64)  # all words of the name
    first: str = Field(max_length=64)  # its first word
    words: int = Field(ge=1)
