"""What goes into the audit log, the page coordinators read it on, and the verify command."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.audit.models import AuditEvent
from app.teams.models import Role
from tests.factories import form_token, login, make_person, make_team, make_user


def _actions(session: Session) -> list[str]:
    return list(session.exec(select(AuditEvent.action).order_by(col(AuditEvent.id))))


def test_profile_views_and_role_changes_are_logged(client: TestClient, session: Session) -> None:
    team = make_team(session)
    coordinator = make_user(session, team, role=Role.coordinator, name="Samira")
    worker = make_user(session, team, name="Joost")
    person = make_person(session, team, worker)
    session.flush()
    login(client, worker)
    assert client.get(f"/bewoners/{person.id}").status_code == 200
    view = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "person.view")).one()
    assert (view.actor_id, view.record_id, view.team_id) == (worker.id, person.id, team.id)
    login(client, coordinator)
    token = form_token(client, "/team")
    client.post(f"/team/leden/{worker.id}/rol", data={"csrf_token": token, "role": "coordinator"})
    change = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "member.role")).one()
    assert change.details == {"old": "worker", "new": "coordinator"}
    assert change.record_id == worker.id


def test_coordinators_read_and_filter_their_teams_log(client: TestClient, session: Session) -> None:
    team = make_team(session)
    coordinator = make_user(session, team, role=Role.coordinator, name="Samira")
    worker = make_user(session, team, name="Joost")
    person = make_person(session, team, worker)
    other_team = make_team(session)
    outsider = make_user(session, other_team, role=Role.coordinator, name="Elders")
    other_person = make_person(session, other_team, outsider)
    session.flush()
    login(client, worker)
    client.get(f"/bewoners/{person.id}")
    assert client.get("/team/auditlog").status_code == 403
    login(client, outsider)
    client.get(f"/bewoners/{other_person.id}")
    login(client, coordinator)
    client.get(f"/bewoners/{person.id}")
    page = client.get("/team/auditlog")
    assert page.status_code == 200
    assert page.text.count("Bewoner bekeken</strong>") == 2
    assert "Elders" not in page.text
    only_joost = client.get("/team/auditlog", params={"wie": str(worker.id)})
    assert only_joost.text.count("Bewoner bekeken</strong>") == 1
    checked = client.get("/team/auditlog", params={"controle": "ja"})
    assert "De keten is heel" in checked.text
    assert client.get("/team/auditlog", params={"actie": "iets"}).status_code == 400
    assert client.get("/team/auditlog", params={"van": "gisteren"}).status_code == 400


def test_a_period_or_page_outside_what_the_log_can_hold_is_refused_in_dutch(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    login(client, make_user(session, team, role=Role.coordinator))
    for params in ({"van": "0001-01-01"}, {"tot": "9999-12-31"}):
        response = client.get("/team/auditlog", params=params)
        assert response.status_code == 400
        assert "Deze datum kan niet kloppen" in response.text
    response = client.get("/team/auditlog", params={"voor": "99999999999999999999"})
    assert response.status_code == 422
    assert "Niet alle velden zijn goed ingevuld." in response.text
