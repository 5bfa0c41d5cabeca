"""The krachtenoverzicht's privacy rules: only what may be shown, nobody named without
consent, honest counts, empty sections left out."""

import uuid

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.conversations.models import AskStatus, DiscoveryKind, InstitutionOffer
from app.conversations.schemas import Ask
from app.people.models import ConsentScope
from app.people.schemas import ConsentIn, PersonCreate
from app.people.service import create_person
from app.teams.models import Theme
from tests.export.pdf import xlsx_text
from tests.factories import (
    login,
    make_conversation,
    make_discovery,
    make_neighbourhood,
    make_team,
    make_user,
)


def test_only_shareable_discoveries_and_only_consented_names(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me = make_user(session, team)
    buurt = make_neighbourhood(session, team, "Oosterpark")
    in_team = [ConsentScope.store_name, ConsentScope.share_in_team]
    ria = create_person(
        session,
        team,
        me.id,
        data=PersonCreate(
            first_name="Ria", consent=ConsentIn(scopes=[*in_team, ConsentScope.name_in_overview])
        ),
    )
    kees = create_person(
        session,
        team,
        me.id,
        data=PersonCreate(first_name="Kees", consent=ConsentIn(scopes=in_team)),
    )
    talk = make_conversation(session, team, me, buurt, people=[ria, kees])
    music = session.exec(
        select(Theme).where(col(Theme.team_id) == team.id, col(Theme.name) == "muziek")
    ).one()
    for n in range(3):
        make_discovery(
            session,
            team,
            me,
            talk,
            description=f"Zingt in koor {n}",
            person_ids=[ria.id],
            themes=[music.id],
            visibility="overview",
        )
    make_discovery(
        session,
        team,
        me,
        talk,
        description="Repareert fietsen",
        person_ids=[kees.id],
        visibility="overview",
    )
    make_discovery(session, team, me, talk, description="Alleen voor het team")
    highlighted = make_discovery(
        session, team, me, talk, kind=DiscoveryKind.story, description="Door het team uitgelicht"
    )
    highlighted.highlight = True
    secret = make_discovery(session, team, me, talk, description="Privé", visibility="private")
    secret.highlight = True
    session.flush()
    login(client, me)
    html = client.get("/overzicht").text
    assert "Zingt in koor 0" in html
    assert "Repareert fietsen" in html
    assert "Door het team uitgelicht" in html
    assert "Alleen voor het team" not in html
    assert "Privé" not in html
    assert "Ria" in html
    assert "Kees" not in html  # no name_in_overview consent
    assert ria.pseudonym not in html
    assert kees.pseudonym not in html
    # Counts count everything recorded, never a private one; a small count of recorded
    # things is shown as it is (the charts' text alternative says so).
    assert "muziek: 3" in html
    assert "Verhalen en cultuur: 1" in html
    assert "Bewoners en hun talenten: 5" in html  # 3 + 1 shared, 1 team-only; not the private
    assert "5 kwaliteiten genoteerd, 4 hieronder uitgelicht." in html
    # Sections without content are left out.
    assert "Kwaliteiten" in html
    assert "Verhalen" in html
    assert "Haakjes en relaties" not in html
    assert "Ideeën en initiatieven" not in html


def test_an_empty_selection_says_so(client: TestClient, session: Session) -> None:
    team = make_team(session)
    me = make_user(session, team)
    buurt = make_neighbourhood(session, team)
    talk = make_conversation(session, team, me, buurt)
    make_discovery(session, team, me, talk, kind=DiscoveryKind.idea, title="Nog niet gedeeld")
    login(client, me)
    html = client.get("/overzicht", params={"buurt": str(buurt.id)}).text
    assert "Nog niets voor het krachtenoverzicht" in html
    assert "Nog niet gedeeld" not in html
    assert client.get("/overzicht", params={"van": "gisteren"}).status_code == 400
    other = make_neighbourhood(session, make_team(session), "Elders")
    html = client.get("/overzicht", params={"buurt": str(other.id)}).text
    assert "Elders" not in html


def test_free_text_never_names_a_resident_without_consent(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me = make_user(session, team)
    buurt = make_neighbourhood(session, team)
    in_team = [ConsentScope.store_name, ConsentScope.share_in_team]
    create_person(
        session,
        team,
        me.id,
        data=PersonCreate(first_name="Priya", consent=ConsentIn(scopes=in_team)),
    )
    create_person(
        session,
        team,
        me.id,
        data=PersonCreate(
            first_name="Gerda", consent=ConsentIn(scopes=[*in_team, ConsentScope.name_in_overview])
        ),
    )
    talk = make_conversation(session, team, me, buurt)
    soup = make_discovery(
        session,
        team,
        me,
        talk,
        kind=DiscoveryKind.idea,
        title="Soep voor de theeclub",
        description="priya brengt soep mee. Daarna helpt Gerda met Priya's pannen.",
        idea_outside="Een grotere pan, vraagt Priya.",
        visibility="overview",
    )
    session.flush()
    login(client, me)
    html = client.get("/overzicht").text
    assert "Priya" not in html
    assert "priya" not in html
    assert "Een bewoner brengt soep mee. Daarna helpt Gerda met een bewoner" in html
    assert "Een grotere pan, vraagt een bewoner." in html
    # The record itself is untouched.
    session.refresh(soup)
    assert soup.description.startswith("priya brengt soep mee")


def test_several_buurten_at_once_and_never_another_teams(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me = make_user(session, team)
    oost = make_neighbourhood(session, team, "Oosterpark")
    dapper = make_neighbourhood(session, team, "Dapperbuurt")
    west = make_neighbourhood(session, team, "Westerpark")
    for buurt in (oost, dapper, west):
        talk = make_conversation(session, team, me, buurt)
        make_discovery(
            session, team, me, talk, description=f"Kwaliteit in {buurt.name}", visibility="overview"
        )
    other = make_neighbourhood(session, make_team(session), "Elders")
    login(client, me)
    html = client.get(
        "/overzicht", params=[("buurt", str(oost.id)), ("buurt", str(dapper.id))]
    ).text
    assert "Kwaliteit in Oosterpark" in html
    assert "Kwaliteit in Dapperbuurt" in html
    assert "Kwaliteit in Westerpark" not in html
    html = client.get("/overzicht", params={"buurt": str(other.id)}).text
    assert "Elders" not in html
    assert "Kwaliteit in" not in html
    assert client.get("/overzicht", params={"buurt": "oost"}).status_code == 400


def test_asks_come_only_from_shown_ideas_and_a_private_institution_stays_unnamed(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me = make_user(session, team)
    buurt = make_neighbourhood(session, team)
    talk = make_conversation(session, team, me, buurt)
    secret_place = make_discovery(
        session,
        team,
        me,
        talk,
        kind=DiscoveryKind.institution,
        title="Geheime zaal",
        offers=[InstitutionOffer.space],
        visibility="private",
    )
    for title, visibility in (("Gedeeld idee", "overview"), ("Teamidee", "team")):
        make_discovery(
            session,
            team,
            me,
            talk,
            kind=DiscoveryKind.idea,
            title=title,
            visibility=visibility,
            asks=[
                Ask(
                    id=uuid.uuid4(),
                    what=f"Een zaal voor {title.lower()}",
                    offer=InstitutionOffer.space,
                    institution_id=secret_place.id,
                    status=AskStatus.promised,
                )
            ],
        )
    session.flush()
    login(client, me)
    html = client.get("/overzicht").text
    assert "Wat bewoners vragen aan partners" in html
    assert "Een zaal voor gedeeld idee" in html
    assert "een instelling" in html
    assert "toegezegd" in html
    assert "Geheime zaal" not in html
    assert "Een zaal voor teamidee" not in html  # the team's idea is counted, not shown
    assert "2 ideeën genoteerd, 1 hieronder uitgelicht." in html
    sheet = client.get("/overzicht.xlsx").content
    _sheets, text = xlsx_text(sheet)
    assert "Een zaal voor gedeeld idee" in text
    assert "Geheime zaal" not in text
    assert "Een zaal voor teamidee" not in text
