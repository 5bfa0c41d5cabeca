"""Bewoners: finding a person, and their profile as the team (and only the team) sees it."""

from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.conversations.models import DiscoveryKind
from app.people.models import ConsentScope
from app.people.schemas import ConsentIn, PersonCreate
from app.people.service import create_person
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


def test_people_are_found_by_name_recognition_or_street(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me = make_user(session, team)
    create_person(
        session,
        team,
        me.id,
        data=PersonCreate(
            first_name="Aïcha",
            recognition="is elke middag in de speeltuin",
            street="Wijttenbachstraat",
            consent=ConsentIn(scopes=[ConsentScope.store_name, ConsentScope.share_in_team]),
        ),
    )
    make_person(session, team, me)  # "woont bij het speelveld"
    other = make_team(session)
    create_person(session, other, None, data=PersonCreate(recognition="speeltuin elders"))
    login(client, me)
    for query in ("aicha", "AÏCHA", "speeltuin", "wijttenbach"):
        html = client.get("/bewoners", params={"q": query}).text
        assert "Aïcha" in html, query
        assert "elders" not in html, query
    html = client.get("/bewoners").text
    assert "Aïcha" in html
    assert "woont bij het speelveld" in html
    assert "Niemand gevonden" in client.get("/bewoners", params={"q": "zeppelin"}).text


def test_a_profile_shows_the_timeline_consent_and_connector(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me, colleague = make_user(session, team), make_user(session, team, name="Bram")
    ria = create_person(
        session,
        team,
        me.id,
        data=PersonCreate(
            first_name="Ria",
            is_connector=True,
            consent=ConsentIn(scopes=[ConsentScope.store_name, ConsentScope.share_in_team]),
        ),
    )
    buurt = make_neighbourhood(session, team)
    talk = make_conversation(
        session,
        team,
        me,
        buurt,
        summary="Op het bankje bij de muziekkoepel.",
        people=[ria],
        occurred_at=datetime(2026, 11, 20, 14, tzinfo=UTC),
    )
    make_discovery(
        session, team, me, talk, description="Kent iedereen in het park", person_ids=[ria.id]
    )
    make_discovery(
        session,
        team,
        me,
        talk,
        kind=DiscoveryKind.idea,
        title="Muziek in de koepel",
        trekker_ids=[ria.id],
    )
    make_discovery(
        session,
        team,
        colleague,
        talk,
        description="Privé notitie van Bram",
        person_ids=[ria.id],
        visibility="private",
    )
    follow_up = make_follow_up(session, team, me, talk)
    follow_up.person_id = ria.id
    session.flush()
    login(client, me)
    html = client.get(f"/bewoners/{ria.id}").text
    assert "Ria" in html
    assert "verbinder" in html
    assert "Op het bankje bij de muziekkoepel." in html
    assert "Kent iedereen in het park" in html
    assert "Muziek in de koepel" in html
    assert "trekker" in html
    assert "Terugbellen over de buurtmaaltijd" in html
    assert "roepnaam bewaren: ja" in html
    assert "naam in het krachtenoverzicht: nee" in html
    assert "1 gesprek" in html
    assert "Privé notitie van Bram" not in html
    login(client, colleague)
    assert "Privé notitie van Bram" in client.get(f"/bewoners/{ria.id}").text


def test_a_person_without_consent_shows_only_the_pseudonym(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me = make_user(session, team)
    person = make_person(session, team, me)
    login(client, me)
    html = client.get(f"/bewoners/{person.id}").text
    assert person.pseudonym in html
    assert "Geen toestemming vastgelegd" in html
