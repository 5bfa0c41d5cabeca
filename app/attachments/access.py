"""The attachments of an inzageverzoek: listed in the report, and the files themselves in a
ZIP beside it — written to a temporary file one chunk at a time (memory stays flat), then
streamed out."""

from __future__ import annotations

import json
import tempfile
import uuid
import zipfile
from collections.abc import Iterator
from typing import Any

from sqlmodel import Session, col, select

from app.attachments.downloads import EXTENSIONS
from app.attachments.files import CHUNK_SIZE
from app.attachments.models import Attachment, AttachmentKind, FileChunk, StoredFile

SPOOL_BYTES = 8 * 1024 * 1024


def file_name(attachment: Attachment) -> str:
    kind = "foto" if attachment.kind == AttachmentKind.photo.value else "spraakmemo"
    extension = EXTENSIONS.get(attachment.media_type, "bin")
    return f"bijlagen/{kind}-{attachment.created_at:%Y-%m-%d}-{attachment.id.hex[:8]}.{extension}"


def _arrived(session: Session, team_id: uuid.UUID, hashes: set[str]) -> dict[str, StoredFile]:
    if not hashes:
        return {}
    return {
        f.sha256: f
        for f in session.exec(
            select(StoredFile).where(
                StoredFile.team_id == team_id,
                col(StoredFile.sha256).in_(hashes),
                col(StoredFile.completed_at).is_not(None),
            )
        )
    }


def attachment_entries(
    session: Session, team_id: uuid.UUID, attachments: list[Attachment]
) -> list[dict[str, Any]]:
    arrived = _arrived(session, team_id, {a.sha256 for a in attachments})
    return [
        {
            "kind": a.kind,
            "caption": a.caption,
            "visibility": a.visibility,
            "media_type": a.media_type,
            "size": a.size,
            "duration_ms": a.duration_ms,
            "sha256": a.sha256,
            "recorded_at": a.created_at,
            "by_id": a.created_by_id,
            "file": file_name(a) if a.sha256 in arrived else None,
        }
        for a in sorted(attachments, key=lambda a: a.created_at)
    ]


def access_zip(
    session: Session, team_id: uuid.UUID, report: dict[str, Any], attachments: list[Attachment]
) -> Iterator[bytes]:
    """The report as JSON and every file that arrived, in one ZIP (stored, not compressed:
    photos and recordings are compressed already)."""
    arrived = _arrived(session, team_id, {a.sha256 for a in attachments})
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 - streamed below
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr(
            "inzage.json", json.dumps(report, ensure_ascii=False, indent=2).encode("utf-8")
        )
        for attachment in attachments:
            stored = arrived.get(attachment.sha256)
            if stored is None:
                continue
            with archive.open(file_name(attachment), "w", force_zip64=True) as out:
                for position in range(stored.chunk_count):
                    data = session.exec(
                        select(FileChunk.data).where(
                            FileChunk.file_id == stored.id, FileChunk.position == position
                        )
                    ).first()
                    out.write(data or b"")
    spool.seek(0)

    def chunks() -> Iterator[bytes]:
        with spool:
            while block := spool.read(CHUNK_SIZE):
                yield block

    return chunks()
