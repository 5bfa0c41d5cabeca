"""Input shapes for gesprekken, ontdekkingen and vervolgafspraken (wire field names)."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import Field

from app.conversations.models import (
    AskStatus,
    ConnectionKind,
    ConversationKind,
    ConversationLanguage,
    Dimension,
    DiscoveryKind,
    ExchangeType,
    FollowUpKind,
    InstitutionOffer,
    PlaceType,
    QualityType,
    RefType,
    Visibility,
    Willingness,
)
from app.validation import DayInWindow, HappenedAt, MomentInWindow, StrictInput

LONG_TEXT = 10_000


class ConversationCreate(StrictInput):
    neighbourhood_id: uuid.UUID
    occurred_at: HappenedAt
    kind: ConversationKind = ConversationKind.street
    place: str = Field(default="", max_length=200)
    summary: str = Field(min_length=1, max_length=LONG_TEXT)
    person_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    unnamed_count: int = Field(default=0, ge=0, le=500)
    prompt_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    referrals: str = Field(default="", max_length=2000)
    # Empty: not noted.
    language: ConversationLanguage | Literal[""] = ""


class Ref(StrictInput):
    type: RefType
    id: uuid.UUID


class Ask(StrictInput):
    """One thing an idea's residents ask of a partner: an institution of the team, or a named
    partner such as the gemeente or the corporatie."""

    id: uuid.UUID
    what: str = Field(min_length=1, max_length=300)
    offer: InstitutionOffer | None = None
    institution_id: uuid.UUID | None = None
    partner: str = Field(default="", max_length=120)
    status: AskStatus = AskStatus.asked


class DiscoveryCreate(StrictInput):
    conversation_id: uuid.UUID | None = None
    kind: DiscoveryKind
    title: str = Field(default="", max_length=200)
    description: str = Field(default="", max_length=LONG_TEXT)
    person_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    trekker_ids: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    supporter_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    themes: list[uuid.UUID] = Field(default_factory=list, max_length=20)
    dimensions: list[Dimension] = Field(default_factory=list, max_length=3)
    willingness: list[Willingness] = Field(default_factory=list, max_length=4)
    visibility: Visibility = Visibility.team
    status: str | None = Field(default=None, max_length=20)
    quality_type: QualityType | None = None
    group_would_like: str = Field(default="", max_length=LONG_TEXT)
    group_if_asked: str = Field(default="", max_length=LONG_TEXT)
    offers: list[InstitutionOffer] = Field(default_factory=list, max_length=4)
    place_type: PlaceType | None = None
    exchange_type: ExchangeType | None = None
    connection_kind: ConnectionKind | None = None
    from_ref: Ref | None = None
    to_ref: Ref | None = None
    idea_self: str = Field(default="", max_length=LONG_TEXT)
    idea_little_help: str = Field(default="", max_length=LONG_TEXT)
    idea_outside: str = Field(default="", max_length=LONG_TEXT)
    asks: list[Ask] = Field(default_factory=list, max_length=20)
    highlight: bool = False


class FollowUpCreate(StrictInput):
    kind: FollowUpKind = FollowUpKind.agreement
    what: str = Field(min_length=1, max_length=300)
    due_on: DayInWindow | None = None
    owner_id: uuid.UUID | None = None
    conversation_id: uuid.UUID | None = None
    person_id: uuid.UUID | None = None
    discovery_id: uuid.UUID | None = None
    done_at: MomentInWindow | None = None
