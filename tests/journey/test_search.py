"""Dutch full-text search in the Tocht: word forms, accents, AND, privacy, and an index that
follows every change. Runs on SQLite (FTS5) and on PostgreSQL ("dutch" tsvector)."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.auth.models import User
from app.conversations.models import DiscoveryKind
from app.search.models import SearchEntry
from app.search.text import Term, index_fields, query_terms
from app.teams.models import Neighbourhood, Team
from testkit.wire import change, push
from tests.factories import (
    login,
    make_conversation,
    make_discovery,
    make_neighbourhood,
    make_team,
    make_user,
)

FIETS = "Jan kan goed fiets repareren en doet dat graag voor de buren."
CAFE = "Koffie gedronken in het café op de hoek; de eigenaar kent iedereen."
KOKEN = "Ze kookt elke vrijdag voor de halve portiek."
MOESTUIN = "Wil een moestuin beginnen achter de flat."


@dataclass
class World:
    team: Team
    me: User
    colleague: User
    buurt: Neighbourhood


@pytest.fixture
def world(client: TestClient, session: Session) -> World:
    team = make_team(session)
    me, colleague = make_user(session, team), make_user(session, team)
    buurt = make_neighbourhood(session, team)
    start = datetime(2026, 11, 2, 10, tzinfo=UTC)
    made = {}
    for offset, summary in enumerate((FIETS, CAFE, KOKEN, "Praatje op het bankje.")):
        made[summary] = make_conversation(
            session, team, me, buurt, summary=summary, occurred_at=start + timedelta(hours=offset)
        )
    make_discovery(session, team, me, made["Praatje op het bankje."], description=MOESTUIN)
    login(client, me)
    return World(team, me, colleague, buurt)


def found(client: TestClient, query: str) -> set[str]:
    response = client.get("/tocht", params={"q": query})
    assert response.status_code == 200, response.text
    html = response.text
    return {s for s in (FIETS, CAFE, KOKEN, "Praatje op het bankje.") if s in html}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("fietsen", {FIETS}),  # plural finds singular
        ("fiets", {FIETS}),
        ("FIETS repareert", {FIETS}),  # case, and another verb form
        ("cafe", {CAFE}),  # no accent finds the accent
        ("café", {CAFE}),
        ("Cafés", {CAFE}),
        ("moestuinen", {"Praatje op het bankje."}),  # found through the discovery
        ("fiets koffie", set()),  # every word must match
        ("kookt", {KOKEN}),
        ("portiek vrijdag", {KOKEN}),
        ("onbekendwoord", set()),
    ],
)
def test_dutch_search(client: TestClient, world: World, query: str, expected: set[str]) -> None:
    assert found(client, query) == expected


def test_the_search_field_is_labelled_and_keeps_the_query(client: TestClient, world: World) -> None:
    html = client.get("/tocht", params={"q": "fietsen"}).text
    assert '<label for="q">Zoeken</label>' in html
    assert 'id="q" name="q" type="search" value="fietsen"' in html
    assert "Niets gevonden voor" in client.get("/tocht", params={"q": "zeppelin"}).text


def test_a_private_discovery_is_found_only_by_its_author(
    client: TestClient, session: Session, world: World
) -> None:
    team, colleague = world.team, world.colleague
    conversation = make_conversation(
        session,
        team,
        colleague,
        world.buurt,
        summary="Gesprek bij de duiventil.",
    )
    make_discovery(
        session,
        team,
        colleague,
        conversation,
        description="Houdt postduiven en zoekt een opvolger",
        visibility="private",
    )
    assert "duiventil" not in client.get("/tocht", params={"q": "postduiven"}).text
    login(client, colleague)
    assert "duiventil" in client.get("/tocht", params={"q": "postduiven"}).text


def test_the_index_follows_pushed_creates_edits_and_deletes(
    client: TestClient, session: Session, world: World
) -> None:
    buurt = world.buurt
    record_id = uuid.uuid4()
    fields = {
        "neighbourhood_id": str(buurt.id),
        "occurred_at": "2026-11-20T10:30:00+01:00",
        "summary": "Over de rommelmarkt op zaterdag.",
    }
    results = push(
        client,
        change("conversation", fields, record_id=record_id),
        change(
            "discovery",
            {"conversation_id": str(record_id), "kind": "idea", "title": "Ruilkast bij de school"},
        ),
    )
    assert [r["status"] for r in results] == ["applied", "applied"]
    before, after = "Over de rommelmarkt op zaterdag.", "Over de braderie."
    assert before in client.get("/tocht", params={"q": "rommelmarkten"}).text
    assert before in client.get("/tocht", params={"q": "ruilkast"}).text

    push(
        client,
        change(
            "conversation", {"summary": "Over de braderie."}, record_id=record_id, base_version=1
        ),
    )
    assert after not in client.get("/tocht", params={"q": "rommelmarkt"}).text
    assert after in client.get("/tocht", params={"q": "braderie"}).text

    push(client, change("conversation", None, record_id=record_id, base_version=2, deleted=True))
    assert after not in client.get("/tocht", params={"q": "braderie"}).text
    entry = session.exec(select(SearchEntry).where(SearchEntry.record_id == record_id)).first()
    assert entry is None


def test_other_teams_are_never_found(client: TestClient, session: Session, world: World) -> None:
    other = make_team(session)
    stranger = make_user(session, other)
    make_conversation(
        session, other, stranger, make_neighbourhood(session, other), summary="Fietsen van elders."
    )
    html = client.get("/tocht", params={"q": "fietsen"}).text
    assert "elders" not in html
    assert FIETS in html


def test_query_analysis() -> None:
    assert query_terms("de het een") == []  # only stop words: no search
    assert index_fields("Café ’t Hoekje, het hoekje") == ("cafe t hoekje", "caaf t hoek")
    assert query_terms("fietsen") == [
        [Term("key", "fiets"), Term("prefix", "fietsen"), Term("word", "fietsen")]
    ]
    # Below five letters a word is never a prefix: "raad" does not find "radio".
    assert query_terms("raad") == [[Term("key", "raad"), Term("word", "raad")]]
    assert len(query_terms(" ".join(f"woord{i}" for i in range(40)))) == 12


def test_discoveries_without_a_kind_filter_still_show(client: TestClient, world: World) -> None:
    html = client.get("/tocht", params={"q": "moestuin", "soort": DiscoveryKind.quality.value}).text
    assert MOESTUIN in html
