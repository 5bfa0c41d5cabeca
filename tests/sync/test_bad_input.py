"""Bad input inside a valid batch: a date no page can show, a year-1 moment that overflows when
bound as UTC, characters no one can mean, a pseudonym that would break a file name. Each is
answered per change (rejected with a Dutch reason, or cleaned), the rest of the batch applies,
and a resent batch gets the same answers — on both databases, on both push paths (new records
in bulk, changes to existing records one at a time)."""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.conversations.models import Conversation, Discovery, FollowUp
from app.people.models import Consent, Person
from app.people.schemas import PSEUDONYM, PSEUDONYM_ALPHABET
from app.people.service import PSEUDONYM_ALPHABET as GENERATED_FROM
from app.people.service import make_pseudonym
from app.sync.models import SyncOperation
from app.teams.models import Neighbourhood, Team
from app.validation import latest_day
from testkit.wire import change, push
from tests.factories import login, make_neighbourhood, make_team, make_user

END_OF_TIME = "9999-12-31T23:30:00+00:00"
YEAR_ONE = "0001-01-01T00:00:00+01:00"
CONSENT = {"scopes": ["store_name", "share_in_team"], "how": "mondeling"}


@dataclass
class Device:
    client: TestClient
    team: Team
    buurt: Neighbourhood


@pytest.fixture
def device(client: TestClient, session: Session) -> Device:
    team = make_team(session)
    user = make_user(session, team)
    buurt = make_neighbourhood(session, team)
    login(client, user)
    return Device(client, team, buurt)


def conversation(buurt: Neighbourhood, **fields: Any) -> dict[str, Any]:
    return {
        "neighbourhood_id": str(buurt.id),
        "occurred_at": "2026-11-20T10:30:00+01:00",
        "summary": "Bij de bakker.",
        **fields,
    }


def window_reason() -> str:
    return f"Deze datum kan niet kloppen: kies een datum tussen 2000 en {latest_day().year}."


# (entity, what a valid new record needs, the bad fields)
BAD_DATES = [
    ("conversation", {}, {"occurred_at": END_OF_TIME}),
    ("conversation", {}, {"occurred_at": YEAR_ONE}),
    ("conversation", {}, {"occurred_at": "1999-12-31T23:00:00+00:00"}),
    ("person", {}, {"consent": {**CONSENT, "recorded_at": END_OF_TIME}}),
    ("person", {}, {"consent": {**CONSENT, "recorded_at": YEAR_ONE}}),
    ("follow_up", {"what": "Bellen"}, {"due_on": "9999-12-31"}),
    ("follow_up", {"what": "Bellen"}, {"due_on": "0001-01-01"}),
    ("follow_up", {"what": "Bellen"}, {"done_at": END_OF_TIME}),
    ("follow_up", {"what": "Bellen"}, {"done_at": YEAR_ONE}),
]
DATE_IDS = [
    "occurred_at-9999",
    "occurred_at-year-1",
    "occurred_at-1999",
    "consent-recorded_at-9999",
    "consent-recorded_at-year-1",
    "due_on-9999",
    "due_on-year-1",
    "done_at-9999",
    "done_at-year-1",
]


def _valid(device: Device, entity: str, needs: dict[str, Any]) -> dict[str, Any]:
    return conversation(device.buurt) if entity == "conversation" else dict(needs)


@pytest.mark.parametrize(("entity", "needs", "bad"), BAD_DATES, ids=DATE_IDS)
def test_a_new_record_with_an_impossible_date_is_rejected_and_the_rest_applies(
    device: Device, session: Session, entity: str, needs: dict[str, Any], bad: dict[str, Any]
) -> None:
    good = change("conversation", conversation(device.buurt, summary="Blijft bewaard."))
    bad_change = change(entity, {**_valid(device, entity, needs), **bad})
    batch = [bad_change, good]

    first = push(device.client, *batch)
    assert [r["status"] for r in first] == ["rejected", "applied"]
    assert window_reason() in first[0]["reason"]
    assert session.get(Conversation, uuid.UUID(good["id"])) is not None
    # Resent (the phone never heard the answer): the same answers, never a 500.
    again = push(device.client, *batch)
    assert [r["status"] for r in again] == ["rejected", "duplicate"]
    ops = session.exec(select(SyncOperation.op_id)).all()
    assert uuid.UUID(bad_change["op_id"]) not in ops


@pytest.mark.parametrize(("entity", "needs", "bad"), BAD_DATES, ids=DATE_IDS)
def test_an_edit_with_an_impossible_date_is_rejected_and_the_rest_applies(
    device: Device, session: Session, entity: str, needs: dict[str, Any], bad: dict[str, Any]
) -> None:
    record_id = uuid.uuid4()
    other_id = uuid.uuid4()
    created = push(
        device.client,
        change(entity, _valid(device, entity, needs), record_id=record_id),
        change("conversation", conversation(device.buurt), record_id=other_id),
    )
    assert [r["status"] for r in created] == ["applied", "applied"]
    edit = change(entity, bad, record_id=record_id, base_version=1)
    good_edit = change(
        "conversation", {"summary": "Aangevuld."}, record_id=other_id, base_version=1
    )

    first = push(device.client, edit, good_edit)
    assert [r["status"] for r in first] == ["rejected", "applied"]
    assert window_reason() in first[0]["reason"]
    assert first[0]["version"] == 1
    again = push(device.client, edit, good_edit)
    assert [r["status"] for r in again] == ["rejected", "duplicate"]
    other = session.get(Conversation, other_id)
    assert other is not None
    session.refresh(other)
    assert other.summary == "Aangevuld."


def test_a_conversation_days_ahead_is_rejected_but_a_clock_hours_ahead_is_not(
    device: Device,
) -> None:
    now = datetime.now(UTC)
    ahead = change(
        "conversation",
        conversation(device.buurt, occurred_at=(now + timedelta(days=3)).isoformat()),
    )
    skewed = change(
        "conversation",
        conversation(device.buurt, occurred_at=(now + timedelta(hours=5)).isoformat()),
    )
    results = push(device.client, ahead, skewed)
    assert [r["status"] for r in results] == ["rejected", "applied"]
    assert "Deze datum ligt in de toekomst." in results[0]["reason"]


# Each kind of unmeant character, stripped from a text where tab, newline and CR stay.
CLEAN = "Bij de bakker.\tEn\r\nverder"
UNMEANT = {
    # PostgreSQL refuses NUL in text: the whole batch failed there (a 500, good changes lost).
    "nul": "\u0000",
    # Python reads "\ud800" from JSON into a string UTF-8 cannot carry.
    "lone-surrogates": "\udfff\ud800",  # low before high: no pair
    # XML (so XLSX) forbids these; no keyboard types them.
    "controls-and-noncharacters": "\u0007\u001f\ufffe\uffff\ufdd0\ufdef",
}
JUNK = {kind: f"Bij{c} de bakker{c}.\tEn\r\nverder{c}" for kind, c in UNMEANT.items()}


@pytest.mark.parametrize("kind", UNMEANT)
def test_characters_no_one_can_mean_are_stripped_from_every_text_field(
    device: Device, session: Session, kind: str
) -> None:
    junk, bit = JUNK[kind], UNMEANT[kind]
    person_id, conversation_id, idea_id, group_id, follow_up_id = (uuid.uuid4() for _ in range(5))
    results = push(
        device.client,
        change(
            "person",
            {
                "pseudonym": f"B-7F{bit}3K",
                "first_name": f"Ri{bit}a",
                "recognition": junk,
                "street": f"Wijttenbach{bit}straat",
                "consent": CONSENT,
            },
            record_id=person_id,
        ),
        change(
            "conversation",
            conversation(device.buurt, summary=junk, place=junk, referrals=junk),
            record_id=conversation_id,
        ),
        change(
            "discovery",
            {
                "conversation_id": str(conversation_id),
                "kind": "idea",
                "title": junk,
                "description": junk,
                "idea_self": junk,
                "idea_little_help": junk,
                "idea_outside": junk,
            },
            record_id=idea_id,
        ),
        change(
            "discovery",
            {
                "kind": "group",
                "description": junk,
                "group_would_like": junk,
                "group_if_asked": junk,
            },
            record_id=group_id,
        ),
        change("follow_up", {"what": junk}, record_id=follow_up_id),
    )
    assert [r["status"] for r in results] == ["applied"] * 5
    session.expire_all()
    person = session.get(Person, person_id)
    assert person is not None
    assert (person.pseudonym, person.first_name, person.recognition, person.street) == (
        "B-7F3K",
        "Ria",
        CLEAN,
        "Wijttenbachstraat",
    )
    talk = session.get(Conversation, conversation_id)
    assert talk is not None
    assert (talk.summary, talk.place, talk.referrals) == (CLEAN, CLEAN, CLEAN)
    idea = session.get(Discovery, idea_id)
    assert idea is not None
    assert {idea.title, idea.description, idea.idea_self, idea.idea_little_help} == {CLEAN}
    assert idea.idea_outside == CLEAN
    group = session.get(Discovery, group_id)
    assert group is not None
    assert {group.description, group.group_would_like, group.group_if_asked} == {CLEAN}
    follow_up = session.get(FollowUp, follow_up_id)
    assert follow_up is not None
    assert follow_up.what == CLEAN


@pytest.mark.parametrize("kind", UNMEANT)
def test_characters_no_one_can_mean_are_stripped_from_an_edit_and_the_rest_applies(
    device: Device, session: Session, kind: str
) -> None:
    junk = JUNK[kind]
    record_id, other_id = uuid.uuid4(), uuid.uuid4()
    push(
        device.client,
        change("conversation", conversation(device.buurt), record_id=record_id),
        change("conversation", conversation(device.buurt), record_id=other_id),
    )
    results = push(
        device.client,
        change("conversation", {"summary": junk}, record_id=record_id, base_version=1),
        change("conversation", {"place": "op het plein"}, record_id=other_id, base_version=1),
    )
    assert [r["status"] for r in results] == ["applied", "applied"]
    session.expire_all()
    edited = session.get(Conversation, record_id)
    assert edited is not None
    assert edited.summary == CLEAN


def test_an_entity_name_with_a_lone_surrogate_is_one_rejected_change_not_a_failed_batch(
    device: Device,
) -> None:
    results = push(
        device.client,
        change("bewoner\ud800", {"x": 1}),
        change("conversation", conversation(device.buurt)),
    )
    assert [r["status"] for r in results] == ["rejected", "applied"]
    assert results[0]["reason"] == "Onbekend soort gegevens: bewoner"


def test_a_text_of_only_unmeant_characters_counts_as_empty(device: Device) -> None:
    [result] = push(
        device.client, change("conversation", conversation(device.buurt, summary="\u0000\ud800"))
    )
    assert result["status"] == "rejected"
    assert "summary" in result["reason"]


def test_a_pseudonym_outside_the_generated_format_is_rejected(
    device: Device, session: Session
) -> None:
    longer = change("person", {"pseudonym": "B-7F3KQ9"})
    results = push(
        device.client,
        change("person", {"pseudonym": "B-😀"}),
        change("person", {"pseudonym": "B-7F\r\nX: 1"}),
        change("person", {"pseudonym": "Mevrouw Jansen"}),
        change("person", {"pseudonym": "B-0O1I"}),
        longer,
        change("person", {}),
    )
    assert [r["status"] for r in results] == ["rejected"] * 4 + ["applied", "applied"]
    assert "Een pseudoniem ziet eruit als B-7F3K" in results[0]["reason"]
    person = session.get(Person, uuid.UUID(longer["id"]))
    assert person is not None
    assert person.pseudonym == "B-7F3KQ9"


def test_every_generated_pseudonym_passes_the_wire_rule() -> None:
    assert PSEUDONYM_ALPHABET == GENERATED_FROM
    assert all(PSEUDONYM.fullmatch(make_pseudonym()) for _ in range(200))


def test_a_consent_in_the_window_is_kept_as_sent(device: Device, session: Session) -> None:
    person_id = uuid.uuid4()
    [result] = push(
        device.client,
        change(
            "person",
            {"consent": {**CONSENT, "recorded_at": "2026-11-20T10:30:00+01:00"}},
            record_id=person_id,
        ),
    )
    assert result["status"] == "applied"
    consent = session.exec(select(Consent).where(col(Consent.person_id) == person_id)).one()
    assert consent.recorded_at == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
