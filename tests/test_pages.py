import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from tests.factories import (
    login,
    make_conversation,
    make_neighbourhood,
    make_team,
    make_user,
)

NAV = ("Vandaag", "Nieuw gesprek", "Tocht", "Weekoverleg", "Overzicht")


def test_app_shell_pages_carry_no_data_and_need_no_login(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me = make_user(session, team, name="Anouk Bakker")
    buurt = make_neighbourhood(session, team, "Dapperbuurt")
    make_conversation(session, team, me, buurt, summary="Over de ruilkast bij de bibliotheek.")
    anonymous = client.get("/")
    login(client, me)
    for path in ("/", "/gesprekken/nieuw"):
        response = client.get(path)
        assert response.status_code == 200
        # Identical for everyone: the service worker may keep it, it holds nothing personal.
        if path == "/":
            assert response.text == anonymous.text
        assert "ruilkast" not in response.text
        assert "Anouk" not in response.text
        assert "Dapperbuurt" not in response.text
        assert 'data-app="app"' in response.text


def test_capture_shell_has_the_names_tests_and_screen_readers_rely_on(client: TestClient) -> None:
    html = client.get("/gesprekken/nieuw").text
    assert '<label for="summary">Samenvatting</label>' in html
    assert ">Opslaan</button>" in html
    assert 'role="status"' in html


@pytest.mark.parametrize(
    ("path", "template", "active"),
    [
        ("/", "conversations/today.html", "Vandaag"),
        ("/gesprekken/nieuw", "conversations/new.html", "Nieuw gesprek"),
        ("/tocht", "journey/journey.html", "Tocht"),
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
