"""The sync protocol: apply pushed changes exactly once, and hand out what changed since a
cursor in the order it was committed (DESIGN.md §4)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pydantic import ValidationError
from sqlalchemy import ColumnElement, and_, not_, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from app.auth.service import Principal
from app.changes.models import ChangeCounter, Revision, RevisionAction, SyncedRecord, Tombstone
from app.changes.service import record_change
from app.conversations.models import Conversation, Discovery, DiscoveryKind, FollowUp, Visibility
from app.conversations.visibility import can_see
from app.db import utcnow
from app.errors import AppError, DeviceRevokedError, PermissionDeniedError
from app.i18n import gettext as _
from app.sync.bulk import push_new_records
from app.sync.entities import ENTITIES, Entity, Fields
from app.sync.models import Device, SyncOperation
from app.sync.schemas import ChangeIn, ChangeResult, ChangeStatus, PulledChange
from app.teams.models import Team

# Discoveries every device of the team gets, so it can link to them offline.
SHARED_DISCOVERY_KINDS = (
    DiscoveryKind.idea.value,
    DiscoveryKind.group.value,
    DiscoveryKind.place.value,
    DiscoveryKind.institution.value,
)


class CursorGoneError(AppError):
    status_code = 410


class _Rejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Outcome:
    status: ChangeStatus
    version: int


# ---------------------------------------------------------------------------------- push


def register_device(
    session: Session, principal: Principal, device_id: uuid.UUID, user_agent: str = ""
) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        device = Device(id=device_id, team_id=principal.team.id, user_id=principal.user.id)
        session.add(device)
        session.flush()
    if device.user_id != principal.user.id or device.team_id != principal.team.id:
        raise PermissionDeniedError(_("Dit apparaat hoort bij een ander account."))
    if device.revoked_at is not None:
        raise DeviceRevokedError(_("Dit apparaat is ingetrokken; wat erop stond wordt gewist."))
    device.last_sync_at = utcnow()
    device.auth_session_id = principal.auth_session.id
    if user_agent:
        device.user_agent = user_agent[:300]
    session.add(device)
    return device


# A device's last sync is written at most this often by pulls (every push writes anyway), so
# fifty phones pulling do not queue fifty writers on SQLite.
DEVICE_NOTE_INTERVAL = timedelta(seconds=60)


def device_needs_noting(
    session: Session, principal: Principal, device_id: uuid.UUID, user_agent: str = ""
) -> bool:
    """Whether a pull must write the device: new, another login or user agent, another
    account (refused by register_device), or its last sync noted long enough ago."""
    device = session.get(Device, device_id)
    return (
        device is None
        or device.user_id != principal.user.id
        or device.team_id != principal.team.id
        or device.revoked_at is not None
        or device.auth_session_id != principal.auth_session.id
        or (bool(user_agent) and device.user_agent != user_agent[:300])
        or device.last_sync_at is None
        or utcnow() - device.last_sync_at >= DEVICE_NOTE_INTERVAL
    )


def refuse_revoked_device(session: Session, device_id: str | None) -> None:
    """Before anything else (even a login check): a revoked phone is told to wipe itself."""
    if not device_id:
        return
    try:
        device = session.get(Device, uuid.UUID(device_id))
    except ValueError:
        return
    if device is not None and device.revoked_at is not None:
        raise DeviceRevokedError(_("Dit apparaat is ingetrokken; wat erop stond wordt gewist."))


def _validate(entity: Entity, fields: Fields) -> Any:
    assert entity.schema is not None
    try:
        return entity.schema.model_validate(fields)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'veld'}: {error['msg']}"
            for error in exc.errors()[:5]
        )
        raise _Rejected(_("Niet goed ingevuld: {problems}").format(problems=problems)) from None


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
) -> Outcome:
    """Create, change or delete one record. The one way records change after creation, for
    devices and pages alike: a new version, a change number and a revision every time."""
    team, actor_id = principal.team, principal.user.id
    if not entity.writable:
        raise _Rejected(_("Dit soort gegevens kan een apparaat niet wijzigen."))
    record = session.get(entity.model, record_id)
    if record is not None and record.team_id != team.id:
        # The same answer as for an id nobody used: nothing about another team's records.
        raise _Rejected(_("Dit bestaat niet (meer)."))
    if record is None:
        if deleted:
            raise _Rejected(_("Dit bestaat niet (meer)."))
        if base_version is not None:
            raise _Rejected(_("Dit bestaat niet (meer) op de server."))
        data = _validate(entity, fields)
        assert entity.create is not None
        created = entity.create(session, team, actor_id, data, record_id, op_id)
        return Outcome(ChangeStatus.applied, created.version)
    if isinstance(record, Discovery) and not can_see(principal, record):
        raise _Rejected(_("Dit bestaat niet (meer)."))  # a colleague's private discovery
    if record.is_deleted:
        raise _Rejected(_("Dit is al verwijderd en komt niet terug."))
    # A create for a record that exists (sent again under a new op id) is a change on v1.
    base = base_version if base_version is not None else 1
    if base > record.version:
        raise _Rejected(_("Deze versie kent de server niet."))
    if deleted:
        if entity.delete is not None:
            version = record.version
            entity.delete(session, principal, record)
            return Outcome(ChangeStatus.applied, version)
        if not _may_delete(session, principal, record):
            raise _Rejected(_("Alleen wie dit schreef of een coördinator kan dit verwijderen."))
        record.deleted_at = utcnow()
        record_change(
            session,
            record,
            entity=entity.name,
            actor_id=actor_id,
            action=RevisionAction.delete,
            changes={"deleted": (False, True)},
            op_id=op_id,
        )
        return Outcome(ChangeStatus.applied, record.version)
    return _update(session, principal, entity, record, base, fields, op_id)


def _update(
    session: Session,
    principal: Principal,
    entity: Entity,
    record: SyncedRecord,
    base: int,
    fields: Fields,
    op_id: uuid.UUID | None,
) -> Outcome:
    team, actor_id = principal.team, principal.user.id
    before = entity.fields_of(session, [record])[record.id]
    unknown = set(fields) - set(before)
    if unknown:
        raise _Rejected(_("Onbekende velden: {names}").format(names=", ".join(sorted(unknown))))
    data = _validate(entity, {**before, **fields})
    if _makes_private_or_public(before, data) and record.created_by_id != actor_id:
        raise _Rejected(_("Alleen wie dit schreef kan bepalen of het privé is."))
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
    )
    if SCOPE_FIELDS.get(entity.model, frozenset()) & set(changes):
        record.scope_changed_seq = record.change_seq
    if entity.after_change is not None:
        entity.after_change(session, principal, record, changes)
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
        )
    except _Rejected as exc:
        raise AppError(exc.reason) from None


class _Duplicate(Exception):
    pass


def _answer_again(op: SyncOperation, change: ChangeIn, team: Team) -> ChangeResult:
    if op.team_id != team.id or op.record_id != change.id:
        return ChangeResult(
            op_id=change.op_id,
            id=change.id,
            status=ChangeStatus.rejected,
            reason=_("Deze op_id is al voor iets anders gebruikt."),
        )
    return ChangeResult(
        op_id=change.op_id, id=change.id, status=ChangeStatus.duplicate, version=op.version
    )


def _current_version(session: Session, change: ChangeIn, team: Team) -> int | None:
    entity = ENTITIES.get(change.entity)
    if entity is None:
        return None
    record = session.get(entity.model, change.id)
    return record.version if record is not None and record.team_id == team.id else None


def push_changes(
    session: Session, principal: Principal, device: Device, changes: Sequence[ChangeIn]
) -> list[ChangeResult]:
    """Apply a batch in the caller's transaction, each change in a savepoint of its own.

    A replay is recognised by the primary key on op_id — the database decides, so two
    deliveries racing each other still apply once. Rejected changes leave no trace, so the
    device may send them again once the reason is gone.
    """
    team = principal.team
    answered = push_new_records(
        session, principal, device, changes, validate=_validate, rejected=_Rejected
    )
    results = []
    for index, change in enumerate(changes):
        if index in answered:
            results.append(answered[index])
            continue
        known = session.get(SyncOperation, change.op_id)
        if known is not None:
            results.append(_answer_again(known, change, team))
            continue
        try:
            with session.begin_nested():
                op = SyncOperation(
                    op_id=change.op_id,
                    team_id=team.id,
                    device_id=device.id,
                    user_id=principal.user.id,
                    entity=change.entity,
                    record_id=change.id,
                    status="pending",
                )
                session.add(op)
                try:
                    session.flush()
                except IntegrityError:
                    raise _Duplicate from None
                entity = ENTITIES.get(change.entity)
                if entity is None:
                    raise _Rejected(_("Onbekend soort gegevens: {e}").format(e=change.entity))
                outcome = apply_change(
                    session,
                    principal,
                    entity=entity,
                    record_id=change.id,
                    base_version=change.base_version,
                    deleted=change.deleted,
                    fields=change.fields or {},
                    op_id=change.op_id,
                )
                op.status = outcome.status.value
                op.version = outcome.version
                session.add(op)
                session.flush()
            results.append(
                ChangeResult(
                    op_id=change.op_id,
                    id=change.id,
                    status=outcome.status,
                    version=outcome.version,
                )
            )
        except _Duplicate:
            session.expire_all()
            existing = session.get(SyncOperation, change.op_id)
            assert existing is not None
            results.append(_answer_again(existing, change, team))
        except (_Rejected, AppError) as exc:
            reason = exc.reason if isinstance(exc, _Rejected) else exc.message
            results.append(
                ChangeResult(
                    op_id=change.op_id,
                    id=change.id,
                    status=ChangeStatus.rejected,
                    version=_current_version(session, change, team),
                    reason=reason,
                )
            )
        except IntegrityError:
            results.append(
                ChangeResult(
                    op_id=change.op_id,
                    id=change.id,
                    status=ChangeStatus.rejected,
                    reason=_("Dit botst met een andere wijziging. Probeer het later opnieuw."),
                )
            )
    return results


# ---------------------------------------------------------------------------------- pull


def parse_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    # ASCII digits that fit the 64-bit sequence column (app.validation.parse_whole_number's
    # rule; int() alone takes "+1_0" and "١٢", and any size, which no database column holds).
    if len(cursor) > 18 or not (cursor.isascii() and cursor.isdigit()):
        raise AppError(_("Deze cursor kent de server niet."))
    return int(cursor)


def _scope(entity: Entity, principal: Principal) -> ColumnElement[bool] | None:
    """Which records of the team a device gets: enough to link offline, no more.

    Every term is NOT NULL-safe, so ``not_(scope)`` selects exactly the records outside it.
    """
    me = principal.user.id
    if entity.model is Conversation:
        return col(Conversation.created_by_id) == me
    if entity.model is FollowUp:
        return or_(
            and_(col(FollowUp.owner_id).is_not(None), col(FollowUp.owner_id) == me),
            col(FollowUp.created_by_id) == me,
        )
    if entity.model is Discovery:
        own_conversations = select(Conversation.id).where(Conversation.created_by_id == me)
        return or_(
            col(Discovery.created_by_id) == me,
            and_(
                col(Discovery.conversation_id).is_not(None),
                col(Discovery.conversation_id).in_(own_conversations),
            ),
            and_(
                col(Discovery.kind).in_(SHARED_DISCOVERY_KINDS),
                col(Discovery.visibility) != "private",
            ),
        )
    return None


# The fields that decide who holds a record on a device, for records where that can change
# after creation: a follow-up gets another owner, a discovery is made private, changes kind or
# conversation. A conversation's author never changes. A change to one of these fields stamps
# the record's scope_changed_seq, so a pull can tell the devices that must now drop it.
SCOPE_FIELDS: dict[type[SyncedRecord], frozenset[str]] = {
    FollowUp: frozenset({"owner_id"}),
    Discovery: frozenset({"kind", "visibility", "conversation_id"}),
}


@dataclass(frozen=True, slots=True)
class _ScopeExit:
    """A record that changed and is now outside the user's scope: their devices must drop it."""

    entity: str
    record_id: uuid.UUID
    version: int


def pull_changes_since(
    session: Session, principal: Principal, cursor: int, limit: int
) -> tuple[list[PulledChange], int, bool]:
    team_id = principal.team.id
    counter = session.get(ChangeCounter, team_id)
    assert counter is not None
    if 0 < cursor < counter.purged_through_seq:
        raise CursorGoneError(
            _("Deze gegevens zijn te oud om bij te werken; het apparaat laadt alles opnieuw.")
        )
    # Everything up to the high-water mark is committed: a writer holds the counter's lock
    # until it commits, so no lower number can still appear later.
    high_water = counter.last_seq
    found: list[tuple[int, Entity | None, Any]] = []
    for entity in ENTITIES.values():
        model = entity.model
        query = select(model).where(
            model.team_id == team_id,
            col(model.change_seq) > cursor,
            col(model.change_seq) <= high_water,
        )
        scope = _scope(entity, principal)
        if scope is not None:
            query = query.where(scope)
        for record in session.exec(query.order_by(col(model.change_seq)).limit(limit + 1)):
            found.append((record.change_seq, entity, record))
        if scope is not None and model in SCOPE_FIELDS:
            # Out of scope now, and its scope changed since the cursor: the device may hold it
            # (also from scratch: after a 410 a device keeps records with unsent changes).
            # Deleting what a device lacks is a no-op; only ids go out, never contents.
            scope_seq = col(model.scope_changed_seq)  # type: ignore[attr-defined]
            exits = (
                select(model.id, model.change_seq, model.version)
                .where(
                    model.team_id == team_id,
                    col(model.change_seq) > cursor,
                    col(model.change_seq) <= high_water,
                    scope_seq > cursor,
                    not_(scope),
                )
                .order_by(col(model.change_seq))
                .limit(limit + 1)
            )
            for record_id, seq, version in session.exec(exits):
                found.append((seq, None, _ScopeExit(entity.name, record_id, version)))
    for tombstone in session.exec(
        select(Tombstone)
        .where(
            Tombstone.team_id == team_id,
            col(Tombstone.change_seq) > cursor,
            col(Tombstone.change_seq) <= high_water,
        )
        .order_by(col(Tombstone.change_seq))
        .limit(limit + 1)
    ):
        found.append((tombstone.change_seq, None, tombstone))
    found.sort(key=lambda item: item[0])
    page, more = found[:limit], len(found) > limit
    next_cursor = page[-1][0] if more else max(cursor, high_water)
    return _serialise(session, page), next_cursor, more


def _serialise(session: Session, page: list[tuple[int, Entity | None, Any]]) -> list[PulledChange]:
    live: dict[str, list[SyncedRecord]] = {}
    for _seq, entity, record in page:
        if entity is not None and not record.is_deleted:
            live.setdefault(entity.name, []).append(record)
    fields = {name: ENTITIES[name].fields_of(session, records) for name, records in live.items()}
    changes = []
    for _seq, entity, record in page:
        if entity is None:  # a tombstone, or a record that left the user's scope
            changes.append(
                PulledChange(
                    entity=record.entity,
                    id=record.record_id,
                    version=record.version if isinstance(record, _ScopeExit) else 0,
                    deleted=True,
                    fields=None,
                )
            )
        elif record.is_deleted:
            changes.append(
                PulledChange(
                    entity=entity.name,
                    id=record.id,
                    version=record.version,
                    deleted=True,
                    fields=None,
                )
            )
        else:
            changes.append(
                PulledChange(
                    entity=entity.name,
                    id=record.id,
                    version=record.version,
                    deleted=False,
                    fields=fields[entity.name][record.id],
                )
            )
    return changes
