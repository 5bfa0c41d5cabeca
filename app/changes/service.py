"""Change tracking shared by every writer (sync, pages, CLI): one sequence number and one
revision per change, allocated inside the writing transaction."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from app.changes.models import ChangeCounter, Revision, RevisionAction, SyncedRecord
from app.db import utcnow
from app.search.index import index_record


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a team member, or the bewoner herself on her own page (no user;
    her consent), or a team member taking over what she proposed (both)."""

    user_id: uuid.UUID | None
    by_resident: bool = False


def allocate_change_seqs(session: Session, team_id: uuid.UUID, count: int) -> int:
    """Reserve `count` consecutive change numbers of a team; returns the last one.

    The UPDATE takes the counter row's write lock and holds it until commit, so writers of one
    team are serialised and sequence numbers become visible in the order they were handed out.
    """
    seq = session.execute(
        update(ChangeCounter)
        .where(ChangeCounter.team_id == team_id)  # type: ignore[arg-type]
        .values(last_seq=ChangeCounter.last_seq + count)
        .returning(col(ChangeCounter.last_seq))
    ).scalar_one_or_none()
    if seq is None:
        raise LookupError(f"team {team_id} has no change counter")
    return int(seq)


def next_change_seq(session: Session, team_id: uuid.UUID) -> int:
    return allocate_change_seqs(session, team_id, 1)


def send_again(session: Session, records: Iterable[SyncedRecord]) -> None:
    """Records unchanged, but not what some phones may see of them (a roepnaam now shared in
    the team, or no longer): a new change number, so every phone pulls them again as its user
    may see them. No new version, and no revision: nothing in them changed."""
    for record in records:
        record.change_seq = next_change_seq(session, record.team_id)
        session.add(record)
    session.flush()


def jsonable(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    return value


def record_change(
    session: Session,
    record: SyncedRecord,
    *,
    entity: str,
    actor_id: uuid.UUID | None,
    action: RevisionAction,
    changes: Mapping[str, tuple[Any, Any]],
    op_id: uuid.UUID | None = None,
    conflict_fields: Iterable[str] = (),
    by_resident: bool = False,
) -> Revision:
    """Stamp a created or changed record with a new sequence/version and keep a revision."""
    now = utcnow()
    record.change_seq = next_change_seq(session, record.team_id)
    if action is RevisionAction.create:
        record.version = 1
        record.created_at = now
        record.created_by_id = actor_id
    else:
        record.version += 1
    record.updated_at = now
    record.updated_by_id = actor_id
    session.add(record)
    revision = Revision(
        team_id=record.team_id,
        entity=entity,
        record_id=record.id,
        version=record.version,
        change_seq=record.change_seq,
        action=action.value,
        op_id=op_id,
        changed_by_id=actor_id,
        changed_at=now,
        changes={
            field: {"old": jsonable(old), "new": jsonable(new)}
            for field, (old, new) in changes.items()
        },
        conflict_fields=sorted(conflict_fields),
        by_resident=by_resident,
    )
    session.add(revision)
    session.flush()
    index_record(session, entity, record)
    return revision


def mark_by_resident(session: Session, entity: str, record_id: uuid.UUID, version: int) -> None:
    """A record made from the bewoner's proposal: its creation revision says so."""
    revision = session.exec(
        select(Revision).where(
            col(Revision.entity) == entity,
            col(Revision.record_id) == record_id,
            col(Revision.version) == version,
        )
    ).one()
    revision.by_resident = True
    session.add(revision)
    session.flush()
