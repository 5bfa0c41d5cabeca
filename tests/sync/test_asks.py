"""What residents ask of partners (an idea's asks) and who is still to be spoken to (a
follow-up of kind talk_to): set from a phone, checked like every other field, pulled back."""

import uuid
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.conversations.models import Discovery, FollowUp
from testkit.wire import change, pull_all, push
from tests.factories import login, make_neighbourhood, make_team, make_user


@pytest.fixture
def phone(client: TestClient, session: Session) -> TestClient:
    team = make_team(session)
    login(client, make_user(session, team))
    make_neighbourhood(session, team)
    return client


def institution(title: str = "Buurthuis De Meeuw") -> dict[str, Any]:
    return {"kind": "institution", "title": title, "offers": ["space", "materials"]}


def ask(**fields: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "what": "Een ruimte op dinsdagavond", **fields}


def idea(*asks: dict[str, Any]) -> dict[str, Any]:
    return {"kind": "idea", "title": "Repaircafé", "asks": list(asks)}


def test_an_idea_asks_an_institution_and_a_named_partner_and_a_phone_pulls_both(
    phone: TestClient, session: Session
) -> None:
    meeuw = change("discovery", institution())
    to_meeuw = ask(institution_id=meeuw["id"], offer="space")
    to_gemeente = ask(what="Een vergunning voor de stoep", partner=" gemeente ")
    plan = change("discovery", idea(to_meeuw, to_gemeente))
    assert [r["status"] for r in push(phone, meeuw, plan)] == ["applied", "applied"]

    stored = session.get(Discovery, uuid.UUID(plan["id"]))
    assert stored is not None
    assert [(a["institution_id"], a["partner"], a["status"]) for a in stored.asks] == [
        (meeuw["id"], "", "asked"),
        (None, "gemeente", "asked"),
    ]
    pulled, _ = pull_all(phone)
    [fields] = [c["fields"] for c in pulled if c["id"] == plan["id"]]
    assert fields["asks"] == stored.asks


def test_an_asks_status_moves_as_a_change_of_its_idea(phone: TestClient, session: Session) -> None:
    first = ask(partner="corporatie")
    plan = change("discovery", idea(first))
    push(phone, plan)
    moved = change(
        "discovery",
        {**idea({**first, "status": "promised"})},
        record_id=uuid.UUID(plan["id"]),
        base_version=1,
    )
    [result] = push(phone, moved)
    assert result["status"] == "applied", result
    stored = session.get(Discovery, uuid.UUID(plan["id"]))
    assert stored is not None
    assert [a["status"] for a in stored.asks] == ["promised"]


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        (
            {"kind": "quality", "description": "Kookt", "asks": [ask(partner="x")]},
            "Alleen een idee",
        ),
        (idea(ask()), "aan wie"),
        (idea(ask(partner="  ")), "aan wie"),
        (idea(ask(institution_id=str(uuid.uuid4()))), "hoort niet bij je team"),
        (idea(ask(partner="gemeente", status="maybe")), "Niet goed ingevuld"),
        (idea(ask(partner="gemeente", offer="love")), "Niet goed ingevuld"),
        (idea(ask(partner="gemeente", what="")), "Niet goed ingevuld"),
    ],
    ids=[
        "on a quality",
        "no addressee",
        "blank partner",
        "unknown institution",
        "unknown status",
        "unknown offer",
        "empty ask",
    ],
)
def test_an_ask_that_cannot_be_right_is_refused_and_the_rest_applies(
    phone: TestClient, session: Session, fields: dict[str, Any], reason: str
) -> None:
    good = change("discovery", idea(ask(partner="gemeente")))
    bad = change("discovery", fields)
    results = push(phone, bad, good)
    assert [r["status"] for r in results] == ["rejected", "applied"]
    assert reason in results[0]["reason"]


def test_an_ask_to_a_group_or_another_teams_institution_is_refused(
    client: TestClient, session: Session
) -> None:
    elsewhere = make_team(session)
    login(client, make_user(session, elsewhere))
    theirs = change("discovery", institution("Hun buurthuis"))
    push(client, theirs, device_id=uuid.uuid4())
    team = make_team(session)
    login(client, make_user(session, team))
    group = change("discovery", {"kind": "group", "title": "Breiclub"})
    push(client, group)
    for target in (theirs, group):
        [result] = push(client, change("discovery", idea(ask(institution_id=target["id"]))))
        assert result["status"] == "rejected"
        assert "hoort niet bij je team" in result["reason"]


def test_someone_still_to_speak_to_is_a_follow_up_that_can_be_ticked_off(
    phone: TestClient, session: Session
) -> None:
    bewoner = change("person", {"recognition": "de man met de grijze hond"})
    talk_to = change(
        "follow_up", {"kind": "talk_to", "what": "Buurman met de hond", "person_id": bewoner["id"]}
    )
    assert [r["status"] for r in push(phone, bewoner, talk_to)] == ["applied", "applied"]
    done = change(
        "follow_up",
        {
            "kind": "talk_to",
            "what": "Buurman met de hond",
            "person_id": bewoner["id"],
            "done_at": "2026-11-20T10:00:00+00:00",
        },
        record_id=uuid.UUID(talk_to["id"]),
        base_version=1,
    )
    assert push(phone, done)[0]["status"] == "applied"
    stored = session.get(FollowUp, uuid.UUID(talk_to["id"]))
    assert stored is not None
    assert (stored.kind, stored.done_at is not None) == ("talk_to", True)
    [bad] = push(phone, change("follow_up", {"kind": "someday", "what": "Bellen"}))
    assert bad["status"] == "rejected"
