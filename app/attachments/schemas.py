"""Input and answer shapes for attachments (wire field names) and their uploads."""

from __future__ import annotations

import uuid
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field

from app.attachments.models import AttachmentKind
from app.conversations.models import Visibility
from app.validation import StrictInput

# Files are limited before anything is stored (app.attachments.files checks the team's room).
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_DURATION_MS = 60 * 60 * 1000


def _media_type(value: str) -> str:
    """ "audio/webm;codecs=opus" is an audio/webm: parameters go, case does not matter."""
    return value.split(";", 1)[0].strip().lower()


Sha256 = Annotated[str, Field(pattern=r"^[0-9a-f]{64}$", min_length=64, max_length=64)]
MediaType = Annotated[str, Field(min_length=3, max_length=100), AfterValidator(_media_type)]


class AttachmentCreate(StrictInput):
    conversation_id: uuid.UUID
    discovery_id: uuid.UUID | None = None
    kind: AttachmentKind
    sha256: Sha256
    media_type: MediaType
    size: int = Field(ge=1, le=MAX_FILE_BYTES)
    duration_ms: int | None = Field(default=None, ge=0, le=MAX_DURATION_MS)
    person_ids: list[uuid.UUID] = Field(default_factory=list, max_length=50)
    # None: the kind's own default (a photo is the team's, a voice note its author's).
    visibility: Visibility | None = None
    caption: str = Field(default="", max_length=300)


class FileStart(StrictInput):
    sha256: Sha256
    size: int = Field(ge=1, le=2**40)  # the limit is checked with a clear answer (413)
    media_type: MediaType


class FileStatus(BaseModel):
    sha256: str
    size: int
    media_type: str
    chunk_size: int
    received: list[int]
    complete: bool


class FileMissing(BaseModel):
    detail: str
    missing: list[int]
