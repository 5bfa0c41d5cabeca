"""Erasing a bewoner: gone from the server at once (records, history, search), tombstones to
every device, and the audit log keeps only that it happened, with counts."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.audit.models import AuditEvent
from app.audit.service import verify_chain
from app.changes.models import Revision
from app.conversations.models import (
    Conversation,
    ConversationPerson,
    Discovery,
    DiscoveryKind,
    DiscoveryPerson,
    FollowUp,
)
from app.people.models import Consent, ConsentScope, Person
from app.people.schemas import ConsentIn, PersonCreate
from app.people.service import create_person
from app.search.models import SearchEntry
from app.teams.models import Role
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

IN_TEAM = [ConsentScope.store_name, ConsentScope.share_in_team, ConsentScope.name_in_overview]


def _world(session: Session):  # type: ignore[no-untyped-def]
    team = make_team(session)
    coordinator = make_user(session, team, role=Role.coordinator)
    buurt = make_neighbourhood(session, team)
    ria = create_person(
        session,
        team,
        coordinator.id,
        data=PersonCreate(
            first_name="Ria", recognition="zit op het bankje", consent=ConsentIn(scopes=IN_TEAM)
        ),
    )
    kees = create_person(
        session,
        team,
        coordinator.id,
        data=PersonCreate(first_name="Kees", consent=ConsentIn(scopes=IN_TEAM)),
    )
    talk = make_conversation(
        session,
        team,
        coordinator,
        buurt,
        summary="Ria en Kees op het bankje; Ria wil een koor beginnen.",
        people=[ria, kees],
    )
    quality = make_discovery(
        session, team, coordinator, talk, description="Ria zingt prachtig", person_ids=[ria.id]
    )
    idea = make_discovery(
        session,
        team,
        coordinator,
        talk,
        kind=DiscoveryKind.idea,
        title="Buurtkoor",
        description="Een koor met Ria en Kees",
        trekker_ids=[ria.id, kees.id],
    )
    link = make_discovery(
        session,
        team,
        coordinator,
        talk,
        kind=DiscoveryKind.connection,
        description="Kennen elkaar van het bankje",
        from_ref={"type": "person", "id": str(ria.id)},
        to_ref={"type": "person", "id": str(kees.id)},
    )
    return team, coordinator, ria, kees, talk, quality, idea, link


def test_erasure_removes_the_person_and_everything_only_about_them(
    client: TestClient, session: Session
) -> None:
    team, coordinator, ria, kees, talk, quality, idea, link = _world(session)
    session.flush()
    login(client, coordinator)
    before, cursor = pull_all(client)
    assert {c["id"] for c in before} >= {str(ria.id), str(quality.id), str(link.id)}
    ria_id, pseudonym = ria.id, ria.pseudonym
    gone_ids = [ria_id, quality.id, link.id]
    talk_id, idea_id, kees_id = talk.id, idea.id, kees.id

    token = form_token(client, f"/bewoners/{ria_id}")
    wrong = client.post(f"/bewoners/{ria_id}/wissen", data={"csrf_token": token, "confirm": "x"})
    assert wrong.status_code == 400
    assert session.get(Person, ria_id) is not None
    done = client.post(
        f"/bewoners/{ria_id}/wissen",
        data={"csrf_token": token, "confirm": pseudonym.lower()},
        follow_redirects=False,
    )
    assert done.status_code == 303
    session.expire_all()

    # Gone from the server.
    assert session.get(Person, ria_id) is None
    assert session.get(Discovery, gone_ids[1]) is None
    assert session.get(Discovery, gone_ids[2]) is None
    assert not session.exec(select(Consent).where(col(Consent.person_id) == ria_id)).all()
    for model in (ConversationPerson, DiscoveryPerson):
        assert not session.exec(select(model).where(col(model.person_id) == ria_id)).all()
    assert not session.exec(
        select(SearchEntry).where(col(SearchEntry.record_id).in_(gone_ids))
    ).all()
    # What stays, stays, without them: not by id, not by name, not in its history.
    kept_talk = session.get(Conversation, talk_id)
    kept_idea = session.get(Discovery, idea_id)
    assert kept_talk is not None
    assert kept_idea is not None
    assert kept_talk.summary == "[gewist] en Kees op het bankje; [gewist] wil een koor beginnen."
    assert kept_idea.description == "Een koor met [gewist] en Kees"
    assert session.get(Person, kees_id) is not None
    history = session.exec(select(Revision).where(col(Revision.team_id) == team.id)).all()
    assert not [r for r in history if r.record_id in gone_ids]
    dumped = json.dumps([r.changes for r in history])
    assert "Ria" not in dumped
    assert str(ria_id) not in dumped
    assert not session.exec(select(SearchEntry).where(col(SearchEntry.body).contains("ria"))).all()

    # Every device learns on its next pull: tombstones, and the kept records without them.
    after, _cursor = pull_all(client, cursor)
    deleted = {c["id"] for c in after if c["deleted"]}
    assert deleted == {str(ria_id), str(gone_ids[1]), str(gone_ids[2])}
    kept = {c["id"]: c for c in after if not c["deleted"]}
    assert str(ria_id) not in kept[str(talk_id)]["fields"]["person_ids"]
    assert kept[str(idea_id)]["fields"]["trekker_ids"] == [str(kees_id)]
    assert "Ria" not in json.dumps(after)
    # A device that starts again never sees them.
    fresh, _ = pull_all(client)
    assert str(ria_id) not in {c["id"] for c in fresh if not c["deleted"]}
    assert "Ria" not in json.dumps(fresh)

    # The audit log keeps that it happened, with counts, and no one's name or id.
    event = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "person.erase")).one()
    assert event.actor_id == coordinator.id
    assert event.record_id is None
    assert event.details["erased_records"] == 3
    assert event.details["unlinked_records"] == 2
    assert event.details["consents"] == 1
    assert pseudonym not in json.dumps(event.details)
    assert verify_chain(session).ok


def test_only_a_coordinator_erases_and_only_in_their_own_team(
    client: TestClient, session: Session
) -> None:
    team, _coordinator, ria, *_rest = _world(session)
    worker = make_user(session, team)
    session.flush()
    login(client, worker)
    token = form_token(client, "/weekoverleg")
    refused = client.post(
        f"/bewoners/{ria.id}/wissen", data={"csrf_token": token, "confirm": ria.pseudonym}
    )
    assert refused.status_code == 403
    assert "Definitief wissen" not in client.get(f"/bewoners/{ria.id}").text
    outsider = make_user(session, make_team(session), role=Role.coordinator)
    login(client, outsider)
    token = form_token(client, "/weekoverleg")
    assert (
        client.post(
            f"/bewoners/{ria.id}/wissen", data={"csrf_token": token, "confirm": ria.pseudonym}
        ).status_code
        == 404
    )
    session.expire_all()
    assert session.get(Person, ria.id) is not None


def test_follow_ups_about_them_stay_without_them(client: TestClient, session: Session) -> None:
    team, coordinator, ria, _kees, talk, *_rest = _world(session)
    from app.conversations.schemas import FollowUpCreate
    from app.conversations.service import create_follow_up

    follow_up = create_follow_up(
        session,
        team,
        coordinator.id,
        data=FollowUpCreate(
            what="Ria bellen over het koor", person_id=ria.id, conversation_id=talk.id
        ),
    )
    session.flush()
    login(client, coordinator)
    token = form_token(client, f"/bewoners/{ria.id}")
    client.post(f"/bewoners/{ria.id}/wissen", data={"csrf_token": token, "confirm": ria.pseudonym})
    session.expire_all()
    kept = session.get(FollowUp, follow_up.id)
    assert kept is not None
    assert kept.person_id is None
    assert kept.what == "[gewist] bellen over het koor"
