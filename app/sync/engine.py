"""The record-change engine: how any synced record is created, changed or deleted after its
creation — by a phone's push or a page (weekoverleg, profiles, ideas) alike. Every change is a
new version, a change number and a revision; who may change what is decided here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from app.attachments.models import Attachment
from app.attachments.service import (
    can_see_attachment,
    delete_attachments_of,
    may_change_attachment,
)
from app.auth.service import Principal
from app.changes.models import Revision, RevisionAction, SyncedRecord
from app.changes.service import Actor, mark_by_resident, record_change
from app.conversations.models import Conversation, Discovery, FollowUp, Visibility
from app.conversations.visibility import can_see
from app.db import utcnow
from app.errors import AppError
from app.i18n import gettext as _
from app.sync.entities import ENTITIES, Entity, Fields
from app.sync.schemas import ChangeStatus
from app.sync.shown_text import as_written as texts_as_written
from app.sync.validation import Rejected, validate
from app.teams.models import Team


@dataclass(frozen=True)
class Outcome:
    status: ChangeStatus
    version: int


# The fields that decide who holds a record on a device, for records where that can change
# after creation: a follow-up gets another owner, a discovery is made private, changes kind or
# conversation. A conversation's author never changes. A change to one of these fields stamps
# the record's scope_changed_seq, so a pull can tell the devices that must now drop it.
SCOPE_FIELDS: dict[type[SyncedRecord], frozenset[str]] = {
    FollowUp: frozenset({"owner_id"}),
    Discovery: frozenset({"kind", "visibility", "conversation_id"}),
}


def _changed_on_server_since(
    session: Session, entity: str, record_id: uuid.UUID, base_version: int
) -> set[str]:
    changed: set[str] = set()
    for changes in session.exec(
        select(Revision.changes).where(
            Revision.entity == entity,
            Revision.record_id == record_id,
            Revision.version > base_version,
        )
    ):
        changed.update(changes)
    return changed


def _may_delete(session: Session, principal: Principal, record: SyncedRecord) -> bool:
    """Deleting a colleague's conversation or discovery (the team's shared memory) is for
    coordinators; everyone may delete their own, and what was noted in their own conversation
    (deleting a conversation on the phone deletes its discoveries with it). Follow-ups are
    the team's to-do list: handed around, and ticked off or dropped by whoever holds one."""
    me = principal.user.id
    if principal.is_coordinator or record.created_by_id == me or isinstance(record, FollowUp):
        return True
    if isinstance(record, Discovery) and record.conversation_id is not None:
        conversation = session.get(Conversation, record.conversation_id)
        return conversation is not None and conversation.created_by_id == me
    return False


def apply_change(
    session: Session,
    principal: Principal,
    *,
    entity: Entity,
    record_id: uuid.UUID,
    base_version: int | None,
    deleted: bool,
    fields: Fields,
    op_id: uuid.UUID | None = None,
    by_resident: bool = False,
    as_written: bool = False,
) -> Outcome:
    """Create, change or delete one record. The one way records change after creation, for
    devices and pages alike: a new version, a change number and a revision every time.
    `by_resident`: a team member takes over what the bewoner proposed on her own page.
    `as_written`: its texts are made on the text as written already (app.sync.page_edit);
    otherwise "een bewoner" where the editor saw a name hidden from them is made so here."""
    team, actor_id = principal.team, principal.user.id
    if not entity.writable:
        raise Rejected(_("Dit soort gegevens kan een apparaat niet wijzigen."))
    record = session.get(entity.model, record_id)
    if record is not None and record.team_id != team.id:
        # The same answer as for an id nobody used: nothing about another team's records.
        raise Rejected(_("Dit bestaat niet (meer)."))
    if record is None:
        if deleted:
            raise Rejected(_("Dit bestaat niet (meer)."))
        if base_version is not None:
            raise Rejected(_("Dit bestaat niet (meer) op de server."))
        data = validate(entity, fields)
        assert entity.create is not None
        created = entity.create(session, team, actor_id, data, record_id, op_id)
        if by_resident:
            mark_by_resident(session, entity.name, created.id, created.version)
        return Outcome(ChangeStatus.applied, created.version)
    if isinstance(record, Discovery) and not can_see(principal, record):
        raise Rejected(_("Dit bestaat niet (meer)."))  # a colleague's private discovery
    if isinstance(record, Attachment):
        if not can_see_attachment(principal, record):
            raise Rejected(_("Dit bestaat niet (meer)."))  # a colleague's own voice memo
        if not may_change_attachment(principal, record):
            raise Rejected(_("Alleen wie dit opnam of een coördinator kan dit wijzigen."))
    if record.is_deleted:
        raise Rejected(_("Dit is al verwijderd en komt niet terug."))
    # A create for a record that exists (sent again under a new op id) is a change on v1.
    base = base_version if base_version is not None else 1
    if base > record.version:
        raise Rejected(_("Deze versie kent de server niet."))
    if deleted:
        if entity.delete is not None:
            version = record.version
            entity.delete(session, principal, record)
            return Outcome(ChangeStatus.applied, version)
        if not _may_delete(session, principal, record):
            raise Rejected(_("Alleen wie dit schreef of een coördinator kan dit verwijderen."))
        record.deleted_at = utcnow()
        record_change(
            session,
            record,
            entity=entity.name,
            actor_id=actor_id,
            action=RevisionAction.delete,
            changes={"deleted": (False, True)},
            op_id=op_id,
            by_resident=by_resident,
        )
        if isinstance(record, Conversation):
            # Its photos and recordings go with it, files included (phones pull the deletes).
            delete_attachments_of(session, principal, record.id)
        return Outcome(ChangeStatus.applied, record.version)
    actor = Actor(actor_id, by_resident=by_resident)
    if not (by_resident or as_written):  # hers are made so in app.residents.proposals
        fields = texts_as_written(session, team.id, actor_id, entity.name, record, base, fields)
    return _update(session, team, actor, entity, record, base, fields, op_id)


def _update(
    session: Session,
    team: Team,
    actor: Actor,
    entity: Entity,
    record: SyncedRecord,
    base: int,
    fields: Fields,
    op_id: uuid.UUID | None,
) -> Outcome:
    actor_id = actor.user_id
    before = entity.fields_of(session, [record])[record.id]
    unknown = set(fields) - set(before)
    if unknown:
        raise Rejected(_("Onbekende velden: {names}").format(names=", ".join(sorted(unknown))))
    data = validate(entity, {**before, **fields})
    if _makes_private_or_public(before, data) and record.created_by_id != actor_id:
        raise Rejected(_("Alleen wie dit schreef kan bepalen of het privé is."))
    assert entity.assign is not None
    entity.assign(session, team, record, data=data, actor_id=actor_id)
    after = entity.fields_of(session, [record])[record.id]
    changes = {k: (before[k], after[k]) for k in after if before[k] != after[k]}
    behind = base < record.version
    if not changes:
        status = ChangeStatus.merged if behind else ChangeStatus.applied
        return Outcome(status, record.version)
    conflicts: set[str] = set()
    if behind:
        conflicts = _changed_on_server_since(session, entity.name, record.id, base) & set(changes)
    record_change(
        session,
        record,
        entity=entity.name,
        actor_id=actor_id,
        action=RevisionAction.merge if behind else RevisionAction.update,
        changes=changes,
        op_id=op_id,
        conflict_fields=conflicts,
        by_resident=actor.by_resident,
    )
    if SCOPE_FIELDS.get(entity.model, frozenset()) & set(changes):
        record.scope_changed_seq = record.change_seq
    if entity.after_change is not None:
        entity.after_change(session, actor, record, changes)
    return Outcome(ChangeStatus.merged if behind else ChangeStatus.applied, record.version)


def _makes_private_or_public(before: Fields, data: Any) -> bool:
    visibility = getattr(data, "visibility", None)
    if visibility is None:
        return False
    private = Visibility.private.value
    return bool((before.get("visibility") == private) != (visibility == private))


def change_from_page(
    session: Session,
    principal: Principal,
    entity_name: str,
    record_id: uuid.UUID,
    *,
    base_version: int | None,
    fields: Fields,
    deleted: bool = False,
    by_resident: bool = False,
    as_written: bool = False,
) -> Outcome:
    """A change made on a server page (weekoverleg, profiles): the same rules, versions and
    revision history as a device's push, so every device pulls it. Refusals are AppErrors."""
    try:
        return apply_change(
            session,
            principal,
            entity=ENTITIES[entity_name],
            record_id=record_id,
            base_version=base_version,
            deleted=deleted,
            fields=fields,
            by_resident=by_resident,
            as_written=as_written,
        )
    except Rejected as exc:
        raise AppError(exc.reason) from None


def change_by_resident(
    session: Session, team: Team, entity_name: str, record: SyncedRecord, fields: Fields
) -> Outcome:
    """The bewoner's own change on her page, applied at once (only her consent is:
    app.residents.consent): no team member made it, and its revision says she did."""
    if record.team_id != team.id or record.is_deleted:
        raise AppError(_("Dit bestaat niet (meer)."))
    try:
        return _update(
            session,
            team,
            Actor(None, by_resident=True),
            ENTITIES[entity_name],
            record,
            record.version,
            fields,
            None,
        )
    except Rejected as exc:
        raise AppError(exc.reason) from None
