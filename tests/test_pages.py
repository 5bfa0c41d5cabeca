from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import (
    login,
    make_conversation,
    make_follow_up,
    make_neighbourhood,
    make_team,
    make_user,
)

NAV = ("Vandaag", "Nieuw gesprek", "Tocht", "Weekoverleg", "Overzicht")


def test_today_lists_own_recent_conversations_and_follow_ups(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me = make_user(session, team, name="Anouk Bakker")
    colleague = make_user(session, team)
    buurt = make_neighbourhood(session, team, "Dapperbuurt")
    mine = make_conversation(
        session,
        team,
        me,
        buurt,
        summary="Over de ruilkast bij de bibliotheek.",
        occurred_at=datetime.now(UTC) - timedelta(hours=2),
    )
    make_conversation(session, team, colleague, buurt, summary="Gesprek van een collega.")
    make_follow_up(session, team, me, mine)
    login(client, me)
    response = client.get("/")
    assert response.status_code == 200
    assert response.template.name == "conversations/today.html"  # type: ignore[attr-defined]
    assert [c.id for c in response.context["conversations"]] == [mine.id]  # type: ignore[attr-defined]
    assert "Hoi Anouk" in response.text
    assert "Over de ruilkast bij de bibliotheek." in response.text
    assert "Gesprek van een collega." not in response.text
    assert "Terugbellen over de buurtmaaltijd" in response.text
    assert f'href="/gesprekken/{mine.id}"' in response.text


@pytest.mark.parametrize(
    ("path", "template", "active"),
    [
        ("/", "conversations/today.html", "Vandaag"),
        ("/gesprekken/nieuw", "conversations/new.html", "Nieuw gesprek"),
        ("/tocht", "conversations/journey.html", "Tocht"),
        ("/weekoverleg", "review/weekly.html", "Weekoverleg"),
        ("/overzicht", "export/overview.html", "Overzicht"),
    ],
)
def test_every_main_page_has_the_navigation_with_current_item(
    client: TestClient, session: Session, path: str, template: str, active: str
) -> None:
    team = make_team(session)
    login(client, make_user(session, team))
    response = client.get(path)
    assert response.status_code == 200
    assert response.template.name == template  # type: ignore[attr-defined]
    for item in NAV:
        assert f"<span>{item}</span>" in response.text
    current = response.text.split('aria-current="page"', 1)[1]
    assert current.split("</span>", 1)[0].endswith(active)


def test_unknown_page_is_a_dutch_404(client: TestClient) -> None:
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet (meer)." in response.text


def test_unknown_api_path_is_json_404(client: TestClient) -> None:
    response = client.get("/api/bestaat-niet")
    assert response.status_code == 404
    assert response.json() == {"detail": "Deze pagina bestaat niet (meer)."}
