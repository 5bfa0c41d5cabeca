"""Conversation cards: je or u per team (for the team's own cards too, and on the phones),
edit, reorder, retire and bring back, and adding the standard cards that are missing — safe to
run twice."""

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.teams.cards import render_card
from app.teams.defaults import DEFAULT_PROMPTS
from app.teams.models import PromptCard, Role, Team
from testkit.wire import pull_all
from tests.factories import form_token, login, make_team, make_user


def post(client: TestClient, path: str, **data: str) -> tuple[int, str]:
    token = form_token(client, "/weekoverleg")
    response = client.post(path, data={**data, "csrf_token": token}, follow_redirects=False)
    return response.status_code, response.text


def cards(session: Session, team: Team) -> list[PromptCard]:
    return list(
        session.exec(
            select(PromptCard)
            .where(col(PromptCard.team_id) == team.id, col(PromptCard.deleted_at).is_(None))
            .order_by(col(PromptCard.position))
        )
    )


def test_a_card_reads_in_the_teams_form() -> None:
    text = "Wat {kun je|kunt u} goed met {je|uw} handen?"
    assert render_card(text, "je") == "Wat kun je goed met je handen?"
    assert render_card(text, "u") == "Wat kunt u goed met uw handen?"
    assert render_card("Waar komen mensen hier samen?", "u") == "Waar komen mensen hier samen?"


def test_a_new_team_gets_the_cards_the_method_relies_on(session: Session) -> None:
    team = make_team(session)
    texts = [render_card(c.text, "je") for c in cards(session, team)]
    assert "Vertel eens over een keer dat buren samen iets voor elkaar kregen." in texts
    assert "Waar komen mensen hier samen?" in texts
    assert "Wat doe je al, hier in de buurt?" in texts
    assert len(texts) == len(DEFAULT_PROMPTS)


def test_the_address_form_reaches_pages_and_phones(client: TestClient, session: Session) -> None:
    team = make_team(session)
    login(client, make_user(session, team, role=Role.coordinator))
    assert "Wat kun je goed met je handen?" in client.get("/team").text
    _, cursor = pull_all(client)
    assert (
        post(client, "/team/vragen", group="dreams", text="Wat {wil je|wilt u} hier zien?")[0]
        == 303
    )
    assert post(client, "/team/aanspreekvorm", form="u")[0] == 303
    assert post(client, "/team/aanspreekvorm", form="jij")[0] == 400
    html = client.get("/team").text
    assert "Wat kunt u goed met uw handen?" in html
    assert "Wat wilt u hier zien?" in html
    changes, _ = pull_all(client, cursor)
    texts = {c["fields"]["text"] for c in changes if c["entity"] == "prompt"}
    # Phones get the text as the team says it: the new card and every card that changed form.
    assert {"Wat wilt u hier zien?", "Wat kunt u goed met uw handen?"} <= texts
    assert not any("{" in t for t in texts)
    assert "Met wie moet ik nog meer praten?" not in texts  # reads the same: no new version


def test_a_card_with_a_broken_choice_is_refused(client: TestClient, session: Session) -> None:
    team = make_team(session)
    login(client, make_user(session, team, role=Role.coordinator))
    status, text = post(client, "/team/vragen", group="head", text="Wat {weet je over?")
    assert status == 400
    assert "{je-vorm|u-vorm}" in text


def test_edit_reorder_retire_and_bring_back(client: TestClient, session: Session) -> None:
    team = make_team(session)
    login(client, make_user(session, team, role=Role.coordinator))
    first, second = cards(session, team)[:2]
    assert post(client, f"/team/vragen/{second.id}/omhoog")[0] == 303
    session.expire_all()
    assert [c.id for c in cards(session, team)[:2]] == [second.id, first.id]
    assert post(client, f"/team/vragen/{second.id}/omlaag")[0] == 303
    session.expire_all()
    assert [c.id for c in cards(session, team)[:2]] == [first.id, second.id]
    assert (
        post(client, f"/team/vragen/{first.id}/bewerk", group="heart", text="Wat raakt {je|u}?")[0]
        == 303
    )
    session.expire_all()
    assert (first.prompt_group, first.text) == ("heart", "Wat raakt {je|u}?")
    assert post(client, f"/team/vragen/{first.id}/weg")[0] == 303
    session.expire_all()
    assert first.id not in [c.id for c in cards(session, team)]
    assert "1 kaart uit gebruik" in client.get("/team").text
    assert post(client, f"/team/vragen/{first.id}/terug")[0] == 303
    session.expire_all()
    assert cards(session, team)[-1].id == first.id


def test_adding_the_missing_standard_cards_is_safe_twice(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    login(client, make_user(session, team, role=Role.coordinator))
    # A team from before: its cards in the old u-wording, one retired, the new ones missing.
    old_words = {
        "Wat {kun je|kunt u} goed met {je|uw} handen?": "Wat kunt u goed met uw handen?",
    }
    every = cards(session, team)
    for card in every:
        if card.text in old_words:
            card.text = old_words[card.text]
        elif card.text == "Waar komen mensen hier samen?":
            session.delete(card)
    retired = next(c for c in every if c.text.startswith("Vertel eens"))
    assert post(client, f"/team/vragen/{retired.id}/weg")[0] == 303
    session.flush()
    assert post(client, "/team/vragen/standaard")[0] == 303
    session.expire_all()
    texts = [c.text for c in cards(session, team)]
    assert "Waar komen mensen hier samen?" in texts
    assert "Wat {kun je|kunt u} goed met {je|uw} handen?" in texts  # reads in both forms now
    assert not any(t.startswith("Vertel eens") for t in texts)  # retired stays retired
    assert post(client, "/team/vragen/standaard")[0] == 303
    session.expire_all()
    assert [c.text for c in cards(session, team)] == texts
    assert "0 standaardkaarten toegevoegd" in client.get("/team?kaarten=0").text
