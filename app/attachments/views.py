"""Attachments as pages show them: only those the viewer may see, each with whether its bytes
are in ("nog niet binnen" when a phone has not sent them yet — never hidden), who is on it and
the discovery it belongs to. One query per table for any number of conversations."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from app.attachments.models import Attachment, AttachmentKind, AttachmentPerson, StoredFile
from app.attachments.service import may_change_attachment, visible_attachment
from app.auth.service import Principal
from app.conversations.models import ConversationPerson
from app.people.models import Person


@dataclass
class AttachmentView:
    attachment: Attachment
    arrived: bool
    may_edit: bool
    people: list[Person] = field(default_factory=list)

    @property
    def is_photo(self) -> bool:
        return self.attachment.kind == AttachmentKind.photo.value

    @property
    def person_ids(self) -> list[uuid.UUID]:
        return [p.id for p in self.people]


def attachment_views(
    session: Session, principal: Principal, where: ColumnElement[bool]
) -> list[AttachmentView]:
    attachments = list(
        session.exec(
            select(Attachment)
            .where(
                Attachment.team_id == principal.team.id,
                col(Attachment.deleted_at).is_(None),
                visible_attachment(principal),
                where,
            )
            .order_by(col(Attachment.created_at))
        )
    )
    if not attachments:
        return []
    hashes = {a.sha256 for a in attachments}
    arrived = set(
        session.exec(
            select(StoredFile.sha256).where(
                StoredFile.team_id == principal.team.id,
                col(StoredFile.sha256).in_(hashes),
                col(StoredFile.completed_at).is_not(None),
            )
        )
    )
    people: dict[uuid.UUID, list[Person]] = defaultdict(list)
    for attachment_id, person in session.exec(
        select(AttachmentPerson.attachment_id, Person)
        .join(Person, col(Person.id) == col(AttachmentPerson.person_id))
        .where(col(AttachmentPerson.attachment_id).in_([a.id for a in attachments]))
        .order_by(col(Person.pseudonym))
    ):
        people[attachment_id].append(person)
    return [
        AttachmentView(a, a.sha256 in arrived, may_change_attachment(principal, a), people[a.id])
        for a in attachments
    ]


def of_conversations(
    session: Session, principal: Principal, conversation_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, list[AttachmentView]]:
    by_conversation: dict[uuid.UUID, list[AttachmentView]] = defaultdict(list)
    ids = list(conversation_ids)
    if not ids:
        return by_conversation
    for view in attachment_views(session, principal, col(Attachment.conversation_id).in_(ids)):
        by_conversation[view.attachment.conversation_id].append(view)
    return by_conversation


def of_person(session: Session, principal: Principal, person_id: uuid.UUID) -> list[AttachmentView]:
    """Photos they are on, and what was recorded of conversations they took part in."""
    on_it = select(AttachmentPerson.attachment_id).where(AttachmentPerson.person_id == person_id)
    talks = select(ConversationPerson.conversation_id).where(
        ConversationPerson.person_id == person_id
    )
    return attachment_views(
        session,
        principal,
        col(Attachment.id).in_(on_it) | col(Attachment.conversation_id).in_(talks),
    )
