"""Weekoverleg: which cards led to discoveries this quarter — conversations per card and the
discoveries they surfaced (never private ones), most fruitful first, the team's own only."""

from datetime import UTC, date, datetime, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.conversations.models import Visibility
from app.review.cards import cards_this_quarter, quarter_start
from app.teams.models import PromptCard, Role, Team
from tests.factories import (
    login,
    make_conversation,
    make_discovery,
    make_neighbourhood,
    make_team,
    make_user,
)

NOW = datetime.now(UTC)


def card(session: Session, team: Team, starts: str) -> PromptCard:
    return session.exec(
        select(PromptCard).where(
            col(PromptCard.team_id) == team.id, col(PromptCard.text).startswith(starts)
        )
    ).one()


def test_quarter_start() -> None:
    assert quarter_start(date(2026, 12, 4)) == date(2026, 10, 1)
    assert quarter_start(date(2026, 1, 1)) == date(2026, 1, 1)


def test_cards_are_counted_by_the_discoveries_they_led_to(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    author = make_user(session, team, role=Role.coordinator)
    buurt = make_neighbourhood(session, team)
    story = card(session, team, "Vertel eens")
    hands = card(session, team, "Wat {kun je")
    together = card(session, team, "Waar komen mensen")
    one = make_conversation(session, team, author, buurt, prompt_ids=[story.id, hands.id])
    make_discovery(session, team, author, one)
    make_discovery(session, team, author, one, description="Zingt in een koor")
    make_discovery(session, team, author, one, visibility=Visibility.private)
    two = make_conversation(session, team, author, buurt, prompt_ids=[hands.id, together.id])
    make_conversation(session, team, author, buurt, prompt_ids=[together.id])
    make_discovery(session, team, author, two)
    # Last quarter does not count.
    old = make_conversation(
        session,
        team,
        author,
        buurt,
        prompt_ids=[together.id],
        occurred_at=datetime.combine(quarter_start(NOW.date()), datetime.min.time(), UTC)
        - timedelta(days=2),
    )
    make_discovery(session, team, author, old)
    # Another team's use of its own cards is not ours.
    other = make_team(session, "Ander team")
    other_author = make_user(session, other)
    make_conversation(
        session,
        other,
        other_author,
        make_neighbourhood(session, other),
        prompt_ids=[card(session, other, "Vertel eens").id],
    )

    counts = cards_this_quarter(session, team, NOW.date())
    assert [(c.card_id, c.conversations, c.discoveries) for c in counts] == [
        (hands.id, 2, 3),
        (story.id, 1, 2),
        (together.id, 2, 1),
    ]
    assert counts[0].text == "Wat kun je goed met je handen?"

    login(client, author)
    response = client.get("/weekoverleg")
    assert response.status_code == 200
    assert response.context["card_counts"] == counts  # type: ignore[attr-defined]
    assert "Kaarten die iets opleverden" in response.text
    assert "Wat kun je goed met je handen?" in response.text


def test_no_cards_used_yet(client: TestClient, session: Session) -> None:
    team = make_team(session)
    login(client, make_user(session, team))
    response = client.get("/weekoverleg")
    assert response.context["card_counts"] == []  # type: ignore[attr-defined]
    assert "nog geen gesprek met een kaart" in response.text
