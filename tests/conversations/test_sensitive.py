"""Warnings, not blocks: a BSN (11-proef) or special-category words in free text."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.conversations.sensitive import passes_eleven_test, sensitive_warnings
from tests.factories import (
    login,
    make_conversation,
    make_discovery,
    make_neighbourhood,
    make_team,
    make_user,
)


def test_the_eleven_test() -> None:
    assert passes_eleven_test("111222333")
    assert not passes_eleven_test("123456789")
    assert not passes_eleven_test("000000000")
    assert not passes_eleven_test("11122233")


def test_bsn_and_special_categories_are_warned_about() -> None:
    assert sensitive_warnings("Kan goed fietsen repareren") == []
    assert sensitive_warnings("Bel 0612345678 of kom langs op 1091 AB") == []
    assert "BSN" in sensitive_warnings("haar nummer is 111 22 23 33")[0]
    assert sensitive_warnings("nummer 123456789") == []
    (health,) = sensitive_warnings("Hij heeft diabetes maar kookt elke dag")
    assert "gezondheid" in health
    (two,) = sensitive_warnings("Ze is Moslima en werkte in het ziekenhuis")
    assert "geloof of gezondheid" in two
    assert sensitive_warnings("de ziekenhuisbrug") == []  # whole words only


def test_income_and_debts_are_sensitive_but_no_special_category() -> None:
    (debts,) = sensitive_warnings("Hij zit in de schuldhulp en kookt elke dag")
    assert "inkomen of schulden" in debts
    assert "gevoelige gegevens" in debts
    assert "bijzondere persoonsgegevens" not in debts
    special, sensitive = sensitive_warnings("Ze werkte in het ziekenhuis, nu in de bijstand")
    assert "gezondheid" in special
    assert "bijzondere persoonsgegevens" in special
    assert "inkomen of schulden" in sensitive
    assert "gevoelige gegevens" in sensitive


def test_the_weekoverleg_shows_the_warning(client: TestClient, session: Session) -> None:
    team = make_team(session)
    worker = make_user(session, team)
    talk = make_conversation(session, team, worker, make_neighbourhood(session, team))
    make_discovery(session, team, worker, talk, description="Praat open over haar depressie")
    make_discovery(session, team, worker, talk, description="Bakt taarten voor de buren")
    session.flush()
    login(client, worker)
    page = client.get("/weekoverleg").text
    assert page.count("hint hint--warning") == 1
    assert "Gaat dit over gezondheid?" in page
