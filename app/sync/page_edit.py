"""A page's edit form as a synced change: the form shows a record at one version and sends
every field back, but only what the person changed on the form may be pushed, or a
colleague's change made meanwhile to another field would be silently undone. So the values
at the form's version are rebuilt from the revision history, and the change carries only the
fields that differ from them; the engine merges it like a phone's push."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.auth.service import Principal
from app.changes.models import Revision, SyncedRecord
from app.sync.engine import change_from_page
from app.sync.entities import Fields
from app.sync.history import fields_at
from app.sync.schemas import ChangeStatus
from app.sync.shown_text import as_written


@dataclass(frozen=True)
class PageEdit:
    changed: list[str]  # the fields this form changed
    merged: bool  # a teammate changed the record after the form was opened
    conflicts: list[str]  # fields both changed: this form's value stands, history keeps both


def edit_from_page(
    session: Session,
    principal: Principal,
    entity_name: str,
    record: SyncedRecord,
    *,
    base_version: int,
    fields: Fields,
    by_resident: bool = False,
) -> PageEdit:
    """Push what the form changed, on the version it was opened at (clamped to the record's
    versions, so a tampered number cannot make it a different record)."""
    base_version = max(1, min(base_version, record.version))
    base = fields_at(session, entity_name, record, base_version)
    if not by_resident:  # the form showed names not shared with the editor as "een bewoner"
        fields = as_written(
            session, principal.team.id, principal.user.id, entity_name, record, base_version, fields
        )
    changed = {name: value for name, value in fields.items() if not _same(base.get(name), value)}
    if not changed:
        return PageEdit([], False, [])
    later = _changed_since(session, entity_name, record.id, base_version)
    outcome = change_from_page(
        session,
        principal,
        entity_name,
        record.id,
        base_version=base_version,
        fields=changed,
        by_resident=by_resident,
        as_written=True,
    )
    merged = outcome.status is ChangeStatus.merged
    return PageEdit(sorted(changed), merged, sorted(later & set(changed)) if merged else [])


def _same(old: object, new: object) -> bool:
    # Lists of ids or choices are sets on a form (checkboxes come in page order).
    if (
        isinstance(old, list)
        and isinstance(new, list)
        and all(isinstance(v, str) for v in old + new)
    ):
        return sorted(old) == sorted(new)
    return old == new


def _changed_since(
    session: Session, entity_name: str, record_id: uuid.UUID, version: int
) -> set[str]:
    names: set[str] = set()
    for changes in session.exec(
        select(Revision.changes).where(
            col(Revision.entity) == entity_name,
            col(Revision.record_id) == record_id,
            col(Revision.version) > version,
        )
    ):
        names.update(changes)
    return names
