"""Security headers and cookie flags on every kind of response, as production serves them:
pages, API answers, static files, errors, the service worker, downloads and the public share
page (ASVS V3 sessions, V14 configuration)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.config import Settings
from app.db import SessionFactory
from app.main import create_app
from tests.factories import PASSWORD, make_team, make_user


def _check(response_headers: dict[str, str], path: str, *, static: bool = False) -> None:
    h = {k.lower(): v for k, v in response_headers.items()}
    csp = h["content-security-policy"]
    for part in ("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'"):
        assert part in csp, (path, csp)
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";")[0], path
    assert "unsafe-eval" not in csp, path
    assert h["x-content-type-options"] == "nosniff", path
    assert h["x-frame-options"] == "DENY", path
    assert h["cross-origin-opener-policy"] == "same-origin", path
    assert "camera=()" in h["permissions-policy"], path
    assert h["strict-transport-security"].startswith("max-age="), path
    assert h["referrer-policy"] in ("same-origin", "no-referrer"), path
    if path == "/sw.js":
        # The worker holds no resident data; it must be revalidated, so updates arrive.
        assert h["cache-control"] == "no-cache", path
    elif not static:
        assert h["cache-control"] == "no-store", path


def test_every_kind_of_response_in_production(
    production_settings: Settings, session_factory: SessionFactory, session: Session
) -> None:
    team = make_team(session)
    user = make_user(session, team)
    session.flush()
    app = create_app(production_settings, session_factory=session_factory)
    with TestClient(app, base_url="https://testserver") as client:
        anonymous = {
            "/login": 200,
            "/static/js/app.js": 200,
            "/bestaat-niet": 404,
            "/api/bestaat-niet": 404,
            "/sw.js": 200,
            "/manifest.webmanifest": 200,
            "/gedeeld/geen-geldige-link": 404,
            "/tocht": 303,
        }
        first = client.get("/login")
        set_cookies = [v for k, v in first.headers.multi_items() if k.lower() == "set-cookie"]
        for path, status in anonymous.items():
            response = client.get(path, follow_redirects=False)
            assert response.status_code in (status, 401), (path, response.status_code)
            _check(dict(response.headers), path, static=path.startswith("/static/"))

        login = client.post("/api/session", json={"email": user.email, "password": PASSWORD})
        assert login.status_code == 200
        _check(dict(login.headers), "POST /api/session")
        cookies = [v for k, v in login.headers.multi_items() if k.lower() == "set-cookie"]
        session_cookie = next(c for c in cookies if c.startswith("__Host-ot_session="))
        for flag in ("HttpOnly", "Secure", "Path=/", "SameSite=lax"):
            assert flag.lower() in session_cookie.lower(), (flag, session_cookie)
        assert "domain=" not in session_cookie.lower()
        csrf = next(c for c in set_cookies if c.startswith("__Host-ot_csrf="))
        for flag in ("HttpOnly", "Secure", "Path=/", "SameSite=Strict"):
            assert flag.lower() in csrf.lower(), (flag, csrf)

        for path, status in {
            "/tocht": 200,
            "/api/session": 200,
            "/api/sync/pull": 200,
            "/overzicht.xlsx": 200,
            "/bewoners/00000000-0000-4000-8000-000000000000": 404,
        }.items():
            response = client.get(path)
            assert response.status_code == status, (path, response.status_code)
            _check(dict(response.headers), path)
        refused = client.post(
            "/api/sync/push",
            content=b"{niet json",
            headers={"content-type": "application/json"},
        )
        assert refused.status_code in (400, 403, 422)
        _check(dict(refused.headers), "POST /api/sync/push (bad JSON)")
