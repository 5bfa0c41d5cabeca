"""Request bodies the app cannot read: always a Dutch answer (JSON for /api, a page for
browsers), never the framework's English and never a 500."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import login, make_team, make_user

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
    status, answer = _post_json(client, "/api/session", DEEPLY_NESTED)
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
