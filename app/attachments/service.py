"""The rules of an attachment record, for a phone's push and a page alike (app.sync.engine
calls these through the `attachment` entity).

- It belongs to a conversation of the team (and maybe one of its discoveries).
- Its bytes are named by hash; kind, hash, type and size never change after creation: a
  different file is a different attachment.
- A photo may show people of the team, each with consent for photos (`photo` scope). A voice
  note shows no one: it is the worker's own memo.
- Who may see it: a voice note its author (private, the default) or the team; a photo the team
  (the default), its author alone, or also the krachtenoverzicht.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, delete, or_
from sqlmodel import Session, col, select

from app.attachments.files import purge_unreferenced
from app.attachments.models import MEDIA_TYPES, Attachment, AttachmentKind, AttachmentPerson
from app.attachments.schemas import AttachmentCreate
from app.auth.service import Principal
from app.changes.models import RevisionAction
from app.changes.service import jsonable, record_change
from app.conversations.models import Conversation, Discovery, Visibility
from app.db import utcnow
from app.errors import AppError
from app.i18n import gettext as _
from app.people.models import Consent, ConsentScope, Person
from app.teams.models import Team
from app.teams.refs import TeamRefs

Row = dict[str, Any]
IMMUTABLE = ("kind", "sha256", "media_type", "size")


def default_visibility(kind: AttachmentKind) -> Visibility:
    return Visibility.private if kind is AttachmentKind.voice else Visibility.team


def visible_attachment(principal: Principal) -> ColumnElement[bool]:
    """The one visibility rule as a query condition: a private attachment is its author's."""
    return or_(
        col(Attachment.visibility) != Visibility.private.value,
        col(Attachment.created_by_id) == principal.user.id,
    )


def can_see_attachment(principal: Principal, attachment: Attachment) -> bool:
    return (
        attachment.visibility != Visibility.private.value
        or attachment.created_by_id == principal.user.id
    )


def may_change_attachment(principal: Principal, attachment: Attachment) -> bool:
    return principal.is_coordinator or attachment.created_by_id == principal.user.id


def photo_consented(session: Session, person_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Of these people, those whose current consent includes photos."""
    ids = list(person_ids)
    if not ids:
        return set()
    latest: dict[uuid.UUID, list[str]] = {}
    for consent in session.exec(
        select(Consent)
        .where(col(Consent.person_id).in_(ids), col(Consent.withdrawn_at).is_(None))
        .order_by(col(Consent.recorded_at))
    ):
        latest[consent.person_id] = consent.scopes  # the latest wins, as on the wire
    return {p for p, scopes in latest.items() if ConsentScope.photo.value in scopes}


def check_attachment(
    refs: TeamRefs, data: AttachmentCreate, before: Attachment | None = None
) -> list[Person]:
    """The rules; returns the people on the photo."""
    if data.media_type not in MEDIA_TYPES[data.kind]:
        raise AppError(
            _("Een {kind} als {type} kan de app niet bewaren.").format(
                kind=_("foto") if data.kind is AttachmentKind.photo else _("spraakmemo"),
                type=data.media_type,
            )
        )
    if before is not None:
        for name in IMMUTABLE:
            if str(getattr(data, name)) != str(getattr(before, name)):
                raise AppError(
                    _("Een ander bestand is een nieuwe bijlage: {field} verandert niet.").format(
                        field=name
                    )
                )
    (conversation,) = refs.require(Conversation, [data.conversation_id])
    if conversation.is_deleted:
        raise AppError(_("Dit gesprek is verwijderd; er kan niets meer bij."))
    if data.discovery_id is not None:
        (discovery,) = refs.require(Discovery, [data.discovery_id])
        if discovery.conversation_id != data.conversation_id:
            raise AppError(_("Deze ontdekking hoort bij een ander gesprek."))
    if data.kind is AttachmentKind.voice:
        if data.person_ids:
            raise AppError(_("Op een spraakmemo staat niemand: kies geen bewoners."))
        if data.visibility is Visibility.overview:
            raise AppError(
                _(
                    "Een spraakmemo is een geheugensteun voor jezelf of het team, niet voor het "
                    "krachtenoverzicht."
                )
            )
    people = refs.require(Person, data.person_ids)
    consented = photo_consented(refs.session, data.person_ids)
    without = [p for p in people if p.id not in consented]
    if without:
        raise AppError(
            _("Zonder toestemming voor foto's kan {who} niet op een foto worden bewaard.").format(
                who=", ".join(p.pseudonym for p in without)
            )
        )
    return people


def attachment_values(data: AttachmentCreate) -> Row:
    return {
        "conversation_id": data.conversation_id,
        "discovery_id": data.discovery_id,
        "kind": data.kind.value,
        "sha256": data.sha256,
        "media_type": data.media_type,
        "size": data.size,
        "duration_ms": data.duration_ms,
        "visibility": (data.visibility or default_visibility(data.kind)).value,
        "caption": data.caption.strip(),
    }


def _write_people(session: Session, attachment_id: uuid.UUID, people: list[Person]) -> None:
    session.execute(
        delete(AttachmentPerson).where(col(AttachmentPerson.attachment_id) == attachment_id)
    )
    for person in people:
        session.add(AttachmentPerson(attachment_id=attachment_id, person_id=person.id))
    session.flush()


def create_attachment(
    session: Session,
    team: Team,
    actor_id: uuid.UUID | None,
    *,
    data: AttachmentCreate,
    attachment_id: uuid.UUID | None = None,
    op_id: uuid.UUID | None = None,
) -> Attachment:
    people = check_attachment(TeamRefs(session, team), data)
    attachment = Attachment(
        id=attachment_id or uuid.uuid4(), team_id=team.id, **attachment_values(data)
    )
    record_change(
        session,
        attachment,
        entity="attachment",
        actor_id=actor_id,
        action=RevisionAction.create,
        changes={},
        op_id=op_id,
    )
    session.flush()
    _write_people(session, attachment.id, people)
    return attachment


def assign_attachment(
    session: Session,
    team: Team,
    attachment: Attachment,
    *,
    data: AttachmentCreate,
    actor_id: uuid.UUID | None = None,
) -> None:
    people = check_attachment(TeamRefs(session, team), data, before=attachment)
    for name, value in attachment_values(data).items():
        setattr(attachment, name, value)
    session.add(attachment)
    session.flush()
    _write_people(session, attachment.id, people)


def attachment_fields(
    session: Session, attachments: Sequence[Attachment]
) -> dict[uuid.UUID, dict[str, Any]]:
    people: dict[uuid.UUID, list[uuid.UUID]] = defaultdict(list)
    for link in session.exec(
        select(AttachmentPerson)
        .where(col(AttachmentPerson.attachment_id).in_([a.id for a in attachments]))
        .order_by(col(AttachmentPerson.person_id))
    ):
        people[link.attachment_id].append(link.person_id)
    return {
        a.id: jsonable(
            {
                "conversation_id": a.conversation_id,
                "discovery_id": a.discovery_id,
                "kind": a.kind,
                "sha256": a.sha256,
                "media_type": a.media_type,
                "size": a.size,
                "duration_ms": a.duration_ms,
                "person_ids": people[a.id],
                "visibility": a.visibility,
                "caption": a.caption,
            }
        )
        for a in attachments
    }


def delete_attachment(session: Session, principal: Principal, attachment: Attachment) -> None:
    """Deleting an attachment deletes its bytes too, unless another attachment names them."""
    if not may_change_attachment(principal, attachment):
        raise AppError(_("Alleen wie dit opnam of een coördinator kan dit verwijderen."))
    _delete(session, principal, attachment)


def delete_attachments_of(
    session: Session, principal: Principal, conversation_id: uuid.UUID
) -> None:
    """A deleted conversation takes its attachments along: whoever may delete the
    conversation deletes what hangs on it (a colleague's private voice memo included)."""
    for attachment in session.exec(
        select(Attachment).where(
            col(Attachment.conversation_id) == conversation_id,
            col(Attachment.deleted_at).is_(None),
        )
    ).all():
        _delete(session, principal, attachment)


def _delete(session: Session, principal: Principal, attachment: Attachment) -> None:
    attachment.deleted_at = utcnow()
    record_change(
        session,
        attachment,
        entity="attachment",
        actor_id=principal.user.id,
        action=RevisionAction.delete,
        changes={"deleted": (False, True)},
    )
    session.flush()
    purge_unreferenced(session, attachment.team_id, {attachment.sha256})
