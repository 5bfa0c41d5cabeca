"""Gesprekken and what they surfaced: ontdekkingen and vervolgafspraken (DESIGN.md §2)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, BigInteger, CheckConstraint, Column, Index, Text, text
from sqlmodel import Field, SQLModel

from app.changes.models import SyncedRecord, synced_table_args
from app.db import UTCDateTime


class ConversationKind(StrEnum):
    street = "street"
    appointment = "appointment"
    home_visit = "home_visit"
    during_activity = "during_activity"
    group = "group"
    phone = "phone"


class ConversationLanguage(StrEnum):
    """The language a talk was in (ISO 639 codes): the languages Oost speaks at home, and
    any other. Optional: a talk in Dutch need not say so."""

    dutch = "nl"
    arabic = "ar"
    tamazight = "ber"
    turkish = "tr"
    english = "en"
    papiamento = "pap"
    sranantongo = "srn"
    polish = "pl"
    bulgarian = "bg"
    romanian = "ro"
    ukrainian = "uk"
    somali = "so"
    tigrinya = "ti"
    persian = "fa"
    spanish = "es"
    french = "fr"
    portuguese = "pt"
    chinese = "zh"
    other = "other"


class DiscoveryKind(StrEnum):
    quality = "quality"
    group = "group"
    institution = "institution"
    place = "place"
    exchange = "exchange"
    story = "story"
    connection = "connection"
    idea = "idea"


class Dimension(StrEnum):
    head = "head"
    heart = "heart"
    hands = "hands"


class QualityType(StrEnum):
    gift = "gift"
    skill = "skill"
    knowledge = "knowledge"
    passion = "passion"


class Willingness(StrEnum):
    share = "share"
    teach = "teach"
    learn = "learn"
    join_in = "join"


class Visibility(StrEnum):
    private = "private"
    team = "team"
    overview = "overview"


class ReviewStatus(StrEnum):
    new = "new"
    discussed = "discussed"
    follow_up = "follow_up"
    parked = "parked"


class ConnectionKind(StrEnum):
    know_each_other = "know_each_other"
    do_together = "do_together"
    promising = "promising"
    introduced_by_us = "introduced_by_us"


class ConnectionStatus(StrEnum):
    chance = "chance"
    introduced = "introduced"
    met = "met"
    active_together = "active_together"
    did_not_work = "did_not_work"


class IdeaPhase(StrEnum):
    dream = "dream"
    exploring = "exploring"
    started = "started"
    running = "running"
    self_sustaining = "self_sustaining"
    stopped = "stopped"


class RefType(StrEnum):
    """What a connection can point at: a person, or a group/institution/place/idea discovery."""

    person = "person"
    group = "group"
    institution = "institution"
    place = "place"
    idea = "idea"


class InstitutionOffer(StrEnum):
    space = "space"
    materials = "materials"
    budget = "budget"
    staff_talents = "staff_talents"


class PlaceType(StrEnum):
    meeting_place = "meeting_place"
    green = "green"
    vacancy = "vacancy"
    other = "other"


class ExchangeType(StrEnum):
    swap = "swap"
    lend = "lend"
    small_business = "small_business"


class AskStatus(StrEnum):
    """What residents ask of partners, and how far the partner came: partners take part in
    residents' plans, not the other way round."""

    asked = "asked"
    promised = "promised"
    arranged = "arranged"
    declined = "declined"


# An ask still on its way: the weekoverleg moves it on, the overview lists it first.
OPEN_ASK_STATUSES = frozenset({AskStatus.asked.value, AskStatus.promised.value})


class FollowUpKind(StrEnum):
    agreement = "agreement"  # a vervolgafspraak
    talk_to = "talk_to"  # "Met wie moet ik nog meer praten?": someone still to speak to


class PersonRole(StrEnum):
    subject = "subject"
    trekker = "trekker"
    supporter = "supporter"


LIFECYCLE_BY_KIND: dict[DiscoveryKind, type[StrEnum]] = {
    DiscoveryKind.connection: ConnectionStatus,
    DiscoveryKind.idea: IdeaPhase,
}


def _in(column: str, values: type[StrEnum], *, nullable: bool = False) -> str:
    condition = f"{column} IN ({', '.join(repr(v.value) for v in values)})"
    return f"{column} IS NULL OR {condition}" if nullable else condition


class Conversation(SyncedRecord, table=True):
    __tablename__ = "conversation"
    __table_args__ = synced_table_args(
        "conversation",
        CheckConstraint(_in("kind", ConversationKind), name="kind"),
        CheckConstraint(
            f"language = '' OR {_in('language', ConversationLanguage)}", name="language"
        ),
        CheckConstraint("unnamed_count >= 0", name="unnamed_count"),
        Index("ix_conversation_team_id_occurred_at", "team_id", "occurred_at"),
    )

    neighbourhood_id: uuid.UUID = Field(foreign_key="neighbourhood.id", index=True)
    # The device's claim of when the talk happened: shown, never used for ordering sync.
    occurred_at: datetime = Field(sa_type=UTCDateTime)
    kind: str = Field(default=ConversationKind.street.value, max_length=20)
    place: str = Field(default="", max_length=200)
    summary: str = Field(sa_type=Text)
    unnamed_count: int = Field(default=0)
    prompt_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    referrals: str = Field(default="", sa_type=Text)
    # The language the talk was in, if the buurtwerker noted it (ConversationLanguage).
    language: str = Field(default="", max_length=8, sa_column_kwargs={"server_default": ""})


class ConversationPerson(SQLModel, table=True):
    __tablename__ = "conversation_person"

    conversation_id: uuid.UUID = Field(
        foreign_key="conversation.id", primary_key=True, ondelete="CASCADE"
    )
    person_id: uuid.UUID = Field(
        foreign_key="person.id", primary_key=True, index=True, ondelete="CASCADE"
    )


# The same words in the index and the query, so both databases use the partial index.
IDEAS_WITH_ASKS = "kind = 'idea' AND CAST(asks AS TEXT) <> '[]'"


class Discovery(SyncedRecord, table=True):
    __tablename__ = "discovery"
    __table_args__ = synced_table_args(
        "discovery",
        CheckConstraint(_in("kind", DiscoveryKind), name="kind"),
        CheckConstraint(_in("visibility", Visibility), name="visibility"),
        CheckConstraint(_in("review_status", ReviewStatus), name="review_status"),
        CheckConstraint(_in("quality_type", QualityType, nullable=True), name="quality_type"),
        CheckConstraint(
            _in("connection_kind", ConnectionKind, nullable=True), name="connection_kind"
        ),
        CheckConstraint(_in("from_ref_type", RefType, nullable=True), name="from_ref_type"),
        CheckConstraint(_in("to_ref_type", RefType, nullable=True), name="to_ref_type"),
        CheckConstraint(_in("place_type", PlaceType, nullable=True), name="place_type"),
        CheckConstraint(_in("exchange_type", ExchangeType, nullable=True), name="exchange_type"),
        Index("ix_discovery_team_id_kind", "team_id", "kind"),
        # The weekoverleg's ideas without contact lately, least recently changed first.
        Index("ix_discovery_team_id_kind_updated_at", "team_id", "kind", "updated_at"),
        # The weekoverleg's open asks: only ideas that ask anything (most ask nothing).
        Index(
            "ix_discovery_ideas_with_asks",
            "team_id",
            "kind",
            "updated_at",
            sqlite_where=text(IDEAS_WITH_ASKS),
            postgresql_where=text(IDEAS_WITH_ASKS),
        ),
        # The weekoverleg's queue: a team's open discoveries of a kind, oldest first.
        Index("ix_discovery_review_queue", "team_id", "review_status", "kind", "created_at", "id"),
    )

    conversation_id: uuid.UUID | None = Field(
        default=None, foreign_key="conversation.id", index=True
    )
    kind: str = Field(max_length=20)
    title: str = Field(default="", max_length=200)
    # In the resident's own words.
    description: str = Field(default="", sa_type=Text)
    visibility: str = Field(default=Visibility.team.value, max_length=10)
    # The change_seq of the last change to kind, visibility or conversation: who may hold the
    # record on a device may have changed then (see app.sync.pull, scope exits).
    scope_changed_seq: int | None = Field(default=None, sa_type=BigInteger)
    # Lifecycle of connections (ConnectionStatus) and ideas (IdeaPhase); empty for other kinds.
    status: str | None = Field(default=None, max_length=20)

    # quality
    quality_type: str | None = Field(default=None, max_length=12)
    dimensions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    willingness: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # group: what they do is the description
    group_would_like: str = Field(default="", sa_type=Text)
    group_if_asked: str = Field(default="", sa_type=Text)
    # institution
    offers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # place / exchange
    place_type: str | None = Field(default=None, max_length=16)
    exchange_type: str | None = Field(default=None, max_length=16)
    # connection
    connection_kind: str | None = Field(default=None, max_length=20)
    from_ref_type: str | None = Field(default=None, max_length=12)
    from_ref_id: uuid.UUID | None = Field(default=None)
    to_ref_type: str | None = Field(default=None, max_length=12)
    to_ref_id: uuid.UUID | None = Field(default=None)
    brokered_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    # idea: the three ABCD questions
    idea_self: str = Field(default="", sa_type=Text)
    idea_little_help: str = Field(default="", sa_type=Text)
    idea_outside: str = Field(default="", sa_type=Text)
    # idea: what the residents ask of partners, each {id, what, offer, institution_id,
    # partner, status} (AskStatus); part of the idea, so it shares its visibility and history.
    asks: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]")
    )

    # weekoverleg
    review_status: str = Field(default=ReviewStatus.new.value, max_length=12)
    review_note: str = Field(default="", sa_type=Text)
    highlight: bool = Field(default=False)
    reviewed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    reviewed_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")


class DiscoveryPerson(SQLModel, table=True):
    __tablename__ = "discovery_person"
    __table_args__ = (CheckConstraint("role IN ('subject', 'trekker', 'supporter')", name="role"),)

    discovery_id: uuid.UUID = Field(
        foreign_key="discovery.id", primary_key=True, ondelete="CASCADE"
    )
    person_id: uuid.UUID = Field(
        foreign_key="person.id", primary_key=True, index=True, ondelete="CASCADE"
    )
    role: str = Field(default=PersonRole.subject.value, primary_key=True, max_length=10)


class DiscoveryTheme(SQLModel, table=True):
    __tablename__ = "discovery_theme"

    discovery_id: uuid.UUID = Field(
        foreign_key="discovery.id", primary_key=True, ondelete="CASCADE"
    )
    theme_id: uuid.UUID = Field(foreign_key="theme.id", primary_key=True, index=True)


class FollowUp(SyncedRecord, table=True):
    __tablename__ = "follow_up"
    __table_args__ = synced_table_args(
        "follow_up",
        CheckConstraint(_in("kind", FollowUpKind), name="kind"),
        Index("ix_follow_up_team_id_due_on", "team_id", "due_on"),
    )

    kind: str = Field(default=FollowUpKind.agreement.value, max_length=10)
    what: str = Field(max_length=300)
    due_on: date | None = Field(default=None)
    owner_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id", index=True)
    # The change_seq of the last change of owner (see Discovery.scope_changed_seq).
    scope_changed_seq: int | None = Field(default=None, sa_type=BigInteger)
    conversation_id: uuid.UUID | None = Field(default=None, foreign_key="conversation.id")
    person_id: uuid.UUID | None = Field(default=None, foreign_key="person.id")
    discovery_id: uuid.UUID | None = Field(default=None, foreign_key="discovery.id")
    done_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
