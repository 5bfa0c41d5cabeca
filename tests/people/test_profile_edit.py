"""A bewoner's herkenning, straat and verbinder are changed on the profile as a synced change
(revision, pull); a house number is refused in Dutch with what was typed kept; follow-ups
about the bewoner are ticked off and reopened there."""

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.changes.models import Revision
from app.conversations.schemas import FollowUpCreate
from app.conversations.service import create_follow_up
from testkit.wire import pull_all
from tests.factories import form_token, login, make_person, make_team, make_user


def post(client: TestClient, path: str, data: dict[str, Any]) -> Any:
    token = form_token(client, "/weekoverleg")
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def test_herkenning_straat_and_verbinder_are_a_synced_change(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    worker = make_user(session, team)
    person = make_person(session, team, worker)
    login(client, worker)
    page = client.get(f"/bewoners/{person.id}")
    assert page.status_code == 200
    assert f'action="/bewoners/{person.id}/gegevens"' in page.text

    response = post(
        client,
        f"/bewoners/{person.id}/gegevens",
        {"version": "1", "recognition": "fietst altijd met een hond", "street": "Linnaeusstraat",
         "is_connector": "1"},
    )  # fmt: skip
    assert response.status_code == 303
    session.refresh(person)
    assert (person.recognition, person.street, person.is_connector, person.version) == (
        "fietst altijd met een hond",
        "Linnaeusstraat",
        True,
        2,
    )
    revision = session.exec(
        select(Revision).where(Revision.record_id == person.id, Revision.version == 2)
    ).one()
    assert set(revision.changes) == {"recognition", "street", "is_connector"}
    changes, _ = pull_all(client)
    fields = {c["id"]: c["fields"] for c in changes}[str(person.id)]
    assert fields["is_connector"] is True
    assert fields["street"] == "Linnaeusstraat"
    assert "verbinder" in client.get(f"/bewoners/{person.id}").text


def test_a_house_number_is_refused_in_dutch_and_the_input_stays(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    worker = make_user(session, team)
    person = make_person(session, team, worker)
    login(client, worker)
    response = post(
        client,
        f"/bewoners/{person.id}/gegevens",
        {"version": "1", "recognition": "de man met de pet", "street": "Linnaeusstraat 12"},
    )
    assert response.status_code == 422
    assert "Noteer alleen de straat, zonder huisnummer." in response.text
    assert ">de man met de pet</textarea>" in response.text
    assert 'value="Linnaeusstraat 12"' in response.text
    session.refresh(person)
    assert (person.street, person.version) == ("Wijttenbachstraat", 1)
    too_long = post(
        client, f"/bewoners/{person.id}/gegevens", {"version": "1", "recognition": "x" * 300}
    )
    assert too_long.status_code == 422
    assert "hooguit 200 tekens" in too_long.text


def test_a_follow_up_about_the_bewoner_is_done_and_reopened_on_the_profile(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    worker = make_user(session, team)
    person = make_person(session, team, worker)
    follow_up = create_follow_up(
        session, team, worker.id, data=FollowUpCreate(what="Langsgaan", person_id=person.id)
    )
    login(client, worker)
    html = client.get(f"/bewoners/{person.id}").text
    assert 'id="vervolg"' in html
    response = post(
        client, f"/vervolgafspraken/{follow_up.id}/gedaan", {"done": "1", "back": "bewoner"}
    )
    assert response.headers["location"] == f"/bewoners/{person.id}#vervolg"
    session.refresh(follow_up)
    session.refresh(person)
    assert follow_up.done_at is not None
    assert person.last_contact_at == follow_up.done_at
    assert "Weer open" in client.get(f"/bewoners/{person.id}").text
    post(client, f"/vervolgafspraken/{follow_up.id}/gedaan", {"done": "0", "back": "bewoner"})
    session.refresh(follow_up)
    assert follow_up.done_at is None
