"""Which attachments go when a bewoner's data goes, and taking them out for good: the record,
its history and — unless another attachment names the same bytes — the file.

- Erasure (app.people.erasure): photos they are on, voice notes of conversations they took
  part in (a recording cannot be redacted the way text is), and everything attached to what
  was only about them.
- Consent for photos withdrawn (app.people.lifecycle): the photos they are on.
Phones drop them on their next pull: the caller writes a tombstone for each.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection

from sqlalchemy import delete, or_
from sqlmodel import Session, col, select

from app.attachments.files import purge_unreferenced
from app.attachments.models import Attachment, AttachmentKind, AttachmentPerson
from app.changes.models import Revision


def photos_of(session: Session, person_id: uuid.UUID) -> list[Attachment]:
    on_it = select(AttachmentPerson.attachment_id).where(AttachmentPerson.person_id == person_id)
    return list(session.exec(select(Attachment).where(col(Attachment.id).in_(on_it))))


def attachments_about(
    session: Session,
    person_id: uuid.UUID,
    conversation_ids: Collection[uuid.UUID],
    discovery_ids: Collection[uuid.UUID],
) -> list[Attachment]:
    on_it = select(AttachmentPerson.attachment_id).where(AttachmentPerson.person_id == person_id)
    return list(
        session.exec(
            select(Attachment).where(
                or_(
                    col(Attachment.id).in_(on_it),
                    col(Attachment.discovery_id).in_(list(discovery_ids)),
                    (col(Attachment.kind) == AttachmentKind.voice.value)
                    & col(Attachment.conversation_id).in_(list(conversation_ids)),
                )
            )
        )
    )


def erase_attachments(session: Session, attachments: list[Attachment]) -> list[uuid.UUID]:
    """Delete these records, their revisions and their files; the ids that need a tombstone."""
    if not attachments:
        return []
    ids = [a.id for a in attachments]
    by_team: dict[uuid.UUID, set[str]] = {}
    for attachment in attachments:
        by_team.setdefault(attachment.team_id, set()).add(attachment.sha256)
    session.execute(delete(AttachmentPerson).where(col(AttachmentPerson.attachment_id).in_(ids)))
    session.execute(
        delete(Revision).where(
            col(Revision.entity) == "attachment", col(Revision.record_id).in_(ids)
        )
    )
    for attachment in attachments:
        session.expunge(attachment)
    session.execute(delete(Attachment).where(col(Attachment.id).in_(ids)))
    for team_id, hashes in by_team.items():
        purge_unreferenced(session, team_id, hashes)
    return ids
