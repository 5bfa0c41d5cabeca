"""Text typed into a page's form is cleaned like every pushed text (app.validation): NUL and
other characters no one can mean never reach the database, which on PostgreSQL refused them
with a 500."""

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.review.models import ReviewMeeting
from app.teams.models import Neighbourhood, Role
from tests.factories import form_token, login, make_team, make_user


def test_form_text_with_characters_no_one_means_is_stored_clean(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    coordinator = make_user(session, team, role=Role.coordinator)
    login(client, coordinator)
    token = form_token(client, "/team")
    added = client.post(
        "/team/buurten",
        data={"csrf_token": token, "name": "Dapper\x00buurt\ufffe"},
        follow_redirects=False,
    )
    assert added.status_code == 303, added.text
    names = session.exec(
        select(Neighbourhood.name).where(col(Neighbourhood.team_id) == team.id)
    ).all()
    assert "Dapperbuurt" in names
    token = form_token(client, "/weekoverleg")
    saved = client.post(
        "/weekoverleg/vergaderingen",
        data={"csrf_token": token, "held_on": "2026-11-20", "notes": "Goed\x00 overleg\x07."},
        follow_redirects=False,
    )
    assert saved.status_code == 303, saved.text
    meeting = session.exec(select(ReviewMeeting).where(col(ReviewMeeting.team_id) == team.id)).one()
    assert meeting.notes == "Goed overleg."
