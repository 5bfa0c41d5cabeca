"""Weekoverleg, completing and closing in place: an idea's three questions or a group's wishes
filled in on the item, follow-ups ticked off (and reopened), asks to partners moved on, and
the "nog te spreken" list. Each is a synced change with a revision."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.changes.models import Revision
from app.conversations.models import DiscoveryKind, FollowUp
from app.conversations.schemas import FollowUpCreate
from app.conversations.service import create_follow_up
from app.teams.models import Role
from testkit.wire import change, pull_all, push
from tests.factories import (
    form_token,
    login,
    make_conversation,
    make_discovery,
    make_neighbourhood,
    make_person,
    make_team,
    make_user,
)


def post(client: TestClient, path: str, data: dict[str, Any]) -> Any:
    token = form_token(client, "/weekoverleg")
    return client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)


def test_the_coordinator_fills_in_an_idea_and_a_group_on_the_item(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    worker = make_user(session, team, name="Wim")
    coordinator = make_user(session, team, role=Role.coordinator, name="Cor")
    talk = make_conversation(session, team, worker, make_neighbourhood(session, team))
    idea = make_discovery(session, team, worker, talk, kind=DiscoveryKind.idea, title="Moestuin")
    group = make_discovery(session, team, worker, talk, kind=DiscoveryKind.group, title="Koor")
    login(client, coordinator)
    html = client.get("/weekoverleg").text
    assert f'action="/weekoverleg/ontdekkingen/{idea.id}/aanvullen"' in html
    assert f'href="/ontdekkingen/{idea.id}"' in html

    response = post(
        client,
        f"/weekoverleg/ontdekkingen/{idea.id}/aanvullen",
        {"version": "1", "idea_self": "Zaaien", "idea_little_help": "Een schuur",
         "idea_outside": "Grond van de gemeente", "title": "Niet dit veld"},
    )  # fmt: skip
    assert response.status_code == 303
    assert response.headers["location"] == f"/weekoverleg#item-{idea.id}"
    session.refresh(idea)
    assert (idea.idea_self, idea.idea_little_help, idea.idea_outside, idea.title) == (
        "Zaaien",
        "Een schuur",
        "Grond van de gemeente",
        "Moestuin",
    )
    revision = session.exec(
        select(Revision).where(Revision.record_id == idea.id, Revision.version == 2)
    ).one()
    assert set(revision.changes) == {"idea_self", "idea_little_help", "idea_outside"}
    assert revision.changed_by_id == coordinator.id

    response = post(
        client,
        f"/weekoverleg/ontdekkingen/{group.id}/aanvullen",
        {"version": "1", "group_would_like": "Optreden", "group_if_asked": "Het feest openen"},
    )
    assert response.status_code == 303
    login(client, worker)
    changes, _ = pull_all(client)
    fields = {c["id"]: c["fields"] for c in changes}[str(group.id)]
    assert (fields["group_would_like"], fields["group_if_asked"]) == (
        "Optreden",
        "Het feest openen",
    )


def test_another_worker_gets_no_form_and_cannot_complete(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    author, other = make_user(session, team), make_user(session, team, name="Bram")
    talk = make_conversation(session, team, author, make_neighbourhood(session, team))
    idea = make_discovery(session, team, author, talk, kind=DiscoveryKind.idea, title="Moestuin")
    quality = make_discovery(session, team, author, talk, description="Zingt")
    login(client, other)
    assert "/aanvullen" not in client.get("/weekoverleg").text
    refused = post(client, f"/weekoverleg/ontdekkingen/{idea.id}/aanvullen", {"version": "1"})
    assert refused.status_code == 403
    # A quality has nothing to fill in here.
    login(client, author)
    assert (
        post(client, f"/weekoverleg/ontdekkingen/{quality.id}/aanvullen", {"version": "1"})
    ).status_code == 404


def _follow_up(session: Session, team: Any, owner: Any, what: str, **fields: Any) -> FollowUp:
    return create_follow_up(
        session, team, owner.id, data=FollowUpCreate(what=what, owner_id=owner.id, **fields)
    )


def _page(client: TestClient, path: str) -> str:
    """The page without the scripts' words (base.html's data block), which hold "staat open
    sinds" whatever the page shows."""
    return client.get(path).text.split('<script type="application/json" id="ui">')[0]


def test_a_follow_up_is_done_leaves_the_list_and_can_be_reopened(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    worker = make_user(session, team)
    late = _follow_up(
        session, team, worker, "Terugbellen over de moestuin",
        due_on=datetime.now(UTC).date() - timedelta(days=3),
    )  # fmt: skip
    login(client, worker)
    html = _page(client, "/weekoverleg")
    assert "Terugbellen over de moestuin" in html
    assert "staat open sinds" in html
    assert "te laat" not in html

    response = post(client, f"/vervolgafspraken/{late.id}/gedaan", {"done": "1"})
    assert response.status_code == 303
    assert response.headers["location"] == "/weekoverleg#afspraken"
    session.refresh(late)
    assert late.done_at is not None
    assert late.version == 2
    html = _page(client, "/weekoverleg")
    assert "staat open sinds" not in html
    assert "Onlangs gedaan (1)" in html
    changes, _ = pull_all(client)
    assert {c["id"]: c["fields"] for c in changes}[str(late.id)]["done_at"] is not None

    post(client, f"/vervolgafspraken/{late.id}/gedaan", {"done": "0", "back": "gedaan"})
    session.refresh(late)
    assert late.done_at is None
    assert late.version == 3
    assert "staat open sinds" in client.get("/weekoverleg").text


def test_asks_move_from_asked_to_promised_to_arranged_or_declined(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    worker = make_user(session, team)
    talk = make_conversation(session, team, worker, make_neighbourhood(session, team))
    ask_ids = [str(uuid.uuid4()) for _ in range(3)]
    idea = make_discovery(
        session, team, worker, talk, kind=DiscoveryKind.idea, title="Moestuin",
        asks=[
            {"id": ask_ids[0], "what": "Grond", "partner": "gemeente"},
            {"id": ask_ids[1], "what": "Een container", "partner": "corporatie"},
            {"id": ask_ids[2], "what": "Zaden", "partner": "tuincentrum", "status": "arranged"},
        ],
    )  # fmt: skip
    login(client, worker)
    html = client.get("/weekoverleg").text
    assert "Grond" in html
    assert "Een container" in html
    assert "Zaden" not in html  # arranged: no longer open

    path = f"/weekoverleg/vragen/{idea.id}"
    assert post(client, path, {"ask_id": ask_ids[0], "status": "promised"}).status_code == 303
    assert post(client, path, {"ask_id": ask_ids[1], "status": "declined"}).status_code == 303
    session.refresh(idea)
    assert [a["status"] for a in idea.asks] == ["promised", "declined", "arranged"]
    assert idea.version == 3
    # Back to asked, or a skip, is not a move the weekoverleg offers.
    refused = post(client, path, {"ask_id": ask_ids[0], "status": "asked"})
    assert refused.status_code == 400
    assert "Zo kan deze vraag niet verder" in refused.text
    assert (
        post(client, path, {"ask_id": str(uuid.uuid4()), "status": "promised"}).status_code == 404
    )
    assert post(client, path, {"ask_id": ask_ids[0], "status": "arranged"}).status_code == 303
    session.refresh(idea)
    assert idea.asks[0]["status"] == "arranged"
    assert "Grond" not in client.get("/weekoverleg").text


def test_a_colleagues_private_idea_keeps_its_asks_to_itself(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    author = make_user(session, team)
    coordinator = make_user(session, team, role=Role.coordinator)
    talk = make_conversation(session, team, author, make_neighbourhood(session, team))
    ask_id = str(uuid.uuid4())
    idea = make_discovery(
        session, team, author, talk, kind=DiscoveryKind.idea, title="Geheim plan",
        visibility="private", asks=[{"id": ask_id, "what": "Geheime grond", "partner": "gemeente"}],
    )  # fmt: skip
    login(client, coordinator)
    assert "Geheime grond" not in client.get("/weekoverleg").text
    response = post(
        client, f"/weekoverleg/vragen/{idea.id}", {"ask_id": ask_id, "status": "promised"}
    )
    assert response.status_code == 404


def test_nog_te_spreken_lists_who_noted_it_and_the_conversation(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    worker = make_user(session, team, name="Wim")
    talk = make_conversation(session, team, worker, make_neighbourhood(session, team))
    person = make_person(session, team, worker)
    talk_to = _follow_up(
        session, team, worker, "De buurvrouw met de moestuin", kind="talk_to",
        conversation_id=talk.id, person_id=person.id,
    )  # fmt: skip
    agreement = _follow_up(
        session, team, worker, "Zaden kopen", due_on=datetime.now(UTC).date() + timedelta(days=1)
    )
    login(client, worker)
    html = client.get("/weekoverleg").text
    section = html[html.index('id="nog-te-spreken"') :]
    section = section[: section.index("</section>")]
    assert "De buurvrouw met de moestuin" in section
    assert "genoteerd door Wim" in section
    assert f'href="/gesprekken/{talk.id}"' in section
    assert "Zaden kopen" not in section
    afspraken = html[html.index('id="afspraken"') :]
    assert "De buurvrouw met de moestuin" not in afspraken[: afspraken.index("</section>")]
    assert str(agreement.id) in afspraken

    response = post(
        client, f"/vervolgafspraken/{talk_to.id}/gedaan", {"done": "1", "back": "nog-te-spreken"}
    )
    assert response.headers["location"] == "/weekoverleg#nog-te-spreken"
    html = client.get("/weekoverleg").text
    assert "Niemand op de lijst om nog te spreken." in html


def test_a_done_follow_up_about_a_bewoner_counts_as_contact(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    worker = make_user(session, team)
    long_ago = datetime.now(UTC) - timedelta(weeks=30)
    person = make_person(session, team, worker)
    make_conversation(
        session, team, worker, make_neighbourhood(session, team), people=[person],
        occurred_at=long_ago,
    )  # fmt: skip
    follow_up = _follow_up(session, team, worker, "Langsgaan", person_id=person.id)
    login(client, worker)
    stale = client.get("/weekoverleg").text
    assert f'href="/bewoners/{person.id}"' in stale  # not spoken to lately

    post(client, f"/vervolgafspraken/{follow_up.id}/gedaan", {"done": "1"})
    session.refresh(person)
    session.refresh(follow_up)
    assert person.last_contact_at == follow_up.done_at
    contact = client.get("/weekoverleg").text
    contact = contact[contact.index('aria-labelledby="contact-kop"') :]
    assert f'href="/bewoners/{person.id}"' not in contact[: contact.index("</section>")]

    # Reopening leaves the contact; a done moment older than the last contact never moves it back.
    contact_at = person.last_contact_at
    post(client, f"/vervolgafspraken/{follow_up.id}/gedaan", {"done": "0"})
    session.refresh(person)
    assert person.last_contact_at == contact_at
    earlier = _follow_up(
        session, team, worker, "Eerder gedaan", person_id=person.id, done_at=long_ago
    )
    session.refresh(person)
    assert earlier.done_at is not None
    assert person.last_contact_at is not None
    assert person.last_contact_at > earlier.done_at


def test_a_phone_that_ticks_off_a_follow_up_moves_the_contact_too(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    worker = make_user(session, team)
    person = make_person(session, team, worker)
    follow_up = _follow_up(session, team, worker, "Langsgaan", person_id=person.id)
    assert person.last_contact_at is None
    login(client, worker)
    done_at = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    results = push(
        client,
        change(
            "follow_up",
            {"done_at": done_at.isoformat()},
            record_id=follow_up.id,
            base_version=1,
        ),
    )
    assert results[0]["status"] == "applied", results
    session.refresh(person)
    assert person.last_contact_at == done_at
    new_id = uuid.uuid4()
    later = (done_at + timedelta(minutes=5)).isoformat()
    results = push(
        client,
        change(
            "follow_up",
            {"what": "Gebeld", "person_id": str(person.id), "done_at": later},
            record_id=new_id,
        ),
    )
    assert results[0]["status"] == "applied", results
    session.expire_all()
    refreshed = session.get(type(person), person.id)
    assert refreshed is not None
    assert refreshed.last_contact_at == done_at + timedelta(minutes=5)
    # A phone whose clock runs ahead moves it no further than now.
    ahead = (datetime.now(UTC) + timedelta(days=3)).isoformat()
    results = push(client, change("follow_up", {"what": "Morgen", "person_id": str(person.id),
                                                "done_at": ahead}))  # fmt: skip
    assert results[0]["status"] == "applied", results
    session.expire_all()
    refreshed = session.get(type(person), person.id)
    assert refreshed is not None
    assert refreshed.last_contact_at is not None
    assert refreshed.last_contact_at <= datetime.now(UTC)
