"""The audit log is a hash chain: any changed, removed or reordered event breaks it."""

from __future__ import annotations

import itertools

from sqlmodel import Session, col, select

from app.audit.models import AuditEvent
from app.audit.service import record_event, verify_chain
from tests.factories import make_team


def _events(session: Session, count: int) -> list[AuditEvent]:
    team = make_team(session)
    return [
        record_event(
            session,
            action="overview.export",
            team_id=team.id,
            actor_id=None,
            details={"format": "pdf", "n": n},
        )
        for n in range(count)
    ]


def test_the_chain_links_every_event_to_the_one_before(session: Session) -> None:
    events = _events(session, 4)
    for before, after in itertools.pairwise(events):
        assert after.prev_hash == before.hash
    report = verify_chain(session, batch=3)  # crosses a batch boundary
    assert report.ok
    assert report.checked >= 4


def test_a_changed_event_breaks_the_chain(session: Session) -> None:
    events = _events(session, 3)
    events[1].details = {"format": "xlsx", "n": 1}
    session.add(events[1])
    session.flush()
    report = verify_chain(session)
    assert not report.ok
    assert report.broken_at == events[1].id


def test_a_removed_event_breaks_the_chain(session: Session) -> None:
    events = _events(session, 3)
    session.delete(events[1])
    session.flush()
    report = verify_chain(session)
    assert report.broken_at == events[2].id
    assert (
        session.exec(select(AuditEvent).where(col(AuditEvent.id) == events[1].id)).first() is None
    )
