"""A synced record's wire fields as they were at an earlier version, rebuilt from its
revision history: for a form opened at one version, and for text edited as it was shown."""

from __future__ import annotations

from sqlmodel import Session, col, select

from app.changes.models import Revision, SyncedRecord
from app.sync.entities import ENTITIES, Fields


def fields_at(session: Session, entity_name: str, record: SyncedRecord, version: int) -> Fields:
    """The wire fields of `record` as they were at `version`: today's, with every later
    revision undone, newest first."""
    fields = ENTITIES[entity_name].fields_of(session, [record])[record.id]
    for revision in session.exec(
        select(Revision)
        .where(
            col(Revision.entity) == entity_name,
            col(Revision.record_id) == record.id,
            col(Revision.version) > version,
        )
        .order_by(col(Revision.version).desc())
    ):
        for name, change in revision.changes.items():
            if name in fields and isinstance(change, dict):
                fields[name] = change.get("old")
    return fields
