"""Wie met wie?: suggestions from themes and words, respecting consent and willingness;
accept makes a connection, dismiss is for good."""

import uuid

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.auth.models import User
from app.conversations.models import (
    AskStatus,
    Discovery,
    DiscoveryKind,
    InstitutionOffer,
    PlaceType,
)
from app.conversations.schemas import Ask
from app.people.models import ConsentScope, Person
from app.people.schemas import ConsentIn, PersonCreate
from app.people.service import create_person
from app.teams.models import Team, Theme
from tests.factories import (
    form_token,
    login,
    make_conversation,
    make_discovery,
    make_neighbourhood,
    make_team,
    make_user,
)

CONTACT = [ConsentScope.store_name, ConsentScope.share_in_team, ConsentScope.contact]


def person(
    session: Session, team: Team, user: User, name: str, scopes: list[ConsentScope]
) -> Person:
    return create_person(
        session, team, user.id, data=PersonCreate(first_name=name, consent=ConsentIn(scopes=scopes))
    )


def theme(session: Session, team: Team, name: str) -> Theme:
    found = session.exec(
        select(Theme).where(col(Theme.team_id) == team.id, col(Theme.name) == name)
    ).one()
    return found


def test_suggestions_respect_consent_and_willingness(client: TestClient, session: Session) -> None:
    team = make_team(session)
    me = make_user(session, team)
    talk = make_conversation(session, team, me, make_neighbourhood(session, team))
    cooking = theme(session, team, "koken & eten")
    fatima = person(session, team, me, "Fatima", CONTACT)
    silent = person(
        session, team, me, "Stil", [ConsentScope.store_name, ConsentScope.share_in_team]
    )
    unwilling = person(session, team, me, "Druk", CONTACT)
    for who, willingness in ((fatima, ["share"]), (silent, ["share"]), (unwilling, [])):
        make_discovery(
            session,
            team,
            me,
            talk,
            description="Kookt graag voor de buren, grote pannen soep",
            person_ids=[who.id],
            themes=[cooking.id],
            willingness=willingness,
        )
    idea = make_discovery(
        session,
        team,
        me,
        talk,
        kind=DiscoveryKind.idea,
        title="Buurtmaaltijd",
        description="Eens per maand samen eten; zoekt koks die soep kunnen maken",
        themes=[cooking.id],
    )
    login(client, me)
    html = client.get("/wie-met-wie").text
    assert "Fatima: kookt graag voor de buren" in html
    assert "Buurtmaaltijd" in html
    assert "Stil" not in html  # no consent to be contacted
    assert "Druk" not in html  # not willing to share, teach or join

    token = form_token(client, "/wie-met-wie")
    key = f"idea:{idea.id}|person:{fatima.id}"
    response = client.post(
        "/wie-met-wie/accepteren",
        data={"key": key, "status": "chance", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    connection = session.exec(
        select(Discovery).where(
            col(Discovery.kind) == "connection", col(Discovery.team_id) == team.id
        )
    ).one()
    assert (connection.from_ref_id, connection.to_ref_id, connection.status) == (
        fatima.id,
        idea.id,
        "chance",
    )
    assert connection.version == 1
    assert "Fatima: kookt" not in client.get("/wie-met-wie").text  # connected now
    again = client.post("/wie-met-wie/accepteren", data={"key": key, "csrf_token": token})
    assert again.status_code == 404


def test_teach_meets_learn_and_a_dismissal_is_for_good(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me = make_user(session, team)
    talk = make_conversation(session, team, me, make_neighbourhood(session, team))
    sewing = theme(session, team, "handwerk & mode")
    kees = person(session, team, me, "Kees", CONTACT)
    aicha = person(session, team, me, "Aïcha", CONTACT)
    make_discovery(
        session,
        team,
        me,
        talk,
        description="Naait al veertig jaar",
        person_ids=[kees.id],
        themes=[sewing.id],
        willingness=["teach"],
    )
    make_discovery(
        session,
        team,
        me,
        talk,
        description="Wil leren naaien",
        person_ids=[aicha.id],
        themes=[sewing.id],
        willingness=["learn"],
    )
    login(client, me)
    html = client.get("/wie-met-wie").text
    assert "de een leert het de ander" in html
    first, second = sorted([f"person:{kees.id}", f"person:{aicha.id}"])
    token = form_token(client, "/wie-met-wie")
    response = client.post(
        "/wie-met-wie/afwijzen",
        data={"key": f"{first}|{second}", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert "de een leert het de ander" not in client.get("/wie-met-wie").text
    bad = client.post(
        "/wie-met-wie/accepteren", data={"key": "x", "status": "met", "csrf_token": token}
    )
    assert bad.status_code == 400


def test_an_open_ask_meets_an_institution_that_offers_it(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me = make_user(session, team)
    talk = make_conversation(session, team, me, make_neighbourhood(session, team))
    buurthuis = make_discovery(
        session,
        team,
        me,
        talk,
        kind=DiscoveryKind.institution,
        title="Buurthuis De Meeuw",
        description="Grote zaal en een keuken",
        offers=[InstitutionOffer.space],
    )
    school = make_discovery(
        session,
        team,
        me,
        talk,
        kind=DiscoveryKind.institution,
        title="Basisschool De Kring",
        description="Het schoolplein na schooltijd",
        offers=[InstitutionOffer.space],
    )
    make_discovery(
        session,
        team,
        me,
        talk,
        kind=DiscoveryKind.institution,
        title="Bibliotheek",
        description="Medewerkers helpen met computers",
        offers=[InstitutionOffer.staff_talents],
    )
    make_discovery(
        session,
        team,
        me,
        talk,
        kind=DiscoveryKind.institution,
        title="Verborgen zaal",
        description="Alleen voor mij",
        offers=[InstitutionOffer.space],
        visibility="private",
    )
    idea = make_discovery(
        session,
        team,
        me,
        talk,
        kind=DiscoveryKind.idea,
        title="Naaicafé",
        description="Samen naaien op zaterdag",
        asks=[
            Ask(
                id=uuid.uuid4(),
                what="Een zaal met goed licht",
                offer=InstitutionOffer.space,
                institution_id=school.id,
            ),
            Ask(
                id=uuid.uuid4(),
                what="Een budget voor stof",
                offer=InstitutionOffer.budget,
                partner="gemeente",
                status=AskStatus.arranged,
            ),
        ],
    )
    login(client, me)
    html = client.get("/wie-met-wie").text
    assert "Idee “Naaicafé” vraagt ruimte (“Een zaal met goed licht”)" in html
    assert "Buurthuis De Meeuw biedt ruimte" in html
    assert "Basisschool De Kring biedt" not in html  # the ask already went to the school
    assert "Bibliotheek biedt" not in html  # offers something else
    assert "Verborgen zaal" not in html  # private: its author's alone
    assert "budget" not in html  # arranged: nothing to suggest

    token = form_token(client, "/wie-met-wie")
    key = f"idea:{idea.id}|institution:{buurthuis.id}"
    response = client.post(
        "/wie-met-wie/accepteren",
        data={"key": key, "status": "introduced", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    connection = session.exec(
        select(Discovery).where(
            col(Discovery.kind) == "connection", col(Discovery.team_id) == team.id
        )
    ).one()
    assert (connection.from_ref_type, connection.from_ref_id) == ("idea", idea.id)
    assert (connection.to_ref_type, connection.to_ref_id) == ("institution", buurthuis.id)
    assert "Buurthuis De Meeuw biedt ruimte" not in client.get("/wie-met-wie").text


def test_an_idea_meets_a_group_and_a_place_and_a_dismissal_is_for_good(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    me = make_user(session, team)
    talk = make_conversation(session, team, me, make_neighbourhood(session, team))
    music = theme(session, team, "muziek")
    koor = make_discovery(
        session,
        team,
        me,
        talk,
        kind=DiscoveryKind.group,
        title="Buurtkoor Oost",
        description="Zingen elke dinsdagavond",
        group_if_asked="Meezingen bij een buurtfeest",
        themes=[music.id],
    )
    make_discovery(
        session,
        team,
        me,
        talk,
        kind=DiscoveryKind.group,
        title="Schaakclub",
        description="Schaken op woensdag",
    )
    make_discovery(
        session,
        team,
        me,
        talk,
        kind=DiscoveryKind.place,
        title="Lege winkel op de hoek",
        description="Staat al een jaar leeg",
        place_type=PlaceType.vacancy,
    )
    make_discovery(
        session,
        team,
        me,
        talk,
        kind=DiscoveryKind.idea,
        title="Zomerfeest met muziek",
        description="Een buurtfeest in de zomer",
        themes=[music.id],
        asks=[
            Ask(
                id=uuid.uuid4(),
                what="Een plek om te repeteren",
                offer=InstitutionOffer.space,
                partner="corporatie",
            )
        ],
    )
    login(client, me)
    html = client.get("/wie-met-wie").text
    assert "Groep Buurtkoor Oost: als je het vraagt: “Meezingen bij een buurtfeest”" in html
    assert "thema muziek" in html
    assert "Schaakclub" not in html  # nothing in common
    assert "Plek Lege winkel op de hoek — idee “Zomerfeest met muziek”" in html
    assert "het idee zoekt ruimte; dit is een leegstand, een kans" in html

    token = form_token(client, "/wie-met-wie")
    first, second = sorted([f"group:{koor.id}", f"idea:{next_idea(session, team).id}"])
    response = client.post(
        "/wie-met-wie/afwijzen",
        data={"key": f"{first}|{second}", "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303
    html = client.get("/wie-met-wie").text
    assert "Groep Buurtkoor Oost" not in html
    assert "Plek Lege winkel op de hoek" in html  # only the dismissed pair is gone


def next_idea(session: Session, team: Team) -> Discovery:
    return session.exec(
        select(Discovery).where(col(Discovery.team_id) == team.id, col(Discovery.kind) == "idea")
    ).one()
