import re
from datetime import timedelta

import pyotp
import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, func, select

from app.auth.cookies import safe_next
from app.auth.models import AuthSession, LoginAttempt
from app.auth.service import hash_token
from app.teams.models import Role
from tests.factories import PASSWORD, form_token, login, make_neighbourhood, make_team, make_user


def test_login_page_is_dutch_with_labelled_fields(client: TestClient) -> None:
    response = client.get("/login")
    assert response.status_code == 200
    assert response.template.name == "auth/login.html"  # type: ignore[attr-defined]
    html = response.text
    assert '<html lang="nl" dir="ltr">' in html
    assert '<label for="email">E-mailadres</label>' in html
    assert '<label for="password">Wachtwoord</label>' in html
    assert ">Inloggen</button>" in html


def test_form_login_opens_session_and_lands_on_next(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team, email="joost@example.nl")
    token = form_token(client)
    response = client.post(
        "/login",
        data={
            "email": "Joost@Example.nl ",
            "password": PASSWORD,
            "next": "/tocht",
            "csrf_token": token,
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/tocht"
    cookie = client.cookies.get("ot_session")
    assert cookie
    stored = session.exec(select(AuthSession).where(AuthSession.user_id == user.id)).one()
    # Only a hash of the random token is kept on the server.
    assert stored.token_hash == hash_token(cookie)
    assert cookie not in stored.token_hash
    assert client.get("/").status_code == 200


def test_next_never_redirects_off_site(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    response = client.post(
        "/login",
        data={
            "email": user.email,
            "password": PASSWORD,
            "next": "//evil.example/x",
            "csrf_token": form_token(client),
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/"


def test_wrong_password_shows_dutch_error_and_keeps_email(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    user = make_user(session, team)
    response = client.post(
        "/login",
        data={
            "email": user.email,
            "password": "niet-het-goede-wachtwoord",
            "csrf_token": form_token(client),
        },
    )
    assert response.status_code == 401
    assert "E-mailadres of wachtwoord klopt niet." in response.text
    assert f'value="{user.email}"' in response.text
    assert client.cookies.get("ot_session") is None


def test_pages_redirect_to_login_with_next(client: TestClient) -> None:
    response = client.get("/tocht?week=3", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Ftocht%3Fweek%3D3"


def test_api_session_contract(client: TestClient, session: Session) -> None:
    team = make_team(session, "Buurtteam Noord")
    make_neighbourhood(session, team, "Dapperbuurt")
    make_neighbourhood(session, team, "Oosterpark")
    user = make_user(session, team, role=Role.coordinator, name="Samira El Idrissi")
    body = login(client, user)
    assert body["user"] == {"id": str(user.id), "name": "Samira El Idrissi", "email": user.email}
    assert body["team"] == {"id": str(team.id), "name": "Buurtteam Noord"}
    assert body["role"] == "coordinator"
    neighbourhoods = body["neighbourhoods"]
    assert isinstance(neighbourhoods, list)
    assert [n["name"] for n in neighbourhoods] == ["Dapperbuurt", "Oosterpark"]
    assert isinstance(body["csrf_token"], str)
    assert len(body["csrf_token"]) == 64
    again = client.get("/api/session")
    assert again.status_code == 200
    assert again.json() == body


def test_api_session_rejects_bad_credentials_with_json(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    user = make_user(session, team)
    response = client.post("/api/session", json={"email": user.email, "password": "fout-fout"})
    assert response.status_code == 401
    assert response.json() == {"detail": "E-mailadres of wachtwoord klopt niet."}
    assert client.get("/api/session").status_code == 401


def test_api_session_malformed_body_is_422_json(client: TestClient) -> None:
    response = client.post("/api/session", json={"email": "a@b.nl"})
    assert response.status_code == 422
    assert response.json()["detail"] == "Niet alle velden zijn goed ingevuld."


def test_unknown_email_and_disabled_account_fail_alike(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    user = make_user(session, team)
    user.is_active = False
    session.add(user)
    session.flush()
    for email in (user.email, "niemand@example.nl"):
        response = client.post("/api/session", json={"email": email, "password": PASSWORD})
        assert response.status_code == 401
        assert response.json()["detail"] == "E-mailadres of wachtwoord klopt niet."


def test_sixth_failure_in_window_is_throttled_even_with_right_password(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    user = make_user(session, team)
    for _ in range(5):
        response = client.post("/api/session", json={"email": user.email, "password": "fout!"})
        assert response.status_code == 401
    response = client.post("/api/session", json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 429
    assert 0 < int(response.headers["retry-after"]) <= 15 * 60 + 1
    assert "Te veel mislukte pogingen" in response.json()["detail"]


def test_throttle_lifts_when_failures_leave_the_window(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    user = make_user(session, team)
    for _ in range(5):
        client.post("/api/session", json={"email": user.email, "password": "fout!"})
    attempts = session.exec(select(LoginAttempt).where(LoginAttempt.email == user.email)).all()
    for attempt in attempts:
        attempt.attempted_at -= timedelta(minutes=16)
        session.add(attempt)
    session.flush()
    assert (
        client.post("/api/session", json={"email": user.email, "password": PASSWORD}).status_code
        == 200
    )


def test_throttled_form_login_answers_429_page(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    token = form_token(client)
    for _ in range(5):
        client.post("/login", data={"email": user.email, "password": "x", "csrf_token": token})
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 429
    assert "Te veel mislukte pogingen" in response.text
    failures = session.exec(
        select(func.count())
        .select_from(LoginAttempt)
        .where(LoginAttempt.email == user.email, col(LoginAttempt.succeeded).is_(False))
    ).one()
    assert failures == 5


@pytest.mark.parametrize(
    "target",
    [
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        "/ /evil.example",
        "/\x00/evil.example",
        "/\x7f/evil.example",
        "/\u00a0/evil.example",
        "/\u2028/evil.example",
        "/\\evil.example",
        "\t//evil.example",
        "//evil.example",
        "https://evil.example/",
        "tocht",
    ],
)
def test_next_with_whitespace_control_characters_or_backslashes_goes_home(target: str) -> None:
    assert safe_next(target) == "/"


@pytest.mark.parametrize("target", ["/", "/tocht", "/tocht?week=3&q=fiets%20tocht#ontdekkingen"])
def test_next_on_this_site_is_kept(target: str) -> None:
    assert safe_next(target) == target


def test_the_recovery_codes_link_never_leads_off_site(client: TestClient, session: Session) -> None:
    team = make_team(session)
    team.require_mfa = True
    coordinator = make_user(session, team, role=Role.coordinator)
    session.add(team)
    session.flush()
    token = form_token(client)
    answer = client.post(
        "/login",
        data={"csrf_token": token, "email": coordinator.email, "password": PASSWORD},
        follow_redirects=False,
    )
    assert answer.headers["location"].startswith("/login/tweestaps-instellen")
    setup = client.get("/login/tweestaps-instellen")
    secret = re.search(r'id="mfa-secret">([A-Z2-7 ]+)<', setup.text)
    assert secret
    done = client.post(
        "/login/tweestaps-instellen",
        data={
            "csrf_token": form_token(client, "/login/tweestaps-instellen"),
            "code": pyotp.TOTP(secret.group(1).replace(" ", "")).now(),
            "next": "/\t/evil.example",
        },
    )
    assert done.status_code == 200
    assert done.template.name == "auth/mfa_recovery.html"  # type: ignore[attr-defined]
    assert done.context["next"] == "/"  # type: ignore[attr-defined]
    assert "evil.example" not in done.text
