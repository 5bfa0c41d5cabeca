"""Dates no page can convert, already in the database (written before pushes were checked, or
by hand): every page that shows them still opens, and shows something honest."""

from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, update

from app.conversations.models import Conversation, FollowUp
from app.people.models import Consent, ConsentScope, Person
from app.people.schemas import ConsentIn
from app.people.service import record_consent
from app.teams.models import Role
from tests.factories import (
    login,
    make_conversation,
    make_discovery,
    make_follow_up,
    make_neighbourhood,
    make_person,
    make_team,
    make_user,
)

# 23:30 UTC on the last day the datetime type knows: an hour later in Amsterdam is year 10000.
END_OF_TIME = datetime(9999, 12, 31, 23, 30, tzinfo=UTC)
START_OF_TIME = datetime(1, 1, 1, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("moment", "day"),
    [(END_OF_TIME, "31 december"), (START_OF_TIME, "1 januari")],
    ids=["year-9999", "year-1"],
)
def test_pages_open_with_a_stored_date_no_timezone_can_convert(
    client: TestClient, session: Session, moment: datetime, day: str
) -> None:
    team = make_team(session)
    me = make_user(session, team, role=Role.coordinator)
    buurt = make_neighbourhood(session, team)
    person = make_person(session, team, me)
    record_consent(session, person, me.id, consent=ConsentIn(scopes=[ConsentScope.store_name]))
    conversation = make_conversation(
        session, team, me, buurt, summary="Over de moestuin.", people=[person]
    )
    make_discovery(session, team, me, conversation)
    follow_up = make_follow_up(session, team, me, conversation)
    # Straight into the database, past every check, as old data would be.
    session.execute(
        update(Conversation)
        .where(col(Conversation.id) == conversation.id)
        .values(occurred_at=moment)
    )
    session.execute(
        update(Person).where(col(Person.id) == person.id).values(last_contact_at=moment)
    )
    session.execute(
        update(Consent).where(col(Consent.person_id) == person.id).values(recorded_at=moment)
    )
    session.execute(
        update(FollowUp)
        .where(col(FollowUp.id) == follow_up.id)
        .values(due_on=date(moment.year, moment.month, moment.day), person_id=person.id)
    )
    session.expire_all()
    login(client, me)
    for path in (
        "/tocht",
        "/bewoners",
        f"/bewoners/{person.id}",
        f"/gesprekken/{conversation.id}",
        "/weekoverleg",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert day in response.text, path
