"""Writing and checking the audit log: append only, each event chained to the one before.

One chain for the whole installation. Appending takes the chain lock (`serialise_on`), so two
transactions can never both extend the same head; on SQLite every writer is serialised anyway.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from app.audit.models import AuditEvent
from app.db import serialise_on, utcnow, write_from_here

CHAIN_LOCK = "audit-chain"


def event_hash(event: AuditEvent, prev_hash: str) -> str:
    content = {
        "prev": prev_hash,
        "team": str(event.team_id) if event.team_id else None,
        "actor": str(event.actor_id) if event.actor_id else None,
        "action": event.action,
        "entity": event.entity,
        "record": str(event.record_id) if event.record_id else None,
        "at": event.occurred_at.isoformat(),
        "details": event.details,
    }
    encoded = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(encoded.encode()).hexdigest()


def record_event(
    session: Session,
    *,
    action: str,
    team_id: uuid.UUID | None,
    actor_id: uuid.UUID | None,
    entity: str = "",
    record_id: uuid.UUID | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain, in the caller's transaction (it commits or neither does)."""
    serialise_on(session, CHAIN_LOCK)
    head = session.exec(
        select(AuditEvent.hash).order_by(col(AuditEvent.id).desc()).limit(1)
    ).first()
    event = AuditEvent(
        team_id=team_id,
        actor_id=actor_id,
        action=action,
        entity=entity,
        record_id=record_id,
        occurred_at=utcnow(),
        details=details or {},
        prev_hash=head or "",
    )
    event.hash = event_hash(event, event.prev_hash)
    session.add(event)
    session.flush()
    return event


def record_event_now(session: Session, **event: Any) -> None:
    """For reading requests (a profile view, a download): end the read transaction, record in a
    short write transaction on the same connection, and read on in a fresh one. (A second
    connection per request could exhaust the pool under load: every request holding one and
    waiting for another.)"""
    write_from_here(session)
    record_event(session, **event)
    session.commit()


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None  # id of the first event whose hash or link does not hold

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(session: Session, batch: int = 1000) -> ChainReport:
    prev, checked, after = "", 0, 0
    while True:
        events = session.exec(
            select(AuditEvent)
            .where(col(AuditEvent.id) > after)
            .order_by(col(AuditEvent.id))
            .limit(batch)
        ).all()
        if not events:
            return ChainReport(checked, None)
        for event in events:
            if event.prev_hash != prev or event.hash != event_hash(event, prev):
                return ChainReport(checked, event.id)
            prev, checked = event.hash, checked + 1
        after = events[-1].id or after
