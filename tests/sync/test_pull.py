import uuid
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.changes.models import ChangeCounter, Tombstone
from app.changes.service import next_change_seq
from app.conversations.models import DiscoveryKind
from testkit.wire import change, pull_all, push
from tests.factories import (
    login,
    make_conversation,
    make_discovery,
    make_follow_up,
    make_neighbourhood,
    make_team,
    make_user,
)

WHEN = datetime(2026, 11, 20, 10, 30, tzinfo=UTC).isoformat()


def test_first_pull_gives_team_basics_and_only_my_own_conversations(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me, colleague = make_user(session, team), make_user(session, team)
    buurt = make_neighbourhood(session, team, "Dapperbuurt")
    mine = make_conversation(session, team, me, buurt, summary="Mijn gesprek")
    theirs = make_conversation(session, team, colleague, buurt, summary="Van een collega")
    my_quality = make_discovery(session, team, me, mine)
    their_quality = make_discovery(session, team, colleague, theirs)
    their_idea = make_discovery(
        session,
        team,
        colleague,
        theirs,
        kind=DiscoveryKind.idea,
        description="Een ruilkast bij de bibliotheek",
    )
    other_team = make_team(session)
    make_neighbourhood(session, other_team, "Elders")

    login(client, me)
    changes, cursor = pull_all(client)
    by_entity: dict[str, set[str]] = {}
    for c in changes:
        by_entity.setdefault(c["entity"], set()).add(c["id"])
    assert by_entity["neighbourhood"] == {str(buurt.id)}
    assert len(by_entity["theme"]) == 14
    assert len(by_entity["prompt"]) >= 7
    assert by_entity["conversation"] == {str(mine.id)}
    assert str(theirs.id) not in by_entity["conversation"]
    assert by_entity["discovery"] == {str(my_quality.id), str(their_idea.id)}
    assert str(their_quality.id) not in by_entity["discovery"]
    assert int(cursor) > 0
    mine_pulled = next(c for c in changes if c["id"] == str(mine.id))
    assert mine_pulled["fields"]["summary"] == "Mijn gesprek"
    assert mine_pulled["version"] == 1
    assert mine_pulled["deleted"] is False


def test_pushed_fields_come_back_as_pushed(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    buurt = make_neighbourhood(session, team)
    login(client, user)
    _, cursor = pull_all(client)
    person_id, conversation_id = uuid.uuid4(), uuid.uuid4()
    fields = {
        "neighbourhood_id": str(buurt.id),
        "occurred_at": WHEN,
        "kind": "during_activity",
        "place": "in de moestuin",
        "summary": "Over zaden ruilen.",
        "person_ids": [str(person_id)],
        "unnamed_count": 2,
        "prompt_ids": [],
        "referrals": "De buurvrouw met de kas",
    }
    push(
        client,
        change("person", {"recognition": "tuiniert elke ochtend"}, record_id=person_id),
        change("conversation", fields, record_id=conversation_id),
    )
    changes, _ = pull_all(client, cursor)
    assert [c["entity"] for c in changes] == ["person", "conversation"]
    pulled = changes[1]["fields"]
    assert {k: pulled[k] for k in fields} == {**fields, "occurred_at": "2026-11-20T10:30:00+00:00"}
    assert changes[0]["fields"]["pseudonym"].startswith("B-")


def test_pages_cover_everything_once_in_order(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    buurt = make_neighbourhood(session, team)
    login(client, user)
    push(
        client,
        *[
            change(
                "conversation",
                {"neighbourhood_id": str(buurt.id), "occurred_at": WHEN, "summary": f"Gesprek {i}"},
            )
            for i in range(25)
        ],
    )
    everything, final = pull_all(client, limit=1000)
    paged, paged_final = pull_all(client, limit=7)
    assert [c["id"] for c in paged] == [c["id"] for c in everything]
    assert len({c["id"] for c in paged}) == len(paged)
    assert paged_final == final
    assert pull_all(client, final)[0] == []


def test_deletions_and_erasures_arrive_as_tombstones(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    buurt = make_neighbourhood(session, team)
    login(client, user)
    record_id = uuid.uuid4()
    push(
        client,
        change(
            "conversation",
            {"neighbourhood_id": str(buurt.id), "occurred_at": WHEN, "summary": "Wordt verwijderd"},
            record_id=record_id,
        ),
    )
    _, cursor = pull_all(client)
    push(client, change("conversation", None, record_id=record_id, base_version=1, deleted=True))
    erased = uuid.uuid4()
    session.add(
        Tombstone(
            entity="person",
            record_id=erased,
            team_id=team.id,
            change_seq=next_change_seq(session, team.id),
        )
    )
    session.flush()
    changes, _ = pull_all(client, cursor)
    assert changes == [
        {
            "entity": "conversation",
            "id": str(record_id),
            "version": 2,
            "deleted": True,
            "fields": None,
        },
        {"entity": "person", "id": str(erased), "version": 0, "deleted": True, "fields": None},
    ]


def test_a_cursor_older_than_the_tombstone_window_is_gone(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    login(client, make_user(session, team))
    counter = session.get(ChangeCounter, team.id)
    assert counter is not None
    counter.purged_through_seq = 10
    session.add(counter)
    session.flush()
    response = client.get("/api/sync/pull", params={"cursor": "3"})
    assert response.status_code == 410
    assert "laadt alles opnieuw" in response.json()["detail"]
    assert client.get("/api/sync/pull").status_code == 200


@pytest.mark.parametrize(
    "cursor",
    # Too big for any sequence column; digits that are not ASCII; what int() also accepts.
    ["abc", "-1", "99999999999999999999", "²", "١٢", "+1", "1_0", " 1"],
)
def test_a_cursor_the_server_never_gave_is_400(
    client: TestClient, session: Session, cursor: str
) -> None:
    team = make_team(session)
    login(client, make_user(session, team))
    response = client.get("/api/sync/pull", params={"cursor": cursor})
    assert response.status_code == 400
    assert response.json() == {"detail": "Deze cursor kent de server niet."}


def test_pull_needs_a_session(client: TestClient) -> None:
    assert client.get("/api/sync/pull").status_code == 401


def test_records_that_leave_my_scope_are_deleted_from_my_devices(
    client: TestClient, session: Session
) -> None:
    """A follow-up handed to someone else, or a discovery made private, must leave the phones
    that may no longer hold it; records that were never in my scope are not announced."""
    team = make_team(session)
    me, colleague = make_user(session, team), make_user(session, team)
    buurt = make_neighbourhood(session, team)
    theirs = make_conversation(session, team, colleague, buurt)
    for_me = make_follow_up(session, team, colleague, theirs)
    for_me.owner_id = me.id
    idea = make_discovery(session, team, colleague, theirs, kind=DiscoveryKind.idea)
    session.flush()
    login(client, me)
    first, cursor = pull_all(client)
    assert {str(for_me.id), str(idea.id)} <= {c["id"] for c in first}

    login(client, colleague)
    private_quality = {
        "conversation_id": str(theirs.id),
        "kind": "quality",
        "description": "Nooit gedeeld",
        "visibility": "private",
    }
    results = push(
        client,
        change("follow_up", {"owner_id": str(colleague.id)}, record_id=for_me.id, base_version=1),
        change("discovery", {"visibility": "private"}, record_id=idea.id, base_version=1),
        change("discovery", private_quality),
        change("conversation", {"summary": "Bijgewerkt"}, record_id=theirs.id, base_version=1),
    )
    assert [r["status"] for r in results] == ["applied"] * 4

    login(client, me)
    changes, _ = pull_all(client, cursor)
    assert sorted((c["entity"], c["id"], c["deleted"], c["fields"]) for c in changes) == sorted(
        [
            ("follow_up", str(for_me.id), True, None),
            ("discovery", str(idea.id), True, None),
        ]
    )
    # A device starting from scratch may still hold them (after a 410 it keeps records with
    # unsent changes): it gets their ids as deletions, never their contents, and nothing for
    # records whose scope never changed.
    fresh, _ = pull_all(client)
    assert {
        (c["id"], c["deleted"]) for c in fresh if c["entity"] in ("discovery", "follow_up")
    } == {
        (str(for_me.id), True),
        (str(idea.id), True),
    }
