"""The Tocht page: filters that narrow, keyset pages that cover everything once, and clear
Dutch errors for a malformed URL."""

import base64
import re
import uuid
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.conversations.models import DiscoveryKind, ReviewStatus
from app.journey.service import PAGE_SIZE
from app.teams.models import Role, Theme
from app.validation import latest_day
from tests.factories import (
    login,
    make_conversation,
    make_discovery,
    make_neighbourhood,
    make_team,
    make_user,
)

SUMMARY = re.compile(r'<p class="summary">([^<]*)</p>')


def summaries(client: TestClient, **params: str) -> list[str]:
    response = client.get("/tocht", params=params)
    assert response.status_code == 200, response.text
    return SUMMARY.findall(response.text)


def test_filters_narrow_the_log(client: TestClient, session: Session) -> None:
    team = make_team(session)
    me, colleague = make_user(session, team), make_user(session, team, name="Bram")
    oost, west = (
        make_neighbourhood(session, team, "Oost"),
        make_neighbourhood(session, team, "West"),
    )
    theme = session.exec(select(Theme).where(col(Theme.team_id) == team.id)).first()
    assert theme is not None
    monday = datetime(2026, 11, 23, 9, tzinfo=UTC)  # ISO week 2026-W48
    a = make_conversation(session, team, me, oost, summary="Een in Oost", occurred_at=monday)
    b = make_conversation(
        session,
        team,
        colleague,
        west,
        summary="Twee in West",
        occurred_at=monday - timedelta(days=7),
    )
    make_conversation(
        session,
        team,
        me,
        west,
        summary="Drie zonder ontdekking",
        occurred_at=monday - timedelta(days=30),
    )
    make_discovery(session, team, me, a, kind=DiscoveryKind.idea, title="Buurtmoestuin")
    quality = make_discovery(
        session, team, colleague, b, themes=[theme.id], dimensions=["hands"], description="Timmert"
    )
    quality.review_status = ReviewStatus.discussed.value
    session.flush()
    login(client, me)

    assert summaries(client) == ["Een in Oost", "Twee in West", "Drie zonder ontdekking"]
    assert summaries(client, buurt=str(west.id)) == ["Twee in West", "Drie zonder ontdekking"]
    assert summaries(client, auteur=str(colleague.id)) == ["Twee in West"]
    assert summaries(client, week="2026-W48") == ["Een in Oost"]
    assert summaries(client, van="2026-11-16", tot="2026-11-16") == ["Twee in West"]
    assert summaries(client, soort="idea") == ["Een in Oost"]
    assert summaries(client, thema=str(theme.id)) == ["Twee in West"]
    assert summaries(client, dimensie="hands") == ["Twee in West"]
    assert summaries(client, dimensie="head") == []
    assert summaries(client, status="discussed") == ["Twee in West"]
    assert summaries(client, buurt=str(oost.id), soort="quality") == []
    # An id of another team's buurt simply finds nothing.
    other = make_neighbourhood(session, make_team(session), "Elders")
    assert summaries(client, buurt=str(other.id)) == []


def test_a_private_discovery_shows_only_to_its_author(client: TestClient, session: Session) -> None:
    team = make_team(session)
    me, colleague = make_user(session, team), make_user(session, team)
    conversation = make_conversation(session, team, colleague, make_neighbourhood(session, team))
    make_discovery(
        session, team, colleague, conversation, description="Alleen voor mij", visibility="private"
    )
    make_discovery(session, team, colleague, conversation, description="Voor het team")
    login(client, me)
    html = client.get("/tocht").text
    assert "Voor het team" in html
    assert "Alleen voor mij" not in html
    login(client, colleague)
    assert "Alleen voor mij" in client.get("/tocht").text


def test_pages_cover_every_conversation_once_newest_first(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me = make_user(session, team)
    buurt = make_neighbourhood(session, team)
    start = datetime(2026, 10, 1, 12, tzinfo=UTC)
    expected = []
    for i in range(PAGE_SIZE * 2 + 5):
        # Pairs share a moment: the id breaks the tie, so no page skips or repeats one.
        made = make_conversation(
            session,
            team,
            me,
            buurt,
            summary=f"Gesprek {i:03d}",
            occurred_at=start + timedelta(hours=i // 2),
        )
        expected.append((made.occurred_at, made.id, made.summary))
    expected.sort(reverse=True)
    login(client, me)
    seen: list[str] = []
    url = "/tocht?buurt=" + str(buurt.id)
    while url:
        html = client.get(url).text
        seen += SUMMARY.findall(html)
        more = re.search(r'href="(/tocht\?[^"]*na=[^"]+)"', html)
        url = more.group(1).replace("&amp;", "&") if more else ""
    assert seen == [summary for _, _, summary in expected]
    assert "Dit is het begin van jullie tocht." in html


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"week": "2026-W99"}, "Kies een week als 2026-W48."),
        ({"week": "vorige week"}, "Kies een week als 2026-W48."),
        ({"van": "31-12-2026"}, "Vul een datum in als jjjj-mm-dd."),
        ({"van": "2026-12-31", "tot": "2026-12-01"}, "De einddatum ligt voor de begindatum."),
        ({"buurt": "oost"}, "Dit filter kent de tocht niet."),
        ({"soort": "probleem"}, "Dit filter kent de tocht niet."),
        ({"q": "x" * 201}, "Deze zoekopdracht is te lang."),
        ({"na": "niet-een-cursor"}, "Deze pagina van de tocht bestaat niet (meer)."),
    ],
)
def test_a_malformed_url_gets_a_dutch_400(
    client: TestClient, session: Session, params: dict[str, str], message: str
) -> None:
    team = make_team(session)
    login(client, make_user(session, team))
    response = client.get("/tocht", params=params)
    assert response.status_code == 400
    assert message in response.text


def test_the_tocht_needs_a_login(client: TestClient) -> None:
    response = client.get("/tocht", follow_redirects=False)
    assert response.status_code in (302, 303, 401)


def test_empty_form_fields_are_dropped_from_the_address(
    client: TestClient, session: Session
) -> None:
    login(client, make_user(session, make_team(session)))
    response = client.get("/tocht?q=moestuin&buurt=&week=&soort=", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/tocht?q=moestuin"
    response = client.get("/tocht?q=&buurt=", follow_redirects=False)
    assert response.headers["location"] == "/tocht"


@pytest.mark.parametrize(
    "path",
    [
        "/tocht",
        "/verbindingen",
        "/overzicht",
        "/overzicht/afdrukken",
        "/overzicht.pdf",
        "/overzicht.xlsx",
        "/overzicht.zip",
    ],
)
@pytest.mark.parametrize(
    "params",
    [{"van": "0001-01-01"}, {"tot": "9999-12-31"}, {"van": "1999-12-31", "tot": "2026-01-01"}],
    ids=["van-year-1", "tot-9999", "van-1999"],
)
def test_a_period_outside_the_date_window_is_a_dutch_400_on_every_page(
    client: TestClient, session: Session, path: str, params: dict[str, str]
) -> None:
    team = make_team(session)
    login(client, make_user(session, team, role=Role.coordinator))
    response = client.get(path, params=params)
    assert response.status_code == 400
    assert f"kies een datum tussen 2000 en {latest_day().year}." in response.text


@pytest.mark.parametrize("week", ["0001-W01", "9999-W52", "1999-W52"])
def test_a_week_outside_the_date_window_is_a_dutch_400(
    client: TestClient, session: Session, week: str
) -> None:
    team = make_team(session)
    login(client, make_user(session, team))
    response = client.get("/tocht", params={"week": week})
    assert response.status_code == 400
    assert "Deze datum kan niet kloppen" in response.text


def test_a_date_in_other_digits_is_not_a_date(client: TestClient, session: Session) -> None:
    team = make_team(session)
    login(client, make_user(session, team))
    response = client.get("/tocht", params={"van": "２０２６-11-20"})
    assert response.status_code == 400
    assert "Vul een datum in als jjjj-mm-dd." in response.text


@pytest.mark.parametrize(
    "moment",
    ["0001-01-01T00:00:00+01:00", "2026-11-20T10:00:00", "9999-12-31T23:30:00-01:00"],
    ids=["year-1-ahead-of-utc", "no-offset", "year-9999-behind-utc"],
)
def test_a_forged_page_cursor_is_a_dutch_400(
    client: TestClient, session: Session, moment: str
) -> None:
    team = make_team(session)
    login(client, make_user(session, team))
    raw = f"{moment}|{uuid.uuid4()}".encode()
    cursor = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    response = client.get("/tocht", params={"na": cursor})
    assert response.status_code == 400
    assert "Deze pagina van de tocht bestaat niet (meer)." in response.text
