import uuid
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, func, select

from app.auth.models import User
from app.changes.models import Revision
from app.conversations.models import Conversation, Discovery
from app.sync.models import SyncOperation
from app.teams.models import Neighbourhood, Team
from testkit.wire import change, push
from tests.factories import login, make_neighbourhood, make_team, make_user


@dataclass
class Device:
    client: TestClient
    team: Team
    user: User
    buurt: Neighbourhood


@pytest.fixture
def device(client: TestClient, session: Session) -> Device:
    team = make_team(session)
    user = make_user(session, team)
    buurt = make_neighbourhood(session, team)
    login(client, user)
    return Device(client, team, user, buurt)


def conversation_fields(buurt: Neighbourhood, summary: str = "Bij de bakker.") -> dict[str, object]:
    return {
        "neighbourhood_id": str(buurt.id),
        "occurred_at": datetime(2026, 11, 20, 10, 30, tzinfo=UTC).isoformat(),
        "summary": summary,
    }


def test_new_records_are_applied_with_version_one(device: Device, session: Session) -> None:
    person_id, conversation_id, discovery_id = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    results = push(
        device.client,
        change("person", {"recognition": "de man met de bakfiets"}, record_id=person_id),
        change(
            "conversation",
            {**conversation_fields(device.buurt), "person_ids": [str(person_id)]},
            record_id=conversation_id,
        ),
        change(
            "discovery",
            {
                "conversation_id": str(conversation_id),
                "kind": "quality",
                "description": "Repareert fietsen voor de hele straat",
                "person_ids": [str(person_id)],
                "dimensions": ["hands"],
            },
            record_id=discovery_id,
        ),
        change("follow_up", {"what": "Vragen of hij een fietsenmiddag wil geven"}),
    )
    assert [r["status"] for r in results] == ["applied"] * 4
    assert all(r["version"] == 1 for r in results)
    conversation = session.get(Conversation, conversation_id)
    assert conversation is not None
    assert conversation.created_by_id == device.user.id
    discovery = session.get(Discovery, discovery_id)
    assert discovery is not None
    assert discovery.dimensions == ["hands"]


def test_new_records_are_stored_with_unmeant_characters_removed(
    device: Device, session: Session
) -> None:
    """The batch path validates a change without cleaning its strings again (the whole push
    was cleaned on arrival): what is stored is clean all the same."""
    conversation_id, discovery_id = uuid.uuid4(), uuid.uuid4()
    results = push(
        device.client,
        change(
            "conversation",
            conversation_fields(device.buurt, summary="Bij de\x00 bakker\ufffe."),
            record_id=conversation_id,
        ),
        change(
            "discovery",
            {"conversation_id": str(conversation_id), "kind": "quality", "title": "Fiets\x01en"},
            record_id=discovery_id,
        ),
    )
    assert [r["status"] for r in results] == ["applied"] * 2
    conversation = session.get(Conversation, conversation_id)
    discovery = session.get(Discovery, discovery_id)
    assert conversation is not None
    assert discovery is not None
    assert conversation.summary == "Bij de bakker."
    assert discovery.title == "Fietsen"


def test_replayed_push_is_answered_duplicate_with_the_same_version(
    device: Device, session: Session
) -> None:
    batch = [change("conversation", conversation_fields(device.buurt)) for _ in range(3)]
    first = push(device.client, *batch)
    again = push(device.client, *batch)
    assert [r["status"] for r in again] == ["duplicate"] * 3
    assert [r["version"] for r in again] == [r["version"] for r in first]
    count = session.exec(
        select(func.count()).select_from(Conversation).where(Conversation.team_id == device.team.id)
    ).one()
    assert count == 3


def test_the_same_op_twice_in_one_batch_applies_once(device: Device, session: Session) -> None:
    one = change("conversation", conversation_fields(device.buurt))
    results = push(device.client, one, one)
    assert [r["status"] for r in results] == ["applied", "duplicate"]


def test_a_bad_change_is_rejected_in_dutch_and_the_rest_applies(
    device: Device, session: Session
) -> None:
    good = change("conversation", conversation_fields(device.buurt))
    missing_summary = change(
        "conversation",
        {"neighbourhood_id": str(device.buurt.id), "occurred_at": "2026-11-20T10:00:00+01:00"},
    )
    unknown_entity = change("bewoner", {"x": 1})
    named_without_consent = change("person", {"first_name": "Ria"})
    foreign_buurt = change(
        "conversation", {**conversation_fields(device.buurt), "neighbourhood_id": str(uuid.uuid4())}
    )
    results = push(
        device.client, missing_summary, good, unknown_entity, named_without_consent, foreign_buurt
    )
    statuses = [r["status"] for r in results]
    assert statuses == ["rejected", "applied", "rejected", "rejected", "rejected"]
    assert "summary" in results[0]["reason"]
    assert results[2]["reason"] == "Onbekend soort gegevens: bewoner"
    assert "toestemming" in results[3]["reason"]
    assert results[4]["reason"] == "Deze buurt hoort niet bij je team."
    # Rejected changes leave no trace: sent again once fixed, the same op id applies.
    ops = session.exec(select(SyncOperation.op_id)).all()
    assert uuid.UUID(good["op_id"]) in ops
    assert uuid.UUID(missing_summary["op_id"]) not in ops


def test_update_on_current_version_is_applied_and_kept_in_history(
    device: Device, session: Session
) -> None:
    record_id = uuid.uuid4()
    push(
        device.client,
        change("conversation", conversation_fields(device.buurt), record_id=record_id),
    )
    [result] = push(
        device.client,
        change(
            "conversation",
            {"summary": "Bij de bakker, met Ria."},
            record_id=record_id,
            base_version=1,
        ),
    )
    assert result == {
        "op_id": result["op_id"],
        "id": str(record_id),
        "status": "applied",
        "version": 2,
        "reason": None,
    }
    revision = session.exec(
        select(Revision).where(Revision.record_id == record_id, Revision.version == 2)
    ).one()
    assert revision.changes == {
        "summary": {"old": "Bij de bakker.", "new": "Bij de bakker, met Ria."}
    }
    assert revision.conflict_fields == []


def test_update_on_an_older_version_is_merged_and_flags_a_conflict(
    device: Device, session: Session
) -> None:
    record_id = uuid.uuid4()
    push(
        device.client,
        change("conversation", conversation_fields(device.buurt), record_id=record_id),
    )
    # A teammate's device (same account here) changes place and summary on v1 first ...
    push(
        device.client,
        change(
            "conversation",
            {"summary": "Versie van de server.", "place": "op het plein"},
            record_id=record_id,
            base_version=1,
        ),
    )
    # ... then this device, also on v1, changes the summary and the kind.
    [result] = push(
        device.client,
        change(
            "conversation",
            {"summary": "Versie van de telefoon.", "kind": "phone"},
            record_id=record_id,
            base_version=1,
        ),
    )
    assert result["status"] == "merged"
    assert result["version"] == 3
    conversation = session.get(Conversation, record_id)
    assert conversation is not None
    session.refresh(conversation)
    assert (conversation.summary, conversation.place, conversation.kind) == (
        "Versie van de telefoon.",
        "op het plein",
        "phone",
    )
    merge = session.exec(
        select(Revision).where(Revision.record_id == record_id, Revision.version == 3)
    ).one()
    assert merge.action == "merge"
    assert merge.conflict_fields == ["summary"]
    assert merge.changes["summary"]["old"] == "Versie van de server."


def test_delete_is_final(device: Device, session: Session) -> None:
    record_id = uuid.uuid4()
    push(
        device.client,
        change("conversation", conversation_fields(device.buurt), record_id=record_id),
    )
    [deleted] = push(
        device.client,
        change("conversation", None, record_id=record_id, base_version=1, deleted=True),
    )
    assert deleted["status"] == "applied"
    [late_edit] = push(
        device.client,
        change("conversation", {"summary": "Toch nog iets"}, record_id=record_id, base_version=1),
    )
    assert late_edit["status"] == "rejected"
    assert "verwijderd" in late_edit["reason"]
    conversation = session.get(Conversation, record_id)
    assert conversation is not None
    assert conversation.deleted_at is not None


def test_another_teams_record_id_is_rejected_without_detail(
    device: Device, client: TestClient, session: Session
) -> None:
    other = make_team(session)
    outsider = make_user(session, other)
    buurt = make_neighbourhood(session, other)
    from tests.factories import make_conversation

    theirs = make_conversation(session, other, outsider, buurt, summary="Niet van jou")
    [result] = push(
        device.client,
        change("conversation", {"summary": "Overschreven!"}, record_id=theirs.id, base_version=1),
    )
    assert result["status"] == "rejected"
    assert result["version"] is None
    session.refresh(theirs)
    assert theirs.summary == "Niet van jou"


def test_read_only_entities_cannot_be_pushed(device: Device) -> None:
    [result] = push(device.client, change("theme", {"name": "nieuw"}))
    assert result["status"] == "rejected"


def test_more_than_500_changes_is_413(device: Device) -> None:
    changes = [change("follow_up", {"what": "x"}) for _ in range(501)]
    response = device.client.post(
        "/api/sync/push", json={"device_id": str(uuid.uuid4()), "changes": changes}
    )
    assert response.status_code == 413
    assert response.json()["detail"] == "Stuur hoogstens 500 wijzigingen tegelijk."


def test_malformed_batch_is_422(device: Device) -> None:
    response = device.client.post(
        "/api/sync/push", json={"device_id": "geen-uuid", "changes": [{"op_id": 1}]}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "Niet alle velden zijn goed ingevuld."


def test_push_needs_a_session(client: TestClient) -> None:
    response = client.post("/api/sync/push", json={"device_id": str(uuid.uuid4()), "changes": []})
    assert response.status_code == 401


def test_a_device_id_of_another_account_is_refused(
    device: Device, client: TestClient, session: Session
) -> None:
    device_id = uuid.uuid4()
    push(device.client, change("follow_up", {"what": "x"}), device_id=device_id)
    client.delete("/api/session")
    login(client, make_user(session, device.team))
    response = client.post("/api/sync/push", json={"device_id": str(device_id), "changes": []})
    assert response.status_code == 403
