"""Photos and voice notes (DESIGN.md §2 Attachment, issue #16).

Two layers, kept apart on purpose:
- `Attachment` is a synced record like a discovery: which conversation (or discovery) it
  belongs to, who is on it, who may see it, and the SHA-256 of its bytes. Phones push and pull
  it; it has versions, revisions and tombstones.
- `StoredFile` and its `FileChunk`s are the bytes, once per team per hash, uploaded in chunks
  that each commit on their own (resumable), and accepted only when the hash matches. They
  live in the database, so every app instance on one PostgreSQL serves the same files.

A record can arrive before its bytes (or without them, for a while): pages then say the file
is "nog niet binnen" instead of hiding that it exists.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel

from app.changes.models import SyncedRecord, synced_table_args
from app.db import UTCDateTime, utcnow


class AttachmentKind(StrEnum):
    photo = "photo"
    voice = "voice"


# What a phone makes: photos are re-encoded to JPEG on the phone (which drops EXIF); voice
# notes are what MediaRecorder gives (Opus in WebM or Ogg, AAC in MP4 on Safari).
MEDIA_TYPES: dict[AttachmentKind, tuple[str, ...]] = {
    AttachmentKind.photo: ("image/jpeg",),
    AttachmentKind.voice: ("audio/webm", "audio/ogg", "audio/mp4", "audio/aac", "audio/mpeg"),
}
ALL_MEDIA_TYPES = tuple(t for types in MEDIA_TYPES.values() for t in types)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Attachment(SyncedRecord, table=True):
    __tablename__ = "attachment"
    __table_args__ = synced_table_args(
        "attachment",
        CheckConstraint(_in("kind", tuple(k.value for k in AttachmentKind)), name="kind"),
        CheckConstraint(_in("visibility", ("private", "team", "overview")), name="visibility"),
        CheckConstraint("size > 0", name="size"),
        Index("ix_attachment_team_id_sha256", "team_id", "sha256"),
    )

    conversation_id: uuid.UUID = Field(foreign_key="conversation.id", index=True)
    discovery_id: uuid.UUID | None = Field(default=None, foreign_key="discovery.id", index=True)
    kind: str = Field(max_length=10)
    sha256: str = Field(max_length=64)
    media_type: str = Field(max_length=40)
    size: int = Field(sa_type=BigInteger)
    duration_ms: int | None = Field(default=None)
    visibility: str = Field(max_length=10)
    caption: str = Field(default="", max_length=300)


class AttachmentPerson(SQLModel, table=True):
    """Who is on a photo: each needs the `photo` consent scope."""

    __tablename__ = "attachment_person"

    attachment_id: uuid.UUID = Field(
        foreign_key="attachment.id", primary_key=True, ondelete="CASCADE"
    )
    person_id: uuid.UUID = Field(
        foreign_key="person.id", primary_key=True, index=True, ondelete="CASCADE"
    )


class StoredFile(SQLModel, table=True):
    """The bytes of one file of one team, by hash; complete once the hash was checked."""

    __tablename__ = "stored_file"
    __table_args__ = (UniqueConstraint("team_id", "sha256", name="uq_stored_file_team_id_sha256"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    team_id: uuid.UUID = Field(foreign_key="team.id", index=True)
    sha256: str = Field(max_length=64)
    size: int = Field(sa_type=BigInteger)
    media_type: str = Field(max_length=40)
    chunk_size: int
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="app_user.id")
    completed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    @property
    def complete(self) -> bool:
        return self.completed_at is not None

    @property
    def chunk_count(self) -> int:
        return -(-self.size // self.chunk_size)


class FileChunk(SQLModel, table=True):
    __tablename__ = "file_chunk"

    file_id: uuid.UUID = Field(foreign_key="stored_file.id", primary_key=True, ondelete="CASCADE")
    position: int = Field(primary_key=True)
    data: bytes = Field(sa_type=LargeBinary)
