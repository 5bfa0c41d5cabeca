"""Push: apply a device's batch exactly once, each change in a savepoint of its own, and
answer per change (DESIGN.md §4). New records go in bulk (app.sync.bulk); everything else
through the engine (app.sync.engine)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.auth.service import Principal
from app.errors import AppError
from app.i18n import gettext as _
from app.sync.bulk import push_new_records
from app.sync.engine import apply_change
from app.sync.entities import ENTITIES
from app.sync.models import Device, SyncOperation
from app.sync.schemas import ChangeIn, ChangeResult, ChangeStatus
from app.sync.validation import Rejected
from app.teams.models import Team


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
    answered = push_new_records(session, principal, device, changes)
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
                    raise Rejected(_("Onbekend soort gegevens: {e}").format(e=change.entity))
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
        except (Rejected, AppError) as exc:
            reason = exc.reason if isinstance(exc, Rejected) else exc.message
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
