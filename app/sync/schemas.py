"""The sync wire contract v1 (DESIGN.md §4): push batches, their per-change answers, pull pages."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.validation import clean_strings

MAX_BATCH = 500
MAX_PULL_LIMIT = 1000


class ChangeStatus(StrEnum):
    applied = "applied"
    duplicate = "duplicate"
    merged = "merged"
    rejected = "rejected"


class ChangeIn(BaseModel):
    """The envelope must be well-formed (else the batch is a 422); what is inside `fields` is
    judged per change, so one bad change never blocks the rest."""

    model_config = ConfigDict(extra="forbid")

    op_id: uuid.UUID
    entity: str = Field(max_length=32)
    id: uuid.UUID
    base_version: int | None = Field(default=None, ge=1)
    deleted: bool = False
    fields: dict[str, Any] | None = None


class PushIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _clean_strings(cls, data: object) -> object:
        # Cleaned like every input shape (app.validation): a lone surrogate in an entity name
        # would otherwise fail the whole batch, or come back in an answer JSON cannot carry.
        return clean_strings(data)

    device_id: uuid.UUID
    # The 500 limit is checked by the route, to answer 413 rather than 422.
    changes: list[ChangeIn]


class ChangeResult(BaseModel):
    op_id: uuid.UUID
    id: uuid.UUID
    status: ChangeStatus
    version: int | None = None
    reason: str | None = None


class PushOut(BaseModel):
    results: list[ChangeResult]


class PulledChange(BaseModel):
    entity: str
    id: uuid.UUID
    version: int
    deleted: bool
    fields: dict[str, Any] | None


class PullOut(BaseModel):
    changes: list[PulledChange]
    cursor: str
    more: bool
