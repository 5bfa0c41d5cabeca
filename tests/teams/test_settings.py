"""Team settings: coordinators only; members and roles (never without a coordinator), buurten,
themes and prompt cards (synced: removals reach the phones), the contact window."""

import re

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.teams.models import Membership, PromptCard, Role, Theme
from testkit.wire import pull_all
from tests.factories import PASSWORD, form_token, login, make_neighbourhood, make_team, make_user


def post(client: TestClient, path: str, **data: str) -> tuple[int, str]:
    token = form_token(client, "/weekoverleg")
    response = client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)
    return response.status_code, response.text


def test_only_coordinators_open_the_settings(client: TestClient, session: Session) -> None:
    team = make_team(session)
    login(client, make_user(session, team))
    response = client.get("/team")
    assert response.status_code == 403
    assert "Alleen coördinatoren" in response.text


def test_members_and_roles(client: TestClient, session: Session) -> None:
    team = make_team(session)
    coordinator = make_user(session, team, role=Role.coordinator)
    login(client, coordinator)
    status, _ = post(
        client,
        "/team/leden",
        name="Lotte",
        email="lotte@example.nl",
        role="worker",
        password=PASSWORD,
    )
    assert status == 303
    assert "lotte@example.nl" in client.get("/team").text
    status, text = post(
        client, "/team/leden", name="Kort", email="kort@example.nl", role="worker", password="kort"
    )
    assert status == 400
    assert "12 tekens" in text
    lotte = session.exec(
        select(Membership).where(
            col(Membership.team_id) == team.id, col(Membership.role) == "worker"
        )
    ).one()
    assert post(client, f"/team/leden/{lotte.user_id}/rol", role="coordinator")[0] == 303
    session.refresh(lotte)
    assert lotte.role == "coordinator"
    # Two coordinators: one may step down; the last one may not.
    assert post(client, f"/team/leden/{coordinator.id}/rol", role="worker")[0] == 303
    status, _text = post(client, f"/team/leden/{lotte.user_id}/rol", role="worker")
    assert status == 403  # the coordinator who stepped down is a worker now
    login(client, make_user(session, team, role=Role.admin, email="admin@example.nl"))
    assert post(client, f"/team/leden/{lotte.user_id}/rol", role="worker")[0] == 303
    status, _text = post(client, "/team/leden/" + str(lotte.user_id) + "/rol", role="baas")
    assert status == 400
    other = make_user(session, make_team(session), email="elders@example.nl")
    assert post(client, f"/team/leden/{other.id}/rol", role="worker")[0] == 404


def test_the_last_coordinator_stays(client: TestClient, session: Session) -> None:
    team = make_team(session)
    coordinator = make_user(session, team, role=Role.coordinator)
    login(client, coordinator)
    status, text = post(client, f"/team/leden/{coordinator.id}/rol", role="worker")
    assert status == 400
    assert "minstens één coördinator" in text


def test_buurten_themes_and_prompts_reach_the_phones(client: TestClient, session: Session) -> None:
    team = make_team(session)
    coordinator = make_user(session, team, role=Role.coordinator)
    login(client, coordinator)
    _, cursor = pull_all(client)
    # A theme and a prompt from before (picked now: a row without ORDER BY may be any one).
    old_theme = session.exec(select(Theme).where(col(Theme.team_id) == team.id)).first()
    old_prompt = session.exec(select(PromptCard).where(col(PromptCard.team_id) == team.id)).first()
    assert old_theme is not None
    assert old_prompt is not None
    assert post(client, "/team/buurten", name="Transvaalbuurt")[0] == 303
    assert post(client, "/team/themas", name="Fietsen")[0] == 303
    assert post(client, "/team/themas", name="fietsen")[0] == 400  # exists already
    assert (
        post(client, "/team/vragen", group="dreams", text="Wat zou je hier willen zien?")[0] == 303
    )
    assert post(client, "/team/vragen", group="klagen", text="Wat is er mis?")[0] == 400
    assert post(client, f"/team/themas/{old_theme.id}/weg")[0] == 303
    assert post(client, f"/team/vragen/{old_prompt.id}/weg")[0] == 303
    changes, _ = pull_all(client, cursor)
    pulled = {(c["entity"], c["deleted"]) for c in changes}
    assert ("neighbourhood", False) in pulled
    assert ("theme", False) in pulled
    assert ("prompt", False) in pulled
    assert ("theme", True) in pulled
    assert ("prompt", True) in pulled
    html = client.get("/team").text
    assert "Transvaalbuurt" in html
    assert "fietsen" in html
    assert old_theme.name not in html


def test_the_contact_window(client: TestClient, session: Session) -> None:
    team = make_team(session)
    login(client, make_user(session, team, role=Role.coordinator))
    assert post(client, "/team/in-gesprek-blijven", weeks="10")[0] == 303
    session.refresh(team)
    assert team.stale_contact_weeks == 10
    assert post(client, "/team/in-gesprek-blijven", weeks="0")[0] == 400
    assert post(client, "/team/in-gesprek-blijven", weeks="veel")[0] == 400


def test_the_processing_register_reads_the_teams_settings(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    coordinator = make_user(session, team, role=Role.coordinator)
    make_user(session, team)
    make_neighbourhood(session, team, "Oosterpark")
    team.retention_delete_months = 18
    team.lawful_basis = "legitimate_interest"
    session.add(team)
    session.flush()
    login(client, coordinator)
    page = client.get("/team/verwerkingsregister")
    assert page.status_code == 200
    for text in (
        "gerechtvaardigd belang",
        "Oosterpark",
        "wissen na 18 maanden",
        "1 × coördinator",
        "1 × buurtwerker",
        "Doorgifte buiten de EU",
    ):
        assert text in page.text, text
    worker = make_user(session, team)
    login(client, worker)
    assert client.get("/team/verwerkingsregister").status_code == 403


def test_adding_an_address_with_an_account_elsewhere_answers_as_for_a_new_one(
    client: TestClient, session: Session
) -> None:
    elsewhere = make_team(session)
    hidden = make_user(session, elsewhere, email="elders@example.nl", name="Noor Elders")
    team = make_team(session)
    login(client, make_user(session, team, role=Role.coordinator))

    def add(email: str) -> tuple[int, str, str]:
        token = form_token(client, "/team")
        response = client.post(
            "/team/leden",
            data={
                "csrf_token": token,
                "name": "Nieuwe collega",
                "email": email,
                "role": "worker",
                "password": PASSWORD,
            },
            follow_redirects=False,
        )
        page = client.get(response.headers.get("location", "/team")).text
        notice = re.search(r'<p class="notice" role="status">(.*?)</p>', page, re.S)
        return (
            response.status_code,
            response.headers.get("location", ""),
            notice[1] if notice else "",
        )

    new = add("nieuw@example.nl")
    known = add("Elders@Example.nl")
    assert new == known
    assert new[0] == 303
    assert "ander adres" in new[2]
    page = client.get("/team").text
    assert "nieuw@example.nl" in page
    assert "elders@example.nl" not in page
    assert "Noor Elders" not in page
    # The account elsewhere stays as it was: in its own team only, its own password and name.
    memberships = session.exec(select(Membership).where(Membership.user_id == hidden.id)).all()
    assert [m.team_id for m in memberships] == [elsewhere.id]
    session.refresh(hidden)
    assert hidden.name == "Noor Elders"
    other_client = TestClient(client.app)
    login(other_client, hidden)
    assert other_client.get("/api/session").json()["team"]["id"] == str(elsewhere.id)


def test_adding_someone_already_in_the_team_says_so(client: TestClient, session: Session) -> None:
    team = make_team(session)
    login(client, make_user(session, team, role=Role.coordinator))
    make_user(session, team, email="lotte@example.nl")
    status, text = post(
        client,
        "/team/leden",
        name="Lotte",
        email="lotte@example.nl",
        role="worker",
        password=PASSWORD,
    )
    assert status == 400
    assert "lotte@example.nl is al lid van dit team." in text


def test_numbers_in_other_digits_are_refused_without_a_500(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    login(client, make_user(session, team, role=Role.coordinator))
    status, text = post(client, "/team/in-gesprek-blijven", weeks="²")
    assert status == 400
    assert "Kies tussen 1 en 52 weken." in text
    status, text = post(client, "/team/privacy", basis="public_task", review="¹²", delete="²⁴")
    assert status == 400
    assert "bewaartermijn" in text


def test_numbers_in_other_digits_are_refused_in_dutch(client: TestClient, session: Session) -> None:
    team = make_team(session)
    login(client, make_user(session, team, role=Role.coordinator))
    # "²".isdigit() is true, yet int("²") fails; "١٢" is twelve to int().
    for weeks in ("²", "١٢", "1_0"):
        status, text = post(client, "/team/in-gesprek-blijven", weeks=weeks)
        assert status == 400, weeks
    for review, delete in (("²", "24"), ("12", "²")):
        status, text = post(
            client, "/team/privacy", basis="public_task", review=review, delete=delete
        )
        assert status == 400
        assert "maanden" in text
    session.refresh(team)
    assert (team.retention_review_months, team.retention_delete_months) == (12, 24)
