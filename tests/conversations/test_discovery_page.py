"""One ontdekking on its own page: its author and coordinators change every field its kind
has, as a synced change with history that phones pull; others read it; a colleague's private
one does not exist; a refusal keeps what was typed."""

import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.auth.models import User
from app.changes.models import Revision
from app.conversations.models import Discovery, DiscoveryKind
from app.teams.models import Role, Team, Theme
from testkit.wire import pull_all
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


def _team(session: Session) -> tuple[Team, User, User, User, Any]:
    team = make_team(session)
    author = make_user(session, team, name="Anouk")
    coordinator = make_user(session, team, role=Role.coordinator, name="Cor")
    worker = make_user(session, team, name="Wim")
    talk = make_conversation(session, team, author, make_neighbourhood(session, team))
    return team, author, coordinator, worker, talk


def save(
    client: TestClient, discovery: Discovery, data: dict[str, Any], version: int | None = None
) -> Any:
    token = form_token(client, f"/ontdekkingen/{discovery.id}")
    return client.post(
        f"/ontdekkingen/{discovery.id}",
        data={
            **data,
            "csrf_token": token,
            "version": str(discovery.version if version is None else version),
        },
        follow_redirects=False,
    )


def pulled(client: TestClient, record_id: uuid.UUID) -> dict[str, Any]:
    changes, _ = pull_all(client)
    fields: dict[str, Any] = next(c for c in changes if c["id"] == str(record_id))["fields"]
    return fields


def test_the_author_changes_a_quality_and_the_phone_pulls_it_with_history(
    client: TestClient, session: Session
) -> None:
    team, author, _coordinator, _worker, talk = _team(session)
    person = make_person(session, team, author)
    theme = session.exec(select(Theme).where(col(Theme.team_id) == team.id)).first()
    assert theme is not None
    quality = make_discovery(session, team, author, talk, description="Bakt taarten")
    login(client, author)
    page = client.get(f"/ontdekkingen/{quality.id}")
    assert page.status_code == 200
    assert page.template.name == "conversations/discovery.html"  # type: ignore[attr-defined]
    assert page.context["page"].may_edit  # type: ignore[attr-defined]

    response = save(
        client,
        quality,
        {
            "title": "Taarten",
            "description": "Bakt taarten voor de hele straat",
            "quality_type": "skill",
            "dimensions": ["hands", "heart"],
            "willingness": ["teach"],
            "person_ids": [str(person.id)],
            "themes": [str(theme.id)],
            "visibility": "team",
        },
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith(f"/ontdekkingen/{quality.id}?opgeslagen=1")
    fields = pulled(client, quality.id)
    assert fields["title"] == "Taarten"
    assert fields["quality_type"] == "skill"
    assert sorted(fields["dimensions"]) == ["hands", "heart"]
    assert fields["willingness"] == ["teach"]
    assert fields["person_ids"] == [str(person.id)]
    assert fields["themes"] == [str(theme.id)]
    revision = session.exec(
        select(Revision).where(Revision.record_id == quality.id, Revision.version == 2)
    ).one()
    assert revision.changed_by_id == author.id
    assert set(revision.changes) == {
        "title",
        "description",
        "quality_type",
        "dimensions",
        "willingness",
        "person_ids",
        "themes",
    }
    assert "Taarten" in client.get(f"/ontdekkingen/{quality.id}").text


def test_a_coordinator_completes_an_idea_with_people_questions_and_asks(
    client: TestClient, session: Session
) -> None:
    team, author, coordinator, _worker, talk = _team(session)
    trekker, helper = make_person(session, team, author), make_person(session, team, author)
    buurthuis = make_discovery(
        session, team, author, talk, kind=DiscoveryKind.institution, title="Buurthuis"
    )
    idea = make_discovery(session, team, author, talk, kind=DiscoveryKind.idea, title="Moestuin")
    login(client, coordinator)
    new_ask = str(uuid.uuid4())
    response = save(
        client,
        idea,
        {
            "title": "Moestuin",
            "visibility": "team",
            "status": "exploring",
            "trekker_ids": [str(trekker.id)],
            "supporter_ids": [str(helper.id)],
            "idea_self": "Zaaien en wieden",
            "idea_little_help": "Een schuurtje bouwen",
            "idea_outside": "Grond van de gemeente",
            "highlight": "1",
            "ask_id": [new_ask],
            "ask_what": ["Een lokaal voor de zaden"],
            "ask_offer": ["space"],
            "ask_institution": [str(buurthuis.id)],
            "ask_partner": [""],
            "ask_status": ["asked"],
        },
    )
    assert response.status_code == 303, response.text
    login(client, author)
    fields = pulled(client, idea.id)
    assert fields["status"] == "exploring"
    assert fields["trekker_ids"] == [str(trekker.id)]
    assert fields["supporter_ids"] == [str(helper.id)]
    assert (fields["idea_self"], fields["idea_little_help"], fields["idea_outside"]) == (
        "Zaaien en wieden",
        "Een schuurtje bouwen",
        "Grond van de gemeente",
    )
    assert fields["highlight"] is True
    assert fields["asks"] == [
        {
            "id": new_ask,
            "what": "Een lokaal voor de zaden",
            "offer": "space",
            "institution_id": str(buurthuis.id),
            "partner": "",
            "status": "asked",
        }
    ]

    # The ask moves on, a partner ask joins it, then the first one is taken away.
    login(client, coordinator)
    session.refresh(idea)
    second = str(uuid.uuid4())
    rows = {
        "title": "Moestuin",
        "visibility": "team",
        "status": "exploring",
        "trekker_ids": [str(trekker.id)],
        "ask_id": [new_ask, second],
        "ask_known": [new_ask],
        "ask_what": ["Een lokaal voor de zaden", "Een container"],
        "ask_offer": ["space", "materials"],
        "ask_institution": [str(buurthuis.id), ""],
        "ask_partner": ["", "corporatie"],
        "ask_status": ["promised", "asked"],
        "ask_remove": [new_ask],
        "highlight": "1",
    }
    assert save(client, idea, rows).status_code == 303
    session.refresh(idea)
    assert [(a["what"], a["partner"], a["status"]) for a in idea.asks] == [
        ("Een container", "corporatie", "asked")
    ]


def test_group_place_exchange_institution_and_connection_fields_are_saved(
    client: TestClient, session: Session
) -> None:
    team, author, _coordinator, _worker, talk = _team(session)
    person = make_person(session, team, author)
    group = make_discovery(session, team, author, talk, kind=DiscoveryKind.group, title="Koor")
    place = make_discovery(session, team, author, talk, kind=DiscoveryKind.place, title="Plein")
    exchange = make_discovery(
        session, team, author, talk, kind=DiscoveryKind.exchange, title="Gereedschap"
    )
    institution = make_discovery(
        session, team, author, talk, kind=DiscoveryKind.institution, title="School"
    )
    connection = make_discovery(
        session,
        team,
        author,
        talk,
        kind=DiscoveryKind.connection,
        title="Koor en plein",
        from_ref={"type": "group", "id": group.id},
        to_ref={"type": "place", "id": place.id},
    )
    login(client, author)
    base = {"visibility": "team"}
    cases: list[tuple[Discovery, dict[str, Any]]] = [
        (group, {"title": "Koor", "group_would_like": "Zingen op het plein",
                 "group_if_asked": "Het buurtfeest openen"}),
        (place, {"title": "Plein", "place_type": "meeting_place"}),
        (exchange, {"title": "Gereedschap", "exchange_type": "lend"}),
        (institution, {"title": "School", "offers": ["space", "budget"]}),
        (connection, {"title": "Koor en plein", "connection_kind": "do_together",
                      "status": "met", "from_ref": f"person:{person.id}",
                      "to_ref": f"group:{group.id}"}),
    ]  # fmt: skip
    for discovery, data in cases:
        response = save(client, discovery, {**base, **data})
        assert response.status_code == 303, (discovery.kind, response.text)
    changes, _ = pull_all(client)
    by_id = {c["id"]: c["fields"] for c in changes}
    assert by_id[str(group.id)]["group_would_like"] == "Zingen op het plein"
    assert by_id[str(group.id)]["group_if_asked"] == "Het buurtfeest openen"
    assert by_id[str(place.id)]["place_type"] == "meeting_place"
    assert by_id[str(exchange.id)]["exchange_type"] == "lend"
    assert sorted(by_id[str(institution.id)]["offers"]) == ["budget", "space"]
    assert by_id[str(connection.id)]["from_ref"] == {"type": "person", "id": str(person.id)}
    assert by_id[str(connection.id)]["to_ref"] == {"type": "group", "id": str(group.id)}
    assert by_id[str(connection.id)]["status"] == "met"
    assert by_id[str(connection.id)]["connection_kind"] == "do_together"


def test_another_worker_reads_it_and_cannot_save(client: TestClient, session: Session) -> None:
    team, author, _coordinator, worker, talk = _team(session)
    quality = make_discovery(session, team, author, talk, description="Kan goed zingen")
    login(client, worker)
    page = client.get(f"/ontdekkingen/{quality.id}")
    assert page.status_code == 200
    assert not page.context["page"].may_edit  # type: ignore[attr-defined]
    assert "Aanpassen doen wie het vastlegde en de coördinatoren." in page.text
    assert 'action="/ontdekkingen/' not in page.text
    token = form_token(client, "/weekoverleg")
    response = client.post(
        f"/ontdekkingen/{quality.id}",
        data={"description": "Anders", "visibility": "team", "version": "1", "csrf_token": token},
    )
    assert response.status_code == 403
    session.refresh(quality)
    assert (quality.description, quality.version) == ("Kan goed zingen", 1)


def test_a_colleagues_private_discovery_is_not_found(client: TestClient, session: Session) -> None:
    team, author, coordinator, _worker, talk = _team(session)
    private = make_discovery(
        session, team, author, talk, description="Alleen voor mij", visibility="private"
    )
    login(client, coordinator)
    assert client.get(f"/ontdekkingen/{private.id}").status_code == 404
    token = form_token(client, "/weekoverleg")
    response = client.post(
        f"/ontdekkingen/{private.id}",
        data={"description": "Gezien", "visibility": "team", "version": "1", "csrf_token": token},
    )
    assert response.status_code == 404
    login(client, author)
    assert client.get(f"/ontdekkingen/{private.id}").status_code == 200


def test_only_the_author_makes_it_private_the_coordinator_gets_a_dutch_refusal(
    client: TestClient, session: Session
) -> None:
    team, author, coordinator, _worker, talk = _team(session)
    quality = make_discovery(session, team, author, talk, description="Kan goed zingen")
    login(client, coordinator)
    response = save(
        client, quality, {"description": "Kan goed zingen, ook solo", "visibility": "private"}
    )
    assert response.status_code == 422
    assert "Alleen wie dit schreef kan bepalen of het privé is." in response.text
    assert "Kan goed zingen, ook solo" in response.text  # what was typed is still there
    session.refresh(quality)
    assert (quality.visibility, quality.version) == ("team", 1)
    login(client, author)
    assert (
        save(client, quality, {"description": "Zingt", "visibility": "private"}).status_code == 303
    )
    session.refresh(quality)
    assert quality.visibility == "private"


def test_bad_input_shows_the_page_again_with_a_dutch_reason(
    client: TestClient, session: Session
) -> None:
    team, author, _coordinator, _worker, talk = _team(session)
    idea = make_discovery(session, team, author, talk, kind=DiscoveryKind.idea, title="Moestuin")
    login(client, author)
    empty = save(client, idea, {"title": "", "description": "", "visibility": "team",
                                "idea_self": "Zaaien"})  # fmt: skip
    assert empty.status_code == 422
    assert "Geef de ontdekking een titel of een korte beschrijving." in empty.text
    assert "Zaaien" in empty.text
    no_partner = save(
        client,
        idea,
        {
            "title": "Moestuin",
            "visibility": "team",
            "ask_id": [str(uuid.uuid4())],
            "ask_what": ["Grond"],
            "ask_offer": [""],
            "ask_institution": [""],
            "ask_partner": [""],
            "ask_status": ["asked"],
        },
    )
    assert no_partner.status_code == 422
    assert "Zeg bij elke vraag aan wie die gaat" in no_partner.text
    assert 'value="Grond"' in no_partner.text
    tampered = save(client, idea, {"title": "Moestuin", "visibility": "team",
                                   "trekker_ids": ["geen-id"]})  # fmt: skip
    assert tampered.status_code == 422
    assert "Niet goed ingevuld" in tampered.text
    stale = save(client, idea, {"title": "Moestuin", "visibility": "team"}, version=0)
    assert stale.status_code == 422
    session.refresh(idea)
    assert idea.version == 1


def test_a_change_made_meanwhile_is_merged_not_undone(client: TestClient, session: Session) -> None:
    team, author, coordinator, _worker, talk = _team(session)
    group = make_discovery(
        session, team, author, talk, kind=DiscoveryKind.group, title="Koor", description="Zingt"
    )
    login(client, author)
    opened_at = group.version
    # The coordinator changes the description while the author's form is open.
    login(client, coordinator)
    assert save(client, group, {"title": "Koor", "description": "Zingt elke dinsdag",
                                "visibility": "team"}).status_code == 303  # fmt: skip
    login(client, author)
    response = save(
        client,
        group,
        {"title": "Buurtkoor", "description": "Zingt", "visibility": "team",
         "group_would_like": "Optreden"},
        version=opened_at,
    )  # fmt: skip
    assert response.status_code == 303
    assert "opgeslagen=samengevoegd" in response.headers["location"]
    session.refresh(group)
    assert (group.title, group.description, group.group_would_like) == (
        "Buurtkoor",
        "Zingt elke dinsdag",
        "Optreden",
    )
    page = client.get(response.headers["location"])
    assert "Intussen had iemand anders deze ontdekking ook aangepast" in page.text


def test_every_page_that_shows_an_ontdekking_links_to_its_page(
    client: TestClient, session: Session
) -> None:
    team, author, _coordinator, _worker, talk = _team(session)
    person = make_person(session, team, author)
    idea = make_discovery(
        session,
        team,
        author,
        talk,
        kind=DiscoveryKind.idea,
        title="Moestuin",
        trekker_ids=[person.id],
    )
    login(client, author)
    link = f'href="/ontdekkingen/{idea.id}"'
    for path in ("/tocht", "/weekoverleg", "/ideeen", f"/bewoners/{person.id}",
                 f"/gesprekken/{talk.id}"):  # fmt: skip
        assert link in client.get(path).text, path
