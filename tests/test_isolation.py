"""Team isolation: every route that takes an id answers 404 for another team's record."""

import re
import uuid

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.attachments.files import CHUNK_SIZE
from app.attachments.models import AttachmentKind, FileChunk, StoredFile
from app.attachments.schemas import AttachmentCreate
from app.attachments.service import create_attachment
from app.changes.models import Revision
from app.changes.service import next_change_seq
from app.db import utcnow
from app.export.share import create_link, revoke, token_for
from app.residents.models import ResidentProposal
from app.sync.models import Device
from app.teams.models import PromptCard, Role, Theme
from testkit.files import jpeg, sha256
from tests.conftest import TEST_SECRET
from tests.factories import (
    form_token,
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


def _id_routes(app: FastAPI) -> list[tuple[str, str]]:
    # The OpenAPI document is FastAPI's public list of every route and method.
    paths: dict[str, dict[str, object]] = app.openapi()["paths"]
    return [
        (method.upper(), path)
        for path, operations in sorted(paths.items())
        if PARAM.search(path)
        for method in sorted(operations)
    ]


@pytest.fixture
def other_teams_records(session: Session) -> dict[str, object]:
    """One record of every kind a route can take an id of, all owned by another team."""
    team = make_team(session, "Ander team")
    author = make_user(session, team)
    neighbourhood = make_neighbourhood(session, team)
    conversation = make_conversation(session, team, author, neighbourhood)
    discovery = make_discovery(session, team, author, conversation)
    merge = Revision(
        team_id=team.id,
        entity="conversation",
        record_id=conversation.id,
        version=2,
        change_seq=next_change_seq(session, team.id),
        action="merge",
        changes={"summary": {"old": "a", "new": "b"}},
        conflict_fields=["summary"],
    )
    session.add(merge)
    session.flush()
    link = create_link(
        session,
        team_id=team.id,
        created_by_id=author.id,
        neighbourhood_ids=[neighbourhood.id],
        starts_at=None,
        ends_at=None,
        label="Wijkoverleg",
        days=30,
    )
    # A share link opens for anyone who holds it (tests/export/test_share.py); a revoked one
    # must open for nobody, which is what this matrix can check.
    revoked = create_link(
        session,
        team_id=team.id,
        created_by_id=author.id,
        neighbourhood_ids=[neighbourhood.id],
        starts_at=None,
        ends_at=None,
        label="Ingetrokken",
        days=30,
    )
    revoke(session, revoked, author.id)
    device = Device(id=uuid.uuid4(), team_id=team.id, user_id=author.id)
    session.add(device)
    photo = jpeg(gps=False)
    stored = StoredFile(
        team_id=team.id,
        sha256=sha256(photo),
        size=len(photo),
        media_type="image/jpeg",
        chunk_size=CHUNK_SIZE,
        completed_at=utcnow(),
    )
    session.add(stored)
    session.flush()
    session.add(FileChunk(file_id=stored.id, position=0, data=photo))
    attachment = create_attachment(
        session,
        team,
        author.id,
        data=AttachmentCreate(
            conversation_id=conversation.id,
            kind=AttachmentKind.photo,
            sha256=stored.sha256,
            media_type="image/jpeg",
            size=len(photo),
        ),
    )
    proposal = ResidentProposal(
        team_id=team.id,
        person_id=make_person(session, team, author).id,
        kind="new_quality",
        fields={"title": "Fietsen maken"},
    )
    session.add(proposal)
    session.flush()
    return {
        "proposal_id": proposal.id,
        "attachment_id": attachment.id,
        "sha256": stored.sha256,
        "position": 0,
        "device_id": device.id,
        "link_id": link.id,
        "share_link_id": link.id,
        "token": token_for(TEST_SECRET, revoked),
        "conversation_id": conversation.id,
        "discovery_id": discovery.id,
        "follow_up_id": make_follow_up(session, team, author, conversation).id,
        "revision_id": merge.id,
        "person_id": make_person(session, team, author).id,
        "user_id": author.id,
        "theme_id": session.exec(select(Theme).where(col(Theme.team_id) == team.id)).first().id,  # type: ignore[union-attr]
        "prompt_id": session.exec(select(PromptCard).where(col(PromptCard.team_id) == team.id))
        .first()
        .id,  # type: ignore[union-attr]
    }


# What a browser form would send, so that only the id decides the answer.
FORM = {
    "status": "discussed",
    "keep": "earlier",
    "held_on": "2026-11-20",
    "phase": "exploring",
    "role": "worker",
    "done": "1",
    "version": "1",
    "title": "Ander",
    "visibility": "team",
    "group": "opening",
    "text": "Wat {doe je|doet u} hier graag?",
}


def test_every_id_route_is_covered_by_the_matrix(
    app: FastAPI, other_teams_records: dict[str, object]
) -> None:
    params = {p for _method, path in _id_routes(app) for p in PARAM.findall(path)}
    assert params, "expected routes that take an id"
    missing = params - other_teams_records.keys()
    assert not missing, f"add a record of another team for: {sorted(missing)}"


def test_another_teams_records_are_not_found_on_every_route(
    app: FastAPI,
    client: TestClient,
    session: Session,
    other_teams_records: dict[str, object],
) -> None:
    own_team = make_team(session, "Eigen team")
    # A coordinator: team settings are for coordinators, so every route is open to them.
    login(client, make_user(session, own_team, role=Role.coordinator))
    token = form_token(client, "/weekoverleg")
    for method, path in _id_routes(app):
        data = {**FORM, "csrf_token": token} if method == "POST" else None
        url = PARAM.sub(lambda m: str(other_teams_records[m.group(1)]), path)
        response = client.request(method, url, data=data, follow_redirects=False)
        assert response.status_code == 404, (method, path, response.status_code)
        unknown = PARAM.sub(lambda m: str(uuid.uuid4()), path)
        assert client.request(method, unknown, data=data).status_code == 404
        garbage = PARAM.sub("niet-een-id", path)
        assert client.request(method, garbage, data=data).status_code == 404


def test_own_team_can_open_its_records(client: TestClient, session: Session) -> None:
    team = make_team(session)
    author = make_user(session, team)
    neighbourhood = make_neighbourhood(session, team)
    conversation = make_conversation(
        session, team, author, neighbourhood, summary="Gesprek over de buurtmoestuin."
    )
    login(client, author)
    response = client.get(f"/gesprekken/{conversation.id}")
    assert response.status_code == 200
    assert "Gesprek over de buurtmoestuin." in response.text


CANARY = "Kanariezwerm"


def test_no_response_to_another_team_carries_a_canary_of_this_one(
    app: FastAPI, client: TestClient, session: Session
) -> None:
    """Team A's data, every text marked with a canary; team B's coordinator walks every GET
    route of the app's route table (with team A's ids where a route takes one, and the canary
    as search words) and pulls from cursor 0: the canary never comes back."""
    from app.conversations.models import DiscoveryKind
    from app.export.share import create_link
    from app.people.models import ConsentScope
    from app.people.schemas import ConsentIn, PersonCreate
    from app.people.service import create_person

    team_a = make_team(session, f"Team {CANARY}")
    author = make_user(session, team_a, role=Role.coordinator, name=f"Auteur {CANARY}")
    buurt = make_neighbourhood(session, team_a, f"Buurt {CANARY}")
    person = create_person(
        session,
        team_a,
        author.id,
        data=PersonCreate(
            first_name=f"{CANARY}naam",
            recognition=f"herkenning {CANARY}",
            street=f"{CANARY}straat",
            consent=ConsentIn(scopes=list(ConsentScope)),
        ),
    )
    talk = make_conversation(
        session, team_a, author, buurt, summary=f"Gesprek {CANARY}", people=[person]
    )
    discovery = make_discovery(
        session,
        team_a,
        author,
        talk,
        kind=DiscoveryKind.idea,
        title=f"Idee {CANARY}",
        description=f"Beschrijving {CANARY}",
        visibility="overview",
        trekker_ids=[person.id],
    )
    link = create_link(
        session,
        team_id=team_a.id,
        created_by_id=author.id,
        neighbourhood_ids=[buurt.id],
        starts_at=None,
        ends_at=None,
        label=f"Link {CANARY}",
        days=30,
    )
    photo = jpeg(gps=False)
    attachment = create_attachment(
        session,
        team_a,
        author.id,
        data=AttachmentCreate(
            conversation_id=talk.id,
            kind=AttachmentKind.photo,
            sha256=sha256(photo),
            media_type="image/jpeg",
            size=len(photo),
            caption=f"Foto {CANARY}",
            person_ids=[person.id],
        ),
    )
    ids = {
        "attachment_id": attachment.id,
        "sha256": sha256(photo),
        "position": 0,
        "conversation_id": talk.id,
        "discovery_id": discovery.id,
        "person_id": person.id,
        "user_id": author.id,
        "link_id": link.id,
        "share_link_id": link.id,
        "revision_id": 1,
        "theme_id": uuid.uuid4(),
        "prompt_id": uuid.uuid4(),
        "token": "niet-een-link",
    }
    session.flush()
    # Team A itself sees its canary, also by those search words (so the check can fail).
    login(client, author)
    assert CANARY in client.get("/tocht").text
    assert CANARY in client.get("/tocht", params={"q": CANARY[:-2]}).text

    team_b = make_team(session, "Team Elders")
    login(client, make_user(session, team_b, role=Role.coordinator))
    paths: dict[str, dict[str, object]] = app.openapi()["paths"]
    checked = 0
    for path, operations in sorted(paths.items()):
        if "get" not in operations:
            continue
        url = PARAM.sub(lambda m: str(ids.get(m.group(1), uuid.uuid4())), path)
        # Search words that would find the canary (a prefix) without being echoed as it.
        for params in ({}, {"q": CANARY[:-2]}):
            response = client.get(url, params=params, follow_redirects=False)
            assert response.status_code < 500, (path, response.status_code)
            assert CANARY not in response.text, (path, params)
            assert CANARY.lower() not in response.text.lower(), (path, params)
            checked += 1
    assert checked > 30
