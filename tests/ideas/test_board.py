"""The ideas board: ideas by phase with their trekkers; moving one is a synced change."""

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.changes.models import Revision
from app.conversations.models import DiscoveryKind
from app.people.models import ConsentScope
from app.people.schemas import ConsentIn, PersonCreate
from app.people.service import create_person
from testkit.wire import pull_all
from tests.factories import (
    form_token,
    login,
    make_conversation,
    make_discovery,
    make_neighbourhood,
    make_team,
    make_user,
)


def test_ideas_by_phase_and_a_move_keeps_its_history(client: TestClient, session: Session) -> None:
    team = make_team(session)
    me, colleague = make_user(session, team), make_user(session, team)
    talk = make_conversation(session, team, me, make_neighbourhood(session, team))
    kees = create_person(
        session,
        team,
        me.id,
        data=PersonCreate(first_name="Kees", consent=ConsentIn(scopes=[ConsentScope.store_name])),
    )
    idea = make_discovery(
        session,
        team,
        me,
        talk,
        kind=DiscoveryKind.idea,
        title="Repair café",
        trekker_ids=[kees.id],
        idea_little_help="Een zaal op zaterdag",
    )
    make_discovery(
        session,
        team,
        colleague,
        talk,
        kind=DiscoveryKind.idea,
        title="Geheim plan",
        visibility="private",
    )
    login(client, me)
    _, cursor = pull_all(client)
    html = client.get("/ideeen").text
    dream = html[html.index('id="fase-dream"') : html.index('id="fase-exploring"')]
    assert "Repair café" in dream
    assert "Kees" in dream
    assert "Een zaal op zaterdag" in dream
    assert "Geheim plan" not in html

    token = form_token(client, "/ideeen")
    response = client.post(
        f"/ideeen/{idea.id}/fase",
        data={"phase": "started", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    html = client.get("/ideeen").text
    started = html[html.index('id="fase-started"') : html.index('id="fase-running"')]
    assert "Repair café" in started
    history = session.exec(select(Revision).where(Revision.record_id == idea.id)).all()
    assert history[-1].changes == {"status": {"old": "dream", "new": "started"}}
    assert history[-1].changed_by_id == me.id
    card = html[html.index(f'id="idee-{idea.id}"') :]
    assert "Geschiedenis" in card
    assert "droom → gestart" in card
    changes, _ = pull_all(client, cursor)
    assert [(c["id"], c["fields"]["status"]) for c in changes] == [(str(idea.id), "started")]

    bad = client.post(f"/ideeen/{idea.id}/fase", data={"phase": "probleem", "csrf_token": token})
    assert bad.status_code == 400
    assert "Kies een fase" in bad.text
    quality = make_discovery(session, team, me, talk)
    assert (
        client.post(
            f"/ideeen/{quality.id}/fase", data={"phase": "started", "csrf_token": token}
        ).status_code
        == 404
    )
