"""Request bodies the app cannot read: always a Dutch answer (JSON for /api, a page for
browsers), never the framework's English and never a 500."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import anyio
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session
from starlette.types import ASGIApp, Message, Scope

from app.teams.models import Role
from tests.factories import PASSWORD, form_token, login, make_team, make_user

DEEPLY_NESTED = b"[" * 50_000 + b"]" * 50_000
INVALID_UTF8 = b'{"email": "fatima@example.nl", "password": "\xff\xfe\xfa"}'


def _post_json(client: TestClient, path: str, body: bytes) -> tuple[int, dict[str, object]]:
    response = client.post(path, content=body, headers={"content-type": "application/json"})
    answer: dict[str, object] = response.json()
    return response.status_code, answer


def test_invalid_utf8_in_a_json_login_is_answered_in_dutch(client: TestClient) -> None:
    status, answer = _post_json(client, "/api/session", INVALID_UTF8)
    assert status == 400
    assert answer == {"detail": "Wat je stuurde is niet te lezen. Probeer het opnieuw."}


def test_deeply_nested_json_is_answered_in_dutch(client: TestClient, session: Session) -> None:
    # 5,000 deep fits within the login's size limit; 50,000 deep goes to the push.
    status, answer = _post_json(client, "/api/session", b"[" * 5_000 + b"]" * 5_000)
    assert status == 400
    assert answer == {"detail": "Wat je stuurde is niet te lezen. Probeer het opnieuw."}
    login(client, make_user(session, make_team(session)))
    for body in (DEEPLY_NESTED, INVALID_UTF8):
        status, answer = _post_json(client, "/api/sync/push", body)
        assert status == 400
        assert answer == {"detail": "Wat je stuurde is niet te lezen. Probeer het opnieuw."}


def test_an_unreadable_form_gets_the_dutch_error_page(client: TestClient) -> None:
    response = client.post(
        "/login", content=b"--x\r\nrommel", headers={"content-type": "multipart/form-data"}
    )
    assert response.status_code == 400
    assert response.template.name == "errors/error.html"  # type: ignore[attr-defined]
    assert "Wat je stuurde is niet te lezen." in response.text


# --- limits on the bytes received ------------------------------------------------------------

TOO_LARGE = "Dit is te groot om in één keer te versturen."
EMPTY_PUSH = b'{"device_id": "00000000-0000-4000-8000-00000000d001", "changes": []}'


def _padded(body: bytes, size: int) -> bytes:
    """Valid JSON of `size` bytes: the body followed by spaces."""
    return body + b" " * (size - len(body))


def _chunked(body: bytes, chunk: int = 64 * 1024) -> Iterator[bytes]:
    # A generator body: sent chunked, without a Content-Length.
    for start in range(0, len(body), chunk):
        yield body[start : start + chunk]


def test_chunked_push_over_the_limit_is_refused(client: TestClient, session: Session) -> None:
    login(client, make_user(session, make_team(session)))
    response = client.post(
        "/api/sync/push",
        content=_chunked(_padded(EMPTY_PUSH, 12 * 1024 * 1024)),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json() == {"detail": TOO_LARGE}


def test_push_with_an_honest_content_length_over_the_limit_is_refused(
    client: TestClient, session: Session
) -> None:
    login(client, make_user(session, make_team(session)))
    response = client.post(
        "/api/sync/push",
        content=_padded(EMPTY_PUSH, 9 * 1024 * 1024),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json() == {"detail": TOO_LARGE}


def test_a_push_far_larger_than_a_form_is_accepted(client: TestClient, session: Session) -> None:
    login(client, make_user(session, make_team(session)))
    response = client.post(
        "/api/sync/push",
        content=_chunked(_padded(EMPTY_PUSH, 2 * 1024 * 1024)),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"results": []}


def test_chunked_login_body_over_the_limit_is_refused_before_it_is_read(
    client: TestClient, session: Session
) -> None:
    user = make_user(session, make_team(session))
    body = f'{{"email": "{user.email}", "password": "{PASSWORD}"}}'.encode()
    response = client.post(
        "/api/session",
        content=_chunked(_padded(body, 12 * 1024 * 1024)),
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json() == {"detail": TOO_LARGE}
    assert "ot_session" not in client.cookies, "a refused login opens no session"
    honest = client.post(
        "/api/session",
        content=_padded(body, 1024 * 1024),
        headers={"content-type": "application/json"},
    )
    assert honest.status_code == 413
    assert honest.json() == {"detail": TOO_LARGE}


def test_a_chunked_form_over_the_limit_gets_the_dutch_page(
    client: TestClient, session: Session
) -> None:
    coordinator = make_user(session, make_team(session), role=Role.coordinator)
    login(client, coordinator)
    token = form_token(client, "/team")
    form = f"csrf_token={token}&name=".encode() + b"a" * (2 * 1024 * 1024)
    response = client.post(
        "/team/buurten",
        content=_chunked(form),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 413
    assert response.template.name == "errors/error.html"  # type: ignore[attr-defined]
    assert TOO_LARGE in response.text
    assert response.headers["x-frame-options"] == "DENY"


def _raw_post(app: ASGIApp, path: str, headers: list[tuple[bytes, bytes]], body: bytes) -> int:
    """Straight to the ASGI app: a test client re-encodes header values, and the point here
    is the one byte b"\\xb2" ("²" in Latin-1, the encoding of HTTP headers)."""
    statuses: list[int] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    scope: Scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [(b"host", b"testserver"), *headers],
        "client": ("127.0.0.1", 50000),
        "server": ("testserver", 80),
    }
    # In a thread of its own: after the browser tests, Playwright keeps an event loop running
    # on the main thread, where anyio.run refuses to start (as in tests/test_admission.py).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(anyio.run, app, scope, receive, send).result()
    return statuses[0]


def test_a_content_length_of_non_ascii_digits_is_refused_without_a_500(app: FastAPI) -> None:
    status = _raw_post(
        app,
        "/api/sync/push",
        [(b"content-type", b"application/json"), (b"content-length", "²".encode("latin-1"))],
        EMPTY_PUSH,
    )
    assert status == 400
