from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import Settings
from app.db import SessionFactory
from app.main import create_app
from tests.factories import PASSWORD, form_token, login, make_team, make_user


def test_every_response_carries_security_headers(client: TestClient) -> None:
    for path in ("/login", "/static/css/app.css", "/does-not-exist", "/api/session"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert "unsafe-eval" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert "strict-transport-security" not in headers


def test_pages_are_never_cached_but_static_files_may_be(client: TestClient) -> None:
    assert client.get("/login").headers["cache-control"] == "no-store"
    assert "cache-control" not in client.get("/static/css/app.css").headers


def test_production_adds_hsts_and_hides_api_docs(
    production_settings: Settings, session_factory: SessionFactory
) -> None:
    app = create_app(production_settings, session_factory=session_factory)
    with TestClient(app, base_url="https://testserver") as client:
        response = client.get("/login")
        assert response.headers["strict-transport-security"].startswith("max-age=")
        assert client.get("/docs").status_code == 404
        assert client.get("/openapi.json").status_code == 404


def test_development_serves_openapi(client: TestClient) -> None:
    assert client.get("/openapi.json").status_code == 200


def test_cross_site_post_is_refused_before_any_route(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    response = client.post(
        "/api/session",
        json={"email": user.email, "password": PASSWORD},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403
    assert response.json()["detail"].startswith("Dit verzoek komt van een andere site")
    # In the language the request asks for, like every other answer.
    response = client.post(
        "/api/session",
        json={"email": user.email, "password": PASSWORD},
        headers={"Sec-Fetch-Site": "cross-site", "Accept-Language": "en-GB,en;q=0.8"},
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "This request comes from another site and was refused."


def test_foreign_origin_without_fetch_metadata_is_refused(client: TestClient) -> None:
    response = client.post(
        "/logout", headers={"Origin": "https://evil.example"}, follow_redirects=False
    )
    assert response.status_code == 403


def test_same_origin_browser_request_passes(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    response = client.post(
        "/api/session",
        json={"email": user.email, "password": PASSWORD},
        headers={"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"},
    )
    assert response.status_code == 200


def test_html_form_without_token_is_refused_in_dutch(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    response = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 403
    assert "Laad de pagina opnieuw" in response.text
    forged = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": "0" * 64}
    )
    assert forged.status_code == 403


def test_form_token_is_bound_to_the_browser_cookie(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    token = form_token(client)
    client.cookies.clear()
    response = client.post(
        "/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 403


def test_api_accepts_matching_header_token_and_refuses_wrong_one(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    user = make_user(session, team)
    body = login(client, user)
    wrong = client.delete("/api/session", headers={"X-CSRF-Token": "f" * 64})
    assert wrong.status_code == 403
    right = client.delete("/api/session", headers={"X-CSRF-Token": str(body["csrf_token"])})
    assert right.status_code == 204


def test_an_odd_cookie_of_another_app_does_not_break_forms(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    user = make_user(session, team)
    token = form_token(client)
    client.cookies.set("other_app", '{"json": "with spaces"}')
    response = client.post(
        "/login",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303


def test_an_unexpected_error_is_a_dutch_500_with_security_headers(
    settings: Settings, session_factory: SessionFactory
) -> None:
    app = create_app(settings, session_factory=session_factory)

    @app.get("/api/kapot")
    def broken() -> None:
        raise RuntimeError("boom")

    @app.get("/kapot")
    def broken_page() -> None:
        raise RuntimeError("boom")

    with TestClient(app, raise_server_exceptions=False) as client:
        api = client.get("/api/kapot")
        assert api.status_code == 500
        assert api.json()["detail"].startswith("Er ging iets mis")
        assert "frame-ancestors 'none'" in api.headers["content-security-policy"]
        page = client.get("/kapot")
        assert page.status_code == 500
        assert "Er ging iets mis aan onze kant" in page.text
        assert page.headers["x-content-type-options"] == "nosniff"
