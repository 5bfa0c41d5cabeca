from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.auth.models import AuthSession
from app.auth.service import disable_user, revoke_user_sessions
from tests.factories import form_token, login, make_team, make_user


def _only_session(session: Session, user_id: object) -> AuthSession:
    return session.exec(select(AuthSession).where(AuthSession.user_id == user_id)).one()


def test_api_logout_kills_the_session_server_side(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    login(client, user)
    stolen_cookie = client.cookies.get("ot_session")
    assert client.delete("/api/session").status_code == 204
    assert _only_session(session, user.id).revoked_at is not None
    client.cookies.set("ot_session", stolen_cookie or "")
    assert client.get("/api/session").status_code == 401


def test_logout_page_posts_and_ends_session(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    login(client, user)
    cookie = client.cookies.get("ot_session")
    page = client.get("/logout")
    assert page.status_code == 200
    assert ">Uitloggen</button>" in page.text
    response = client.post(
        "/logout", data={"csrf_token": form_token(client, "/logout")}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login?uitgelogd=1"
    client.cookies.set("ot_session", cookie or "")
    assert client.get("/tocht", follow_redirects=False).status_code == 303


def test_disabling_a_user_ends_their_session_on_next_request(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    user = make_user(session, team)
    login(client, user)
    assert client.get("/api/session").status_code == 200
    disable_user(session, user)
    session.flush()
    assert client.get("/api/session").status_code == 401


def test_admin_revoke_ends_session(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    login(client, user)
    assert revoke_user_sessions(session, user.id) == 1
    session.flush()
    assert client.get("/api/session").status_code == 401


def test_idle_session_expires(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    login(client, user)
    auth_session = _only_session(session, user.id)
    auth_session.last_seen_at -= timedelta(hours=13)
    session.add(auth_session)
    session.flush()
    assert client.get("/api/session").status_code == 401


def test_activity_keeps_session_alive_and_is_recorded(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    login(client, user)
    auth_session = _only_session(session, user.id)
    auth_session.last_seen_at -= timedelta(hours=11)
    session.add(auth_session)
    session.flush()
    before = auth_session.last_seen_at
    assert client.get("/api/session").status_code == 200
    session.refresh(auth_session)
    assert auth_session.last_seen_at > before + timedelta(hours=10)


def test_session_dies_at_absolute_lifetime_despite_activity(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    user = make_user(session, team)
    login(client, user)
    auth_session = _only_session(session, user.id)
    auth_session.expires_at -= timedelta(days=15)
    session.add(auth_session)
    session.flush()
    assert client.get("/api/session").status_code == 401
