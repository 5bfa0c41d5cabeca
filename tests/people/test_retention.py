"""Retention: review after the team's review term without contact, erase after its delete
term, and the weekoverleg sees what is coming four weeks ahead."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.audit.models import AuditEvent
from app.changes.models import Tombstone
from app.db import utcnow
from app.people.models import Person
from app.people.retention import inactive_people, months_later, run_retention, upcoming
from app.people.schemas import PersonCreate
from app.people.service import create_person
from app.teams.models import Team
from tests.factories import login, make_conversation, make_neighbourhood, make_team, make_user


def _person(session: Session, team: Team, actor_id, recognition: str, last: datetime) -> Person:  # type: ignore[no-untyped-def]
    person = create_person(session, team, actor_id, data=PersonCreate(recognition=recognition))
    person.updated_at = last
    person.last_contact_at = last
    session.add(person)
    session.flush()
    return person


def test_months_later_keeps_the_end_of_the_month() -> None:
    assert months_later(datetime(2026, 1, 31, tzinfo=UTC), 1) == datetime(2026, 2, 28, tzinfo=UTC)
    assert months_later(datetime(2025, 11, 15, tzinfo=UTC), -24) == datetime(
        2023, 11, 15, tzinfo=UTC
    )


def test_erased_after_the_delete_term_listed_before_it(
    client: TestClient, session: Session
) -> None:
    now = utcnow()
    team = make_team(session)
    worker = make_user(session, team)
    buurt = make_neighbourhood(session, team)
    gone = _person(session, team, worker.id, "al lang niet gezien", months_later(now, -25))
    soon = _person(
        session, team, worker.id, "bijna twee jaar", months_later(now, -24) + timedelta(days=10)
    )
    review = _person(session, team, worker.id, "ruim een jaar", months_later(now, -13))
    talked = _person(session, team, worker.id, "oud record, recent gesprek", months_later(now, -30))
    make_conversation(
        session, team, worker, buurt, people=[talked], occurred_at=now - timedelta(days=30)
    )
    fresh = _person(session, team, worker.id, "net ontmoet", now)

    inactive = {i.person.id for i in inactive_people(session, team, now)}
    assert inactive == {gone.id, soon.id, review.id}
    assert [i.person.id for i in upcoming(session, team, now)] == [gone.id, soon.id]

    login(client, worker)
    page = client.get("/weekoverleg").text
    section = page.split('id="bewaar-kop"', 1)[1].split("</section>", 1)[0]
    assert soon.pseudonym in section
    assert gone.pseudonym in section
    assert review.pseudonym not in section

    dry = run_retention(session, now, dry_run=True)
    assert [(r.erased, r.to_review) for r in dry if r.team == team.name] == [(1, 2)]
    assert session.get(Person, gone.id) is not None

    gone_id = gone.id
    runs = run_retention(session, now)
    assert [(r.erased, r.to_review) for r in runs if r.team == team.name] == [(1, 2)]
    assert session.get(Person, gone_id) is None
    assert session.get(Tombstone, ("person", gone_id)) is not None
    for kept in (soon, review, talked, fresh):
        assert session.get(Person, kept.id) is not None
    event = session.exec(
        select(AuditEvent).where(
            col(AuditEvent.team_id) == team.id, col(AuditEvent.action) == "retention.erase"
        )
    ).one()
    assert event.details == {"erased": 1, "delete_months": 24}
    assert event.actor_id is None


def test_the_database_preselection_agrees_with_the_month_terms_at_month_ends(
    session: Session,
) -> None:
    """The database pre-selects by a cut-off with slack; the terms themselves are month
    arithmetic that clamps to the month's end. Around month ends both must agree exactly."""
    team = make_team(session)
    worker = make_user(session, team)
    for now in (
        datetime(2026, 2, 28, 9, tzinfo=UTC),
        datetime(2025, 2, 28, 9, tzinfo=UTC),  # 29 February 2024 + 12 months is this day
        datetime(2026, 3, 31, 9, tzinfo=UTC),
        datetime(2028, 2, 29, 9, tzinfo=UTC),
        datetime(2026, 4, 30, 9, tzinfo=UTC),
    ):
        expected = set()
        for term in (team.retention_review_months, team.retention_delete_months):
            for days in range(-4, 5):
                last = months_later(now, -term) + timedelta(days=days)
                person = _person(session, team, worker.id, f"rand {now:%m} {days}", last)
                if months_later(last, team.retention_review_months) <= now:
                    expected.add(person.id)
        found = {i.person.id for i in inactive_people(session, team, now)}
        assert found == expected
        horizon = now + timedelta(days=28)
        soon = {i.person.id for i in inactive_people(session, team, now, erased_by=horizon)}
        every = inactive_people(session, team, now)
        assert soon == {i.person.id for i in every if i.erase_on <= horizon}
        for person in session.exec(select(Person).where(col(Person.team_id) == team.id)):
            session.delete(person)
        session.flush()


def test_a_bewoner_an_earlier_version_let_a_phone_mark_deleted_is_erased_by_the_next_run(
    session: Session,
) -> None:
    team = make_team(session)
    worker = make_user(session, team)
    marked = create_person(
        session,
        team,
        worker.id,
        data=PersonCreate(recognition="bij de markt", street="Dapperstraat"),
    )
    marked.deleted_at = utcnow()  # what a phone's delete did before issue 13
    session.add(marked)
    session.flush()
    marked_id = marked.id
    [run] = [r for r in run_retention(session, utcnow()) if r.team == team.name]
    assert run.erased == 1
    assert run.to_review == 0
    session.expire_all()
    assert session.get(Person, marked_id) is None
    assert session.get(Tombstone, ("person", marked_id)) is not None
