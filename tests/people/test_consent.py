"""Giving and withdrawing consent on the profile: it takes effect everywhere at once."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.audit.models import AuditEvent
from app.people.models import Consent, ConsentScope, Person
from app.people.schemas import ConsentIn, PersonCreate
from app.people.service import create_person
from app.teams.models import Role
from testkit.wire import pull_all
from tests.factories import (
    form_token,
    login,
    make_conversation,
    make_discovery,
    make_neighbourhood,
    make_team,
    make_user,
)


def test_withdrawing_the_name_takes_it_away_everywhere(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    worker = make_user(session, team)
    buurt = make_neighbourhood(session, team)
    ria = create_person(
        session,
        team,
        worker.id,
        data=PersonCreate(first_name="Ria", consent=ConsentIn(scopes=list(ConsentScope))),
    )
    talk = make_conversation(session, team, worker, buurt, people=[ria])
    make_discovery(
        session, team, worker, talk, description="Zingt", person_ids=[ria.id], visibility="overview"
    )
    session.flush()
    login(client, worker)
    _changes, cursor = pull_all(client)
    assert "Ria" in client.get("/overzicht").text
    assert "Ria" in client.get("/bewoners").text
    profile = client.get(f"/bewoners/{ria.id}").text
    assert "Grondslag van het team: taak van algemeen belang" in profile

    token = form_token(client, f"/bewoners/{ria.id}")
    response = client.post(
        f"/bewoners/{ria.id}/toestemming",
        data={"csrf_token": token, "scopes": ["share_in_team", "contact"], "how": "mondeling"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    session.expire_all()
    person = session.get(Person, ria.id)
    assert person is not None
    assert person.first_name is None
    current = session.exec(
        select(Consent).where(col(Consent.person_id) == ria.id, col(Consent.withdrawn_at).is_(None))
    ).one()
    assert sorted(current.scopes) == ["contact", "share_in_team"]
    assert "Ria" not in client.get("/overzicht").text
    assert "Ria" not in client.get("/bewoners").text
    pulled, _ = pull_all(client, cursor)
    mine = next(c for c in pulled if c["id"] == str(ria.id))
    assert mine["fields"]["first_name"] is None
    assert mine["version"] == person.version
    event = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "person.consent")).one()
    assert event.details == {
        "old": sorted(s.value for s in ConsentScope),
        "new": ["contact", "share_in_team"],
    }

    # Withdrawing everything leaves only the pseudonym.
    token = form_token(client, f"/bewoners/{ria.id}")
    client.post(f"/bewoners/{ria.id}/toestemming", data={"csrf_token": token, "how": "mondeling"})
    session.expire_all()
    assert not session.exec(
        select(Consent).where(col(Consent.person_id) == ria.id, col(Consent.withdrawn_at).is_(None))
    ).all()
    bad = client.post(
        f"/bewoners/{ria.id}/toestemming", data={"csrf_token": token, "scopes": ["alles"]}
    )
    assert bad.status_code == 400


def test_the_team_sets_its_lawful_basis_and_retention(client: TestClient, session: Session) -> None:
    team = make_team(session)
    coordinator = make_user(session, team, role=Role.coordinator)
    session.flush()
    login(client, coordinator)
    token = form_token(client, "/team")
    saved = client.post(
        "/team/privacy",
        data={"csrf_token": token, "basis": "consent", "review": "6", "delete": "18"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    session.refresh(team)
    assert (team.lawful_basis, team.retention_review_months, team.retention_delete_months) == (
        "consent",
        6,
        18,
    )
    for wrong in (
        {"basis": "omdat het kan", "review": "6", "delete": "18"},
        {"basis": "consent", "review": "18", "delete": "6"},
        {"basis": "consent", "review": "0", "delete": "6"},
    ):
        assert client.post("/team/privacy", data={"csrf_token": token, **wrong}).status_code == 400
    assert session.exec(select(AuditEvent).where(col(AuditEvent.action) == "team.privacy")).one()
