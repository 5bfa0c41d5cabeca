"""One photo may headline a section of the printed overview (issue #16). The one rule:

- the photo was marked for the overview (visibility `overview`), and its file has arrived;
- it belongs to a discovery the overview shows (so to the buurten and period chosen);
- everyone on it has consent for photos and to be named in the overview: a recognisable face
  in a public document is at least as much as a name.
Its caption is redacted like every text of the overview. The newest photo of a section wins.
The image goes into the document itself, made smaller for print: the shared page and the PDF
need no login to show it.
"""

from __future__ import annotations

import base64
import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PIL import Image
from sqlalchemy import Select
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from app.attachments.files import find_file
from app.attachments.models import Attachment, AttachmentKind, AttachmentPerson, FileChunk
from app.attachments.service import photo_consented
from app.conversations.models import Visibility

PRINT_SIDE = 900


@dataclass(frozen=True)
class SectionPhoto:
    data_uri: str
    caption: str


def _printable(data: bytes) -> str:
    with Image.open(io.BytesIO(data)) as image:
        image.thumbnail((PRINT_SIDE, PRINT_SIDE))
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=80)
    return "data:image/jpeg;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def section_photos(
    session: Session,
    team_id: uuid.UUID,
    shown: Select[Any],
    named: set[uuid.UUID],
    redact: Callable[[str], str],
) -> dict[str, SectionPhoto]:
    """`shown`: a query of (discovery id, kind) of what the overview shows; `named`: who may
    be named."""
    shown_ids = shown.subquery()
    found = session.execute(
        sa_select(Attachment, shown_ids.c.kind)
        .join(shown_ids, shown_ids.c.id == col(Attachment.discovery_id))
        .where(
            col(Attachment.team_id) == team_id,
            col(Attachment.deleted_at).is_(None),
            col(Attachment.kind) == AttachmentKind.photo.value,
            col(Attachment.visibility) == Visibility.overview.value,
        )
        .order_by(col(Attachment.created_at).desc())
    ).all()
    if not found:
        return {}
    photos = [photo for photo, _kind in found]
    kind_of = {photo.id: kind for photo, kind in found}
    on_photo: dict[uuid.UUID, set[uuid.UUID]] = {}
    for link in session.exec(
        select(AttachmentPerson).where(
            col(AttachmentPerson.attachment_id).in_([p.id for p in photos])
        )
    ):
        on_photo.setdefault(link.attachment_id, set()).add(link.person_id)
    everyone = set().union(*on_photo.values()) if on_photo else set()
    may_show = named & photo_consented(session, everyone)
    chosen: dict[str, SectionPhoto] = {}
    for photo in photos:
        kind = kind_of[photo.id]
        if kind in chosen or not on_photo.get(photo.id, set()) <= may_show:
            continue
        stored = find_file(session, team_id, photo.sha256)
        if stored is None or not stored.complete:
            continue
        chunks: list[bytes] = list(
            session.exec(
                select(FileChunk.data)
                .where(FileChunk.file_id == stored.id)
                .order_by(col(FileChunk.position))
            )
        )
        data = b"".join(chunks)
        chosen[kind] = SectionPhoto(_printable(data), redact(photo.caption))
    return chosen
