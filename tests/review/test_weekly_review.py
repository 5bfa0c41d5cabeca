"""Weekoverleg: what is new, the team's decisions (as synced changes with history), merges
kept either way, follow-ups per owner, the meeting itself."""

import uuid
from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.changes.models import Revision
from app.conversations.models import Conversation, Discovery, DiscoveryKind, FollowUp
from app.dates import LOCAL
from app.review.models import ReviewMeeting
from app.review.service import REVIEW_PAGE
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


def post(client: TestClient, path: str, data: dict[str, object]) -> int:
    token = form_token(client, "/weekoverleg")
    response = client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)
    return response.status_code


def test_new_discoveries_are_grouped_and_a_decision_reaches_the_phones(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    coordinator, worker = make_user(session, team), make_user(session, team, name="Bram")
    conversation = make_conversation(session, team, worker, make_neighbourhood(session, team))
    quality = make_discovery(session, team, worker, conversation, description="Kan goed zingen")
    idea = make_discovery(
        session, team, worker, conversation, kind=DiscoveryKind.idea, title="Koor in de kerk"
    )
    login(client, worker)  # the author's phone holds the quality
    _, cursor = pull_all(client)
    login(client, coordinator)
    html = client.get("/weekoverleg").text
    assert "2 ontdekkingen om te bespreken." in html
    assert html.index('id="soort-quality"') < html.index('id="soort-idea"')

    status = post(
        client,
        f"/weekoverleg/ontdekkingen/{quality.id}",
        {"status": "discussed", "note": "Vragen voor het buurtfeest", "highlight": "1"},
    )
    assert status == 303
    session.refresh(quality)
    assert (quality.review_status, quality.review_note, quality.highlight) == (
        "discussed",
        "Vragen voor het buurtfeest",
        True,
    )
    assert quality.version == 2
    revision = session.exec(
        select(Revision).where(Revision.record_id == quality.id, Revision.version == 2)
    ).one()
    assert revision.changes["review_status"] == {"old": "new", "new": "discussed"}
    assert revision.changed_by_id == coordinator.id
    login(client, worker)
    changes, _ = pull_all(client, cursor)
    assert [(c["id"], c["version"]) for c in changes] == [(str(quality.id), 2)]

    login(client, coordinator)
    html = client.get("/weekoverleg").text
    assert "1 ontdekking om te bespreken." in html
    assert "Kan goed zingen" not in html
    assert str(idea.id) in html


def test_opvolgen_makes_a_follow_up_for_an_owner_on_a_date(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    coordinator, worker = make_user(session, team), make_user(session, team, name="Bram")
    conversation = make_conversation(session, team, worker, make_neighbourhood(session, team))
    idea = make_discovery(
        session, team, worker, conversation, kind=DiscoveryKind.idea, title="Ruilkast"
    )
    login(client, coordinator)
    due = datetime.now(LOCAL).date() + timedelta(days=3)
    status = post(
        client,
        f"/weekoverleg/ontdekkingen/{idea.id}",
        {
            "status": "follow_up",
            "follow_up_what": "Met de bibliotheek over een plek praten",
            "follow_up_owner": str(worker.id),
            "follow_up_due": due.isoformat(),
        },
    )
    assert status == 303
    follow_up = session.exec(select(FollowUp).where(FollowUp.discovery_id == idea.id)).one()
    assert (follow_up.owner_id, follow_up.due_on, follow_up.conversation_id) == (
        worker.id,
        due,
        conversation.id,
    )
    session.refresh(idea)
    assert idea.review_status == "follow_up"
    html = client.get("/weekoverleg").text
    assert "Met de bibliotheek over een plek praten" in html
    assert "Bram" in html

    other = make_discovery(session, team, worker, conversation, description="Zingt")
    response = client.post(
        f"/weekoverleg/ontdekkingen/{other.id}",
        data={"status": "follow_up", "csrf_token": form_token(client, "/weekoverleg")},
    )
    assert response.status_code == 400
    assert "Schrijf op wat er opgevolgd wordt." in response.text
    stranger = make_user(session, make_team(session))
    response = client.post(
        f"/weekoverleg/ontdekkingen/{other.id}",
        data={
            "status": "follow_up",
            "follow_up_what": "Bellen",
            "follow_up_owner": str(stranger.id),
            "csrf_token": form_token(client, "/weekoverleg"),
        },
    )
    assert response.status_code == 400
    assert "zit niet in je team" in response.text


def test_a_merge_conflict_can_be_kept_either_way(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    buurt = make_neighbourhood(session, team)
    login(client, user)
    record_id = uuid.uuid4()
    fields = {
        "neighbourhood_id": str(buurt.id),
        "occurred_at": "2026-11-20T10:30:00+01:00",
        "summary": "Eerste versie",
    }
    push(client, change("conversation", fields, record_id=record_id))
    push(
        client,
        change("conversation", {"summary": "Van de laptop"}, record_id=record_id, base_version=1),
    )
    results = push(
        client,
        change("conversation", {"summary": "Van de telefoon"}, record_id=record_id, base_version=1),
    )
    assert results[0]["status"] == "merged"
    html = client.get("/weekoverleg").text
    assert "Van de laptop" in html
    assert "Van de telefoon" in html
    revision = session.exec(
        select(Revision).where(Revision.record_id == record_id, Revision.action == "merge")
    ).one()
    assert post(client, f"/weekoverleg/samenvoegingen/{revision.id}", {"keep": "earlier"}) == 303
    session.expire_all()
    conversation = session.get(Conversation, record_id)
    assert conversation is not None
    assert (conversation.summary, conversation.version) == ("Van de laptop", 4)
    assert session.get(Revision, revision.id).resolved_by_id == user.id  # type: ignore[union-attr]
    assert "Van de telefoon" not in client.get("/weekoverleg").text


def test_a_colleagues_private_discovery_is_neither_listed_nor_decidable(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me, colleague = make_user(session, team), make_user(session, team)
    conversation = make_conversation(session, team, colleague, make_neighbourhood(session, team))
    private = make_discovery(
        session, team, colleague, conversation, description="Alleen voor mij", visibility="private"
    )
    login(client, me)
    assert "Alleen voor mij" not in client.get("/weekoverleg").text
    assert post(client, f"/weekoverleg/ontdekkingen/{private.id}", {"status": "discussed"}) == 404
    session.refresh(private)
    assert private.review_status == "new"


def test_the_meeting_is_recorded_and_people_out_of_touch_are_listed(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me, colleague = make_user(session, team), make_user(session, team, name="Bram")
    person = make_person(session, team, me)
    person.first_name = "Ria"
    person.last_contact_at = datetime.now(UTC) - timedelta(weeks=team.stale_contact_weeks + 1)
    session.flush()
    login(client, me)
    html = client.get("/weekoverleg").text
    assert "Jullie eerste weekoverleg in de app." in html
    assert "Ria" in html

    yesterday = (datetime.now(LOCAL).date() - timedelta(days=1)).isoformat()
    status = post(
        client,
        "/weekoverleg/vergaderingen",
        {
            "held_on": yesterday,
            "attendees": [str(me.id), str(colleague.id)],
            "notes": "Goed gesprek",
        },
    )
    assert status == 303
    meeting = session.exec(select(ReviewMeeting).where(col(ReviewMeeting.team_id) == team.id)).one()
    assert set(meeting.attendee_ids) == {str(me.id), str(colleague.id)}
    assert "Vorige keer:" in client.get("/weekoverleg").text

    stranger = make_user(session, make_team(session))
    assert (
        post(
            client,
            "/weekoverleg/vergaderingen",
            {"held_on": yesterday, "attendees": [str(stranger.id)]},
        )
        == 400
    )
    tomorrow = (datetime.now(LOCAL).date() + timedelta(days=1)).isoformat()
    assert post(client, "/weekoverleg/vergaderingen", {"held_on": tomorrow}) == 400
    assert post(client, "/weekoverleg/vergaderingen", {"held_on": "gisteren"}) == 400


def test_review_fields_do_not_leak_into_the_wire_contract(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    user = make_user(session, team)
    conversation = make_conversation(session, team, user, make_neighbourhood(session, team))
    discovery = make_discovery(session, team, user, conversation)
    login(client, user)
    changes, _ = pull_all(client)
    pulled = next(c for c in changes if c["id"] == str(discovery.id))
    assert "review_note" not in pulled["fields"]
    assert session.get(Discovery, discovery.id) is not None


def test_since_the_last_meeting_is_exact_and_older_open_items_stay_in_view(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me = make_user(session, team)
    conversation = make_conversation(session, team, me, make_neighbourhood(session, team))
    older = make_discovery(session, team, me, conversation, description="Van voor het overleg")
    older.created_at = datetime.now(UTC) - timedelta(days=3)
    session.add(ReviewMeeting(team_id=team.id, held_at=datetime.now(UTC) - timedelta(days=1)))
    session.flush()
    make_discovery(session, team, me, conversation, description="Na het overleg binnen")
    login(client, me)
    html = client.get("/weekoverleg").text
    main, rest = html.split("Van eerder, nog open (1)")
    assert "Na het overleg binnen" in main
    assert "Van voor het overleg" not in main
    assert "Van voor het overleg" in rest
    assert "1 ontdekking om te bespreken." in html
    assert "En 1 van eerder staat nog open." in html


def test_a_busy_week_shows_the_oldest_per_kind_and_counts_them_all(
    client: TestClient, session: Session
) -> None:
    """Thousands open must not make the meeting's page slow: per kind the oldest page, the
    exact totals, and "toon alle" for the rest. Deciding one brings the next into view."""
    team = make_team(session)
    coordinator, worker = make_user(session, team), make_user(session, team, name="Bram")
    conversation = make_conversation(session, team, worker, make_neighbourhood(session, team))
    start = datetime(2026, 11, 2, 9, tzinfo=UTC)
    qualities = []
    for n in range(REVIEW_PAGE + 5):
        quality = make_discovery(session, team, worker, conversation, description=f"Talent {n:02d}")
        quality.created_at = start + timedelta(minutes=n)
        session.add(quality)
        qualities.append(quality)
    make_discovery(session, team, worker, conversation, kind=DiscoveryKind.idea, title="Koor")
    session.commit()
    login(client, coordinator)

    html = client.get("/weekoverleg").text
    assert f"{REVIEW_PAGE + 6} ontdekkingen om te bespreken." in html
    shown = [n for n in range(REVIEW_PAGE + 5) if f"Talent {n:02d}" in html]
    assert shown == list(range(REVIEW_PAGE))
    assert f"Toon alle {REVIEW_PAGE + 5}" in html
    assert "Koor" in html

    html = client.get("/weekoverleg?alle=quality").text
    assert all(f"Talent {n:02d}" in html for n in range(REVIEW_PAGE + 5))
    assert f"Toon alleen de oudste {REVIEW_PAGE}" in html
    assert client.get("/weekoverleg?alle=onzin").status_code == 200  # just the usual page

    token = form_token(client, "/weekoverleg?alle=quality")
    response = client.post(
        f"/weekoverleg/ontdekkingen/{qualities[0].id}",
        data={"status": "discussed", "alle": "quality", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/weekoverleg?alle=quality#soort-quality"
    html = client.get("/weekoverleg").text
    shown = [n for n in range(REVIEW_PAGE + 5) if f"Talent {n:02d}" in html]
    assert shown == list(range(1, REVIEW_PAGE + 1))
    assert f"{REVIEW_PAGE + 5} ontdekkingen om te bespreken." in html


def test_a_meeting_date_or_conflict_number_no_one_can_mean_is_refused_in_dutch(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    login(client, make_user(session, team))
    for held_on in ("0001-01-01", "1999-12-31", "２０２６-01-05"):
        assert post(client, "/weekoverleg/vergaderingen", {"held_on": held_on}) == 400, held_on
    # "²".isdigit() is true, yet int("²") fails.
    assert post(client, "/weekoverleg/samenvoegingen/²", {"keep": "earlier"}) == 404
