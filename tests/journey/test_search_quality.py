"""What the Dutch search finds and what it must not, through the Tocht on the database under
test (SQLite's FTS5 and PostgreSQL's tsvector answer the same), both ways round: a note holds
one word, the search another. Best matches come first: the word as typed, then another form of
it, then longer words it begins."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.search.dutch import keys
from app.teams.models import Neighbourhood, Team
from tests.factories import login, make_conversation, make_neighbourhood, make_team, make_user

# Other forms of one word: each finds the other.
SAME_WORD = [
    ("liep", "lopen"),  # strong verb
    ("ging", "gaan"),
    ("gekocht", "kopen"),
    ("verliep", "verlopen"),  # strong verb with a prefix
    ("gekookt", "koken"),  # ge- participle
    ("gefietst", "fietsen"),
    ("straatje", "straat"),  # diminutive
    ("huisjes", "huizen"),
    ("balletje", "ballen"),
    ("fietst", "fiets"),  # verb and noun forms
    ("fietste", "fietsten"),
    ("raden", "raad"),  # plural with a long vowel
    ("manen", "maan"),
    ("straten", "straat"),
    ("bussen", "bus"),  # plural with a doubled consonant
    ("brieven", "brief"),  # v and f
    ("huizen", "huis"),  # z and s
    ("kinderen", "kind"),  # -eren
    ("buurten", "buurt"),
    ("tantes", "tante"),
    ("mooie", "mooi"),  # adjectives
    ("grote", "groot"),
    ("lastiger", "lastig"),
    ("organiseert", "organiseren"),
    ("repareerde", "repareren"),
]

# Look-alikes: neither finds the other.
OTHER_WORDS = [
    ("raad", "radio"),
    ("maan", "manier"),
    ("buurt", "buren"),
    ("zaak", "zakdoek"),
    ("taal", "talent"),
    ("maan", "man"),
    ("raad", "rad"),
    ("paard", "paren"),
    ("kind", "kin"),
    ("regering", "regeren"),  # derivations are other words
    ("vrij", "vrijheid"),
]


@pytest.fixture
def team(session: Session, client: TestClient) -> tuple[Team, Neighbourhood]:
    team = make_team(session)
    me = make_user(session, team)
    login(client, me)
    return team, make_neighbourhood(session, team)


def _note(session: Session, team: tuple[Team, Neighbourhood], word: str, hours: int = 0) -> str:
    author = make_user(session, team[0])
    summary = f"Notitie {word} einde"
    make_conversation(
        session,
        team[0],
        author,
        team[1],
        summary=summary,
        occurred_at=datetime(2026, 11, 2, 10, tzinfo=UTC) + timedelta(hours=hours),
    )
    return summary


def _found(client: TestClient, query: str) -> list[str]:
    response = client.get("/tocht", params={"q": query})
    assert response.status_code == 200, response.text
    return re.findall(r"Notitie (\w+) einde", response.text)


@pytest.mark.parametrize(("one", "other"), SAME_WORD)
def test_another_form_of_the_word_is_found_both_ways(
    client: TestClient, session: Session, team: tuple[Team, Neighbourhood], one: str, other: str
) -> None:
    _note(session, team, one)
    _note(session, team, other)
    assert _found(client, one) == [one, other]  # the word as typed first
    assert _found(client, other) == [other, one]


@pytest.mark.parametrize(("one", "other"), OTHER_WORDS)
def test_a_look_alike_is_not_found_either_way(
    client: TestClient, session: Session, team: tuple[Team, Neighbourhood], one: str, other: str
) -> None:
    _note(session, team, one)
    _note(session, team, other)
    assert _found(client, one) == [one]
    assert _found(client, other) == [other]


def test_a_word_of_five_letters_or_more_finds_longer_words_it_begins(
    client: TestClient, session: Session, team: tuple[Team, Neighbourhood]
) -> None:
    for hours, word in enumerate(("buurthuis", "buurtkoor", "raadhuis")):
        _note(session, team, word, hours=hours)
    assert _found(client, "buurt") == ["buurtkoor", "buurthuis"]  # newest first
    assert _found(client, "raad") == []  # four letters: no prefix


def test_results_come_best_first_and_newest_first_within_a_rank(
    client: TestClient, session: Session, team: tuple[Team, Neighbourhood]
) -> None:
    _note(session, team, "fietsenmaker", hours=3)
    _note(session, team, "fiets", hours=0)
    _note(session, team, "fietst", hours=2)
    _note(session, team, "fietsen", hours=1)
    assert _found(client, "fiets") == ["fiets", "fietst", "fietsen", "fietsenmaker"]


def test_pages_of_results_keep_their_order(
    client: TestClient, session: Session, team: tuple[Team, Neighbourhood]
) -> None:
    """30 results over two pages: the word as typed (15), then longer words (15), each newest
    first; the second page goes on where the first stopped, nothing twice, nothing left out."""
    exact = [_note(session, team, "moestuin", hours=h) for h in range(15)]
    longer = [_note(session, team, f"moestuinclub{chr(97 + h)}", hours=20 + h) for h in range(15)]
    first = client.get("/tocht", params={"q": "moestuin"}).text
    words = re.findall(r"Notitie (\w+) einde", first)
    assert len(words) == 25
    link = re.search(r'href="(/tocht\?[^"]*na=[^"]+)"', first)
    assert link is not None
    assert "Meer gevonden" in first
    second = client.get(link.group(1).replace("&amp;", "&")).text
    words += re.findall(r"Notitie (\w+) einde", second)
    expected = [s.split()[1] for s in exact[::-1] + longer[::-1]]
    assert words == expected
    assert "Meer is er niet gevonden." in second


def test_a_forged_cursor_with_a_rank_out_of_range_is_refused(
    client: TestClient, team: tuple[Team, Neighbourhood]
) -> None:
    import base64

    forged = base64.urlsafe_b64encode(
        b"2026-11-02T10:00:00+00:00|00000000-0000-0000-0000-000000000000|7"
    ).decode()
    response = client.get("/tocht", params={"q": "moestuin", "na": forged})
    assert response.status_code == 400
    assert "bestaat niet" in response.text


@pytest.mark.parametrize(("one", "other"), SAME_WORD)
def test_forms_share_a_key(one: str, other: str) -> None:
    assert set(keys(one)) & set(keys(other))
