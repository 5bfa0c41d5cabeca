"""Teams (the tenant), their buurten, members, themes and prompt cards."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.changes.models import SyncedRecord, synced_table_args
from app.db import UTCDateTime, utcnow


class Role(StrEnum):
    worker = "worker"
    coordinator = "coordinator"
    admin = "admin"


class PromptGroup(StrEnum):
    opening = "opening"
    head = "head"
    heart = "heart"
    hands = "hands"
    dreams = "dreams"
    connecting = "connecting"
    collective = "collective"


class LawfulBasis(StrEnum):
    """AVG art. 6 lid 1: why the team may process what residents tell it."""

    consent = "consent"  # a: toestemming
    public_task = "public_task"  # e: taak van algemeen belang
    legitimate_interest = "legitimate_interest"  # f: gerechtvaardigd belang


class AddressForm(StrEnum):
    """How the team's conversation cards speak to a resident."""

    je = "je"
    u = "u"


def _in(column: str, values: type[StrEnum]) -> str:
    return f"{column} IN ({', '.join(repr(v.value) for v in values)})"


class Team(SQLModel, table=True):
    __tablename__ = "team"
    __table_args__ = (
        CheckConstraint(_in("lawful_basis", LawfulBasis), name="lawful_basis"),
        CheckConstraint(_in("address_form", AddressForm), name="address_form"),
    )

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    name: str = Field(max_length=120, unique=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # Privacy: retention (DESIGN.md §5) and when people count as "not talked to lately".
    retention_review_months: int = Field(default=12, ge=1)
    retention_delete_months: int = Field(default=24, ge=1)
    stale_contact_weeks: int = Field(default=6, ge=1)
    lawful_basis: str = Field(default=LawfulBasis.public_task.value, max_length=24)
    # Coordinators and admins must log in with two-step verification (app.auth.mfa).
    require_mfa: bool = Field(default=False)
    # How the conversation cards address a resident: "je" or "u" (AddressForm).
    address_form: str = Field(default="je", max_length=2)


class Membership(SQLModel, table=True):
    __tablename__ = "membership"
    __table_args__ = (
        UniqueConstraint("user_id", "team_id"),
        CheckConstraint(_in("role", Role), name="role"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True)
    team_id: uuid.UUID = Field(foreign_key="team.id", index=True)
    role: str = Field(max_length=16)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Neighbourhood(SyncedRecord, table=True):
    __tablename__ = "neighbourhood"
    __table_args__ = synced_table_args(
        "neighbourhood", UniqueConstraint("team_id", "name", name="uq_neighbourhood_team_id_name")
    )

    name: str = Field(max_length=120)


class Theme(SyncedRecord, table=True):
    __tablename__ = "theme"
    __table_args__ = synced_table_args(
        "theme", UniqueConstraint("team_id", "name", name="uq_theme_team_id_name")
    )

    name: str = Field(max_length=60)
    position: int = Field(default=0)
    # AVG special categories (health, religion, …): never attachable to a named person.
    is_special_category: bool = Field(default=False)


class PromptCard(SyncedRecord, table=True):
    __tablename__ = "prompt_card"
    __table_args__ = synced_table_args(
        "prompt_card", CheckConstraint(_in("prompt_group", PromptGroup), name="prompt_group")
    )

    prompt_group: str = Field(max_length=16)
    text: str = Field(max_length=300)
    position: int = Field(default=0)
