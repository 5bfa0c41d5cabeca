"""Which language the team's pages speak (app.locale_choice, app.i18n.prefer_locale): the
user's own language first, else the browser's among Dutch and English, else Dutch; and the
choice reaches the worker thread a sync endpoint runs in."""

from __future__ import annotations

import threading

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.auth.dependencies import PrincipalDep
from app.auth.models import User
from app.i18n import current_locale
from app.i18n import gettext as _
from app.locale_choice import browser_locale
from tests.factories import form_token, login, make_team, make_user


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "nl"),
        ("", "nl"),
        ("en-GB,en;q=0.9", "en"),
        ("EN-us", "en"),
        ("nl-NL,nl;q=0.9,en;q=0.8", "nl"),
        ("fr-FR,fr;q=0.9,en;q=0.5", "en"),
        ("de,fr", "nl"),  # none the team's pages speak
        ("tr,ar", "nl"),  # a bewoner's page speaks these; the team's pages do not
        ("nl;q=0.4,en;q=0.8", "en"),  # weight before order
        ("en;q=0,nl;q=0.1", "nl"),  # q=0: not wanted
        ("en;q=banana", "nl"),
        ("*", "nl"),
    ],
)
def test_the_browsers_language_is_one_the_team_pages_speak(
    header: str | None, expected: str
) -> None:
    assert browser_locale(header) == expected


def test_without_a_preference_the_browser_decides_and_dutch_is_the_default(
    client: TestClient,
) -> None:
    dutch = client.get("/login")
    assert '<html lang="nl" dir="ltr">' in dutch.text
    assert "Inloggen" in dutch.text
    assert dutch.headers["content-language"] == "nl"

    english = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert '<html lang="en" dir="ltr">' in english.text
    assert "Log in" in english.text
    assert "Inloggen" not in english.text
    assert english.headers["content-language"] == "en"

    unknown = client.get("/login", headers={"Accept-Language": "sw"})
    assert '<html lang="nl"' in unknown.text


def test_the_users_own_language_wins_over_the_browsers(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    user = make_user(session, team)
    user.language = "en"
    session.flush()
    login(client, user)
    page = client.get("/account/apparaten", headers={"Accept-Language": "nl"})
    assert page.status_code == 200
    assert '<html lang="en"' in page.text
    assert "My devices" in page.text
    assert "Mijn apparaten" not in page.text
    assert page.headers["content-language"] == "en"

    user.language = "nl"
    session.flush()
    page = client.get("/account/apparaten", headers={"Accept-Language": "en"})
    assert "Mijn apparaten" in page.text


def test_a_sync_endpoint_and_its_thread_speak_the_users_language(
    app: FastAPI, client: TestClient, session: Session
) -> None:
    seen: dict[str, object] = {}

    @app.get("/probe-language")
    def probe(principal: PrincipalDep) -> dict[str, str]:
        seen["thread"] = threading.current_thread() is not threading.main_thread()
        return {"locale": current_locale(), "said": _("Opslaan")}

    team = make_team(session)
    user = make_user(session, team)
    user.language = "en"
    session.flush()
    login(client, user)
    answer = client.get("/probe-language", headers={"Accept-Language": "nl"})
    assert answer.json() == {"locale": "en", "said": "Save"}
    assert seen["thread"] is True
    # Nothing of that request's language stays behind in this thread.
    assert current_locale() == "nl"


def test_a_user_chooses_a_language_and_back_to_the_browsers(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    user = make_user(session, team)
    session.flush()
    login(client, user)
    page = client.get("/account/taal")
    assert page.status_code == 200
    assert 'value="" checked' in page.text

    token = form_token(client, "/account/taal")
    chosen = client.post(
        "/account/taal", data={"csrf_token": token, "language": "en"}, follow_redirects=False
    )
    assert chosen.status_code == 303
    session.refresh(user)
    assert user.language == "en"
    page = client.get(chosen.headers["location"], headers={"Accept-Language": "nl"})
    assert "Saved. The app now speaks this language." in page.text
    assert 'value="en" checked' in page.text

    client.post("/account/taal", data={"csrf_token": token, "language": ""})
    session.refresh(user)
    assert user.language is None


def test_a_language_not_offered_or_without_the_form_token_is_refused(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    user = make_user(session, team)
    session.flush()
    login(client, user)
    token = form_token(client, "/account/taal")
    odd = client.post("/account/taal", data={"csrf_token": token, "language": "tr"})
    assert odd.status_code == 400
    assert "Kies een van de talen" in odd.text
    forged = client.post("/account/taal", data={"language": "en"})
    assert forged.status_code == 403
    session.refresh(user)
    assert user.language is None


def test_the_database_keeps_only_the_team_pages_languages(session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    session.flush()
    stored = session.get(User, user.id)
    assert stored is not None
    stored.language = "xx"
    session.add(stored)
    with pytest.raises(IntegrityError):
        session.flush()


def test_pages_that_read_no_session_know_the_users_language_from_its_cookie(
    client: TestClient, session: Session
) -> None:
    """Vandaag and Nieuw gesprek are the service worker's shell: they read no session (and
    show nothing of the user), yet open in the user's language."""
    team = make_team(session)
    user = make_user(session, team)
    user.language = "en"
    session.flush()
    login(client, user)
    page = client.get("/account/apparaten", headers={"Accept-Language": "nl"})
    assert "ot_lang=en" in page.headers["set-cookie"]
    assert client.cookies.get("ot_lang") == "en"
    for path in ("/", "/gesprekken/nieuw"):
        shell = client.get(path, headers={"Accept-Language": "nl"})
        assert '<html lang="en"' in shell.text, path
        assert shell.headers["content-language"] == "en"
    # Once in step, no page sets it again.
    assert "set-cookie" not in client.get("/account/apparaten").headers

    # Back to the browser's: the cookie goes, and the browser decides again.
    token = form_token(client, "/account/taal")
    changed = client.post(
        "/account/taal", data={"csrf_token": token, "language": ""}, follow_redirects=False
    )
    assert (
        'ot_lang=""' in changed.headers["set-cookie"]
        or "Max-Age=0" in changed.headers["set-cookie"]
    )
    assert client.cookies.get("ot_lang") is None
    assert '<html lang="nl"' in client.get("/", headers={"Accept-Language": "nl"}).text


def test_a_language_cookie_of_someone_without_one_gives_way_to_the_browser(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    user = make_user(session, team)  # no language of their own
    session.flush()
    login(client, user)
    client.cookies.set("ot_lang", "en")  # left by someone else on this browser
    page = client.get("/account/apparaten", headers={"Accept-Language": "nl"})
    assert '<html lang="nl"' in page.text
    assert "Max-Age=0" in page.headers["set-cookie"]
