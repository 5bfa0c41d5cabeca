"""Input shapes for bewoners, in the field names of the sync wire contract (DESIGN.md §4)."""

from __future__ import annotations

import re
import uuid
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from app.i18n import gettext as _
from app.people.models import ConsentHow, ConsentScope
from app.validation import MomentInWindow, StrictInput

# What app.people.service.make_pseudonym draws from (no 0/O, 1/I: easy to read aloud). The
# wire allows up to 8 of them, so longer pseudonyms can come without a new rule.
PSEUDONYM_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
PSEUDONYM = re.compile(f"B-[{PSEUDONYM_ALPHABET}]{{4,8}}")


def _readable_pseudonym(value: str) -> str:
    # A pseudonym travels into file names, headers and links: only the generated format.
    value = value.strip()
    if value and not PSEUDONYM.fullmatch(value):
        raise PydanticCustomError(
            "pseudonym",
            _("Een pseudoniem ziet eruit als B-7F3K: B- en dan 4 tot 8 hoofdletters of cijfers."),
        )
    return value


class ConsentIn(StrictInput):
    scopes: list[ConsentScope] = Field(default_factory=list, max_length=len(ConsentScope))
    how: ConsentHow = ConsentHow.verbal
    recorded_at: MomentInWindow | None = None


class PersonCreate(StrictInput):
    neighbourhood_id: uuid.UUID | None = None
    pseudonym: Annotated[str, AfterValidator(_readable_pseudonym)] | None = Field(
        default=None, max_length=16
    )
    first_name: str | None = Field(default=None, max_length=60)
    recognition: str = Field(default="", max_length=200)
    street: str = Field(default="", max_length=120)
    is_connector: bool = False
    consent: ConsentIn | None = None
