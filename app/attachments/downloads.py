"""Serving an attachment to the team: only to who may see it, only once its bytes are all in,
always as a download that no browser runs or sniffs (Content-Disposition, nosniff, a sandbox
CSP), with byte ranges for players that seek. Opening a photo or recording of a conversation
with a bewoner is audited like opening their profile."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from app.attachments.files import find_file, stream_chunks
from app.attachments.models import Attachment, AttachmentKind, AttachmentPerson
from app.attachments.service import can_see_attachment
from app.audit.service import record_event_now
from app.auth.service import Principal
from app.conversations.models import ConversationPerson
from app.db import SessionFactory
from app.errors import AppError, NotFoundError
from app.i18n import gettext as _

RANGE = re.compile(r"^bytes=(\d{0,15})-(\d{0,15})$")
EXTENSIONS = {
    "image/jpeg": "jpg",
    "audio/webm": "webm",
    "audio/ogg": "ogg",
    "audio/mp4": "m4a",
    "audio/aac": "aac",
    "audio/mpeg": "mp3",
}


class RangeNotSatisfiableError(AppError):
    status_code = 416


@dataclass
class Download:
    file_id: uuid.UUID
    chunk_size: int
    start: int
    end: int
    status_code: int
    media_type: str
    headers: dict[str, str] = field(default_factory=dict)

    def stream(self, factory: SessionFactory) -> Iterator[bytes]:
        return stream_chunks(factory, self.file_id, self.chunk_size, self.start, self.end)


def people_of(session: Session, attachment: Attachment) -> list[uuid.UUID]:
    """The bewoners an attachment is about: on the photo, or in its conversation."""
    on_it = session.exec(
        select(AttachmentPerson.person_id).where(AttachmentPerson.attachment_id == attachment.id)
    )
    talked = session.exec(
        select(ConversationPerson.person_id).where(
            col(ConversationPerson.conversation_id) == attachment.conversation_id
        )
    )
    return sorted(set(on_it) | set(talked))


def _range(header: str | None, size: int) -> tuple[int, int] | None:
    """One byte range of the file (what players ask for), or None for the whole file."""
    if not header:
        return None
    match = RANGE.match(header.strip())
    if match is None:
        return None  # several ranges or another unit: the whole file is a valid answer
    first, last = match.groups()
    if first == "":
        if last == "" or int(last) == 0:
            raise RangeNotSatisfiableError(_("Dit deel van het bestand bestaat niet."))
        return max(size - int(last), 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        raise RangeNotSatisfiableError(_("Dit deel van het bestand bestaat niet."))
    return start, end


def open_download(
    session: Session, principal: Principal, attachment_id: uuid.UUID, range_header: str | None
) -> Download:
    attachment = session.get(Attachment, attachment_id)
    if (
        attachment is None
        or attachment.team_id != principal.team.id
        or attachment.is_deleted
        or not can_see_attachment(principal, attachment)
    ):
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    stored = find_file(session, principal.team.id, attachment.sha256)
    if stored is None or not stored.complete:
        raise NotFoundError(_("Dit bestand is nog niet binnen: de telefoon stuurt het nog."))
    people = people_of(session, attachment)
    if people:
        record_event_now(
            session,
            action="attachment.view",
            team_id=principal.team.id,
            actor_id=principal.user.id,
            entity="attachment",
            record_id=attachment.id,
            details={"people": [str(p) for p in people], "kind": attachment.kind},
        )
    wanted = _range(range_header, stored.size)
    start, end = wanted if wanted is not None else (0, stored.size - 1)
    kind = "foto" if attachment.kind == AttachmentKind.photo.value else "spraakmemo"
    name = f"{kind}-{attachment.created_at:%Y-%m-%d}.{EXTENSIONS.get(stored.media_type, 'bin')}"
    headers = {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Content-Length": str(end - start + 1),
        "Accept-Ranges": "bytes",
        "Cache-Control": "private, no-store",
        "Content-Security-Policy": "default-src 'none'; sandbox",
        "X-Content-Type-Options": "nosniff",
    }
    if wanted is not None:
        headers["Content-Range"] = f"bytes {start}-{end}/{stored.size}"
    return Download(
        file_id=stored.id,
        chunk_size=stored.chunk_size,
        start=start,
        end=end,
        status_code=206 if wanted is not None else 200,
        media_type=stored.media_type,
        headers=headers,
    )
