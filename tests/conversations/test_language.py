"""The language a talk was in (issue 18, part 4): noted on the phone if the buurtwerker
wants to, and counted in the krachtenoverzicht ("in 3 talen"), small cells suppressed."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.conversations.models import Conversation, DiscoveryKind
from testkit.wire import WireChange, change, pull_all, push
from tests.export.pdf import xlsx_text
from tests.factories import login, make_discovery, make_neighbourhood, make_team, make_user


def _talk(buurt_id: str, language: str | None) -> WireChange:
    fields: dict[str, object] = {
        "neighbourhood_id": buurt_id,
        "occurred_at": datetime.now(UTC).isoformat(),
        "summary": "Praatje op de markt over de stoffenkraam.",
    }
    if language is not None:
        fields["language"] = language
    return change("conversation", fields)


def test_a_talks_language_is_noted_on_the_phone_and_refused_when_unknown(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me = make_user(session, team)
    buurt = str(make_neighbourhood(session, team).id)
    login(client, me)
    turkish, unknown, not_noted = _talk(buurt, "tr"), _talk(buurt, "klingon"), _talk(buurt, None)
    results = push(client, turkish, unknown, not_noted)
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"]
    assert "language" in results[1]["reason"]  # which field, in the answer to the phone
    stored = session.get(Conversation, uuid.UUID(str(turkish["id"])))
    assert stored is not None
    assert stored.language == "tr"
    changes, _cursor = pull_all(client)
    languages = {c["id"]: c["fields"]["language"] for c in changes if c["entity"] == "conversation"}
    assert languages == {turkish["id"]: "tr", not_noted["id"]: ""}
    page = client.get(f"/gesprekken/{turkish['id']}").text
    assert "in het Turks" in page


def test_the_overview_counts_the_talks_per_language(client: TestClient, session: Session) -> None:
    team = make_team(session)
    me = make_user(session, team)
    buurt = make_neighbourhood(session, team)
    login(client, me)
    talks = [_talk(str(buurt.id), language) for language in ("tr", "tr", "tr", "ar", "", None)]
    assert {r["status"] for r in push(client, *talks)} == {"applied"}
    talk = session.get(Conversation, uuid.UUID(str(talks[0]["id"])))
    assert talk is not None
    make_discovery(
        session, team, me, talk, kind=DiscoveryKind.quality, visibility="overview", highlight=True
    )
    session.flush()
    html = client.get("/overzicht", params={"buurt": str(buurt.id)}).text
    assert "De gesprekken gingen in 2 talen." in html
    assert "Gesprekken per taal" in html
    _sheets, sheet = xlsx_text(
        client.get("/overzicht.xlsx", params={"buurt": str(buurt.id)}).content
    )
    assert "Talen van de gesprekken" in sheet
    # Three talks in Turkish are counted; one in Arabic could point to someone: "<3".
    assert "Turks" in sheet
    assert "Arabisch" in sheet
    assert "<3" in sheet
