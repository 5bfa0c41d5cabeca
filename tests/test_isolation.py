"""Team isolation: every route that takes an id answers 404 for another team's record."""

import re
import uuid

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import (
    login,
    make_conversation,
    make_neighbourhood,
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
def other_teams_records(session: Session) -> dict[str, uuid.UUID]:
    """One record of every kind a route can take an id of, all owned by another team."""
    team = make_team(session, "Ander team")
    author = make_user(session, team)
    neighbourhood = make_neighbourhood(session, team)
    conversation = make_conversation(session, team, author, neighbourhood)
    return {"conversation_id": conversation.id}


def test_every_id_route_is_covered_by_the_matrix(
    app: FastAPI, other_teams_records: dict[str, uuid.UUID]
) -> None:
    params = {p for _method, path in _id_routes(app) for p in PARAM.findall(path)}
    assert params, "expected routes that take an id"
    missing = params - other_teams_records.keys()
    assert not missing, f"add a record of another team for: {sorted(missing)}"


def test_another_teams_records_are_not_found_on_every_route(
    app: FastAPI,
    client: TestClient,
    session: Session,
    other_teams_records: dict[str, uuid.UUID],
) -> None:
    own_team = make_team(session, "Eigen team")
    login(client, make_user(session, own_team))
    for method, path in _id_routes(app):
        url = PARAM.sub(lambda m: str(other_teams_records[m.group(1)]), path)
        response = client.request(method, url, follow_redirects=False)
        assert response.status_code == 404, (method, path, response.status_code)
        unknown = PARAM.sub(lambda m: str(uuid.uuid4()), path)
        assert client.request(method, unknown).status_code == 404
        garbage = PARAM.sub("niet-een-id", path)
        assert client.request(method, garbage).status_code == 404


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
