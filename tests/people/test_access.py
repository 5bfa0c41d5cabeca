"""Inzageverzoek: everything about one bewoner, as readable HTML and as JSON."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select, update

from app.audit.models import AuditEvent
from app.conversations.models import DiscoveryKind
from app.people.models import ConsentScope, Person
from app.people.schemas import ConsentIn, PersonCreate
from app.people.service import create_person
from app.teams.models import Role
from tests.factories import (
    login,
    make_conversation,
    make_discovery,
    make_neighbourhood,
    make_person,
    make_team,
    make_user,
)


def test_everything_about_one_person_and_nobody_else(client: TestClient, session: Session) -> None:
    team = make_team(session)
    coordinator = make_user(session, team, role=Role.coordinator, name="Samira")
    worker = make_user(session, team, name="Joost")
    buurt = make_neighbourhood(session, team)
    ria = create_person(
        session,
        team,
        worker.id,
        data=PersonCreate(
            first_name="Ria",
            recognition="bankje bij de koepel",
            consent=ConsentIn(scopes=[ConsentScope.store_name, ConsentScope.share_in_team]),
        ),
    )
    kees = create_person(
        session,
        team,
        worker.id,
        data=PersonCreate(
            first_name="Kees",
            recognition="de fietsenmaker",
            consent=ConsentIn(scopes=[ConsentScope.store_name, ConsentScope.share_in_team]),
        ),
    )
    # Her copy gives no one else away: Kees reads "een bewoner" in it.
    talk = make_conversation(
        session, team, worker, buurt, summary="Op het bankje met Kees", people=[ria]
    )
    make_discovery(session, team, worker, talk, description="Zingt graag", person_ids=[ria.id])
    make_discovery(
        session,
        team,
        worker,
        talk,
        description="Alleen voor mij",
        person_ids=[ria.id],
        visibility="private",
    )
    make_discovery(
        session,
        team,
        worker,
        talk,
        kind=DiscoveryKind.connection,
        description="Kent de fietsenmaker",
        from_ref={"type": "person", "id": str(ria.id)},
        to_ref={"type": "person", "id": str(kees.id)},
    )
    other = make_discovery(
        session, team, worker, talk, description="Over Kees", person_ids=[kees.id]
    )
    session.flush()
    login(client, worker)
    client.get(f"/bewoners/{ria.id}")  # a view, which the report lists
    assert client.get(f"/bewoners/{ria.id}/inzage").status_code == 403
    login(client, coordinator)
    page = client.get(f"/bewoners/{ria.id}/inzage")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    for text in (
        "Ria",
        "bankje bij de koepel",
        "Op het bankje met een bewoner",
        "Zingt graag",
        "Alleen voor mij",
        "Kent de fietsenmaker",
        "taak van algemeen belang",
    ):
        assert text in page.text, text
    assert other.description not in page.text
    report = client.get(f"/bewoners/{ria.id}/inzage.json")
    assert report.headers["content-disposition"].startswith("attachment")
    body = report.json()
    assert body["person"]["first_name"] == "Ria"
    assert [c["summary"] for c in body["conversations"]] == ["Op het bankje met een bewoner"]
    assert "Kees" not in report.text
    assert {d["description"] for d in body["discoveries"]} == {
        "Zingt graag",
        "Alleen voor mij",
        "Kent de fietsenmaker",
    }
    assert sorted(body["consents"][0]["scopes"]) == ["share_in_team", "store_name"]
    assert any(e["action"] == "person.view" and e["by"] == "Joost" for e in body["seen_by"])
    assert body["history"][0]["action"] == "create"
    assert (
        len(session.exec(select(AuditEvent).where(col(AuditEvent.action) == "person.access")).all())
        == 2
    )


@pytest.mark.parametrize(
    ("pseudonym", "filename"),
    [
        ("B-7F3K", "inzage-B-7F3K.json"),
        ("B-😀", "inzage-B-.json"),
        ("B-7F\r\nX: 1", "inzage-B-7FX1.json"),
        ("😀", "inzage-bewoner.json"),
    ],
    ids=["generated", "emoji", "crlf", "nothing-ascii"],
)
def test_the_access_file_has_a_safe_name_whatever_pseudonym_is_stored(
    client: TestClient, session: Session, pseudonym: str, filename: str
) -> None:
    team = make_team(session)
    coordinator = make_user(session, team, role=Role.coordinator)
    person = make_person(session, team, coordinator)
    # Written past the wire's rule, as pseudonyms pushed before it was there.
    session.execute(update(Person).where(col(Person.id) == person.id).values(pseudonym=pseudonym))
    session.expire_all()
    login(client, coordinator)
    report = client.get(f"/bewoners/{person.id}/inzage.json")
    assert report.status_code == 200
    assert report.headers["content-disposition"] == f'attachment; filename="{filename}"'
    assert report.json()["person"]["pseudonym"] == pseudonym
