"""Connections: the list and picture by buurt, names resolved, states moved as synced changes."""

import uuid

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.changes.models import Revision
from app.connections.service import End, Link, network
from app.conversations.models import Discovery, DiscoveryKind
from app.people.models import ConsentScope
from app.people.schemas import ConsentIn, PersonCreate
from app.people.service import create_person
from tests.factories import (
    form_token,
    login,
    make_conversation,
    make_discovery,
    make_neighbourhood,
    make_team,
    make_user,
)


def test_connections_by_buurt_with_their_picture_and_state(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me = make_user(session, team)
    oost, west = (
        make_neighbourhood(session, team, "Oost"),
        make_neighbourhood(session, team, "West"),
    )
    consent = ConsentIn(scopes=[ConsentScope.store_name])
    ria = create_person(session, team, me.id, data=PersonCreate(first_name="Ria", consent=consent))
    kees = create_person(
        session, team, me.id, data=PersonCreate(first_name="Kees", consent=consent)
    )
    in_oost = make_conversation(session, team, me, oost)
    in_west = make_conversation(session, team, me, west)
    choir = make_discovery(session, team, me, in_oost, kind=DiscoveryKind.group, title="Buurtkoor")
    link = make_discovery(
        session,
        team,
        me,
        in_oost,
        kind=DiscoveryKind.connection,
        description="Ria zingt, het koor zoekt stemmen",
        from_ref={"type": "person", "id": str(ria.id)},
        to_ref={"type": "group", "id": str(choir.id)},
    )
    make_discovery(
        session,
        team,
        me,
        in_west,
        kind=DiscoveryKind.connection,
        description="Kees en Ria kennen elkaar van de markt",
        from_ref={"type": "person", "id": str(kees.id)},
        to_ref={"type": "person", "id": str(ria.id)},
    )
    login(client, me)
    html = client.get("/verbindingen").text
    assert "Ria zingt, het koor zoekt stemmen" in html
    assert "Kees en Ria kennen elkaar" in html
    assert html.count("<line ") == 2
    assert f'href="/bewoners/{ria.id}"' in html
    html = client.get("/verbindingen", params={"buurt": str(oost.id)}).text
    assert "Ria zingt" in html
    assert "Kees en Ria" not in html
    assert "Buurtkoor" in html

    token = form_token(client, "/verbindingen")
    response = client.post(
        f"/verbindingen/{link.id}/status",
        data={"status": "active_together", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    revision = session.exec(
        select(Revision).where(Revision.record_id == link.id, Revision.version == 2)
    ).one()
    assert revision.changes["status"]["new"] == "active_together"
    bad = client.post(f"/verbindingen/{link.id}/status", data={"status": "x", "csrf_token": token})
    assert bad.status_code == 400
    not_a_link = client.post(
        f"/verbindingen/{choir.id}/status", data={"status": "met", "csrf_token": token}
    )
    assert not_a_link.status_code == 404
    assert client.get("/verbindingen", params={"van": "morgen"}).status_code == 400


def test_the_picture_places_every_end_once_inside_the_frame() -> None:
    people = [End("person", uuid.uuid4(), f"Bewoner {n}") for n in range(30)]
    group = End("group", uuid.uuid4(), "Buurtkoor")
    team_id = uuid.uuid4()

    def connection(status: str | None) -> Discovery:
        return Discovery(id=uuid.uuid4(), team_id=team_id, kind="connection", status=status)

    links = [Link(connection("met"), person, group) for person in people]
    links.append(Link(connection(None), people[0], None))  # an end we cannot show
    picture = network(links)
    assert len(picture.nodes) == 31
    assert len({(n.x, n.y) for n in picture.nodes}) == 31
    assert len(picture.edges) == 30
    assert {e.status for e in picture.edges} == {"met"}
    for node in picture.nodes:
        assert 0 < node.x < picture.width
        assert 0 < node.y < picture.height
    assert network([]).nodes == []
