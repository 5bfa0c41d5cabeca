"""Input shapes for bewoners, in the field names of the sync wire contract (DESIGN.md §4)."""

from __future__ import annotations

import uuid

from pydantic import Field

from app.people.models import ConsentHow, ConsentScope
from app.validation import MomentInWindow, StrictInput


class ConsentIn(StrictInput):
    scopes: list[ConsentScope] = Field(default_factory=list, max_length=4)
    how: ConsentHow = ConsentHow.verbal
    recorded_at: MomentInWindow | None = None


class PersonCreate(StrictInput):
    neighbourhood_id: uuid.UUID | None = None
    pseudonym: str | None = Field(default=None, max_length=16)
    first_name: str | None = Field(default=None, max_length=60)
    recognition: str = Field(default="", max_length=200)
    street: str = Field(default="", max_length=120)
    is_connector: bool = False
    consent: ConsentIn | None = None
