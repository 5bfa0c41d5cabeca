"""A private discovery is its author's alone (DESIGN.md §5, issue 13 M1 and L2): a colleague —
a coordinator, who can open every page — walks every GET route of the app with the author's
ids and the canary as search words, and pulls from the start: the canary never comes back.
Nor can the colleague change or delete it through a push."""

import re
import uuid

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.conversations.models import Discovery, DiscoveryKind
from app.teams.models import Role
from testkit.wire import change, pull_all, push
from tests.factories import (
    login,
    make_conversation,
    make_discovery,
    make_follow_up,
    make_neighbourhood,
    make_person,
    make_team,
    make_user,
)

PARAM = re.compile(r"{(\w+)}")
CANARY = "Geheimzwaluw"


def test_no_page_or_pull_shows_a_colleagues_private_discovery(
    app: FastAPI, client: TestClient, session: Session
) -> None:
    team = make_team(session)
    author = make_user(session, team)
    colleague = make_user(session, team, role=Role.coordinator)
    buurt = make_neighbourhood(session, team)
    talk = make_conversation(session, team, author, buurt, summary="Gesprek op het plein.")
    kinds = [DiscoveryKind.quality, DiscoveryKind.idea, DiscoveryKind.group]
    private = [
        make_discovery(
            session,
            team,
            author,
            talk,
            kind=kind,
            title=f"{CANARY} {kind.value}",
            description=f"Alleen voor mij: {CANARY}",
            visibility="private",
            highlight=True,
            asks=[{"id": str(uuid.uuid4()), "what": f"Vraag {CANARY}", "partner": "gemeente"}]
            if kind is DiscoveryKind.idea
            else [],
        )
        for kind in kinds
    ]
    shared = make_discovery(
        session, team, author, talk, kind=DiscoveryKind.group, description="Zingt in het koor."
    )
    session.flush()
    ids = {
        "conversation_id": talk.id,
        "discovery_id": private[0].id,
        "person_id": make_person(session, team, author).id,
        "user_id": author.id,
        "link_id": uuid.uuid4(),
        "revision_id": 1,
        "theme_id": uuid.uuid4(),
        "prompt_id": uuid.uuid4(),
        "token": "niet-een-link",
        "device_id": uuid.uuid4(),
    }
    make_follow_up(session, team, author, talk)
    # The author sees it (so the check can fail).
    login(client, author)
    assert CANARY in client.get(f"/gesprekken/{talk.id}").text
    assert CANARY in client.get("/tocht", params={"q": CANARY[:-2]}).text
    assert f"Vraag {CANARY}" in client.get("/weekoverleg").text

    login(client, colleague)
    page = client.get(f"/gesprekken/{talk.id}").text
    assert "Zingt in het koor." in page
    # A teammate's own discovery page lists what a connection or ask can point at: not this.
    page = client.get(f"/ontdekkingen/{shared.id}").text
    assert "Zingt in het koor." in page
    assert CANARY.lower() not in page.lower()
    paths: dict[str, dict[str, object]] = app.openapi()["paths"]
    checked = 0
    for path, operations in sorted(paths.items()):
        if "get" not in operations:
            continue
        url = PARAM.sub(lambda m: str(ids.get(m.group(1), uuid.uuid4())), path)
        for params in ({}, {"q": CANARY[:-2]}, {"toon": "alle"}):
            response = client.get(url, params=params, follow_redirects=False)
            assert response.status_code < 500, (path, response.status_code)
            assert CANARY.lower() not in response.text.lower(), (path, params)
            checked += 1
    assert checked > 30
    pulled, _ = pull_all(client)
    assert str(shared.id) in str(pulled)
    assert CANARY.lower() not in str(pulled).lower()


def test_a_colleague_cannot_change_or_delete_a_private_discovery(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    author = make_user(session, team)
    colleague = make_user(session, team, role=Role.coordinator)
    talk = make_conversation(session, team, author, make_neighbourhood(session, team))
    secret = make_discovery(session, team, author, talk, visibility="private", title=CANARY)
    session.flush()
    login(client, colleague)
    results = push(
        client,
        change("discovery", {"visibility": "team"}, record_id=secret.id, base_version=1),
        change("discovery", {"title": "Iets anders"}, record_id=secret.id, base_version=1),
        change("discovery", None, record_id=secret.id, base_version=1, deleted=True),
    )
    assert [r["status"] for r in results] == ["rejected"] * 3
    # The same answer as for an id that does not exist: nothing about it leaks.
    assert {r["reason"] for r in results} == {"Dit bestaat niet (meer)."}
    session.expire_all()
    stored = session.get(Discovery, secret.id)
    assert stored is not None
    assert (stored.visibility, stored.title, stored.deleted_at) == ("private", CANARY, None)


def test_only_the_author_or_a_coordinator_deletes_a_record(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    author = make_user(session, team)
    colleague = make_user(session, team)
    coordinator = make_user(session, team, role=Role.coordinator)
    buurt = make_neighbourhood(session, team)
    talks = [make_conversation(session, team, author, buurt) for _ in range(2)]
    session.flush()
    login(client, colleague)
    [refused] = push(
        client, change("conversation", None, record_id=talks[0].id, base_version=1, deleted=True)
    )
    assert refused["status"] == "rejected"
    assert "coördinator" in refused["reason"]
    # A worker's change to a colleague's conversation is fine (the team works together).
    [edited] = push(
        client,
        change("conversation", {"place": "bij de bakker"}, record_id=talks[0].id, base_version=1),
    )
    assert edited["status"] == "applied"
    login(client, coordinator)
    [deleted] = push(
        client,
        change("conversation", None, record_id=talks[1].id, base_version=1, deleted=True),
        device_id=uuid.uuid4(),
    )
    assert deleted["status"] == "applied"
    login(client, author)
    [own] = push(
        client,
        change("conversation", None, record_id=talks[0].id, base_version=2, deleted=True),
        device_id=uuid.uuid4(),
    )
    assert own["status"] == "applied"


def test_only_the_author_makes_a_discovery_private_or_team_wide(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    author = make_user(session, team)
    colleague = make_user(session, team, role=Role.coordinator)
    talk = make_conversation(session, team, author, make_neighbourhood(session, team))
    shared = make_discovery(session, team, author, talk)
    session.flush()
    login(client, colleague)
    [hidden] = push(
        client, change("discovery", {"visibility": "private"}, record_id=shared.id, base_version=1)
    )
    assert hidden["status"] == "rejected"
    [overview] = push(
        client,
        change("discovery", {"visibility": "overview"}, record_id=shared.id, base_version=1),
    )
    assert overview["status"] == "applied"
