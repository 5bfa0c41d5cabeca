"""A roepnaam without `share_in_team` stays with whoever heard it (app.people.sharing): the
rest of the team sees the pseudonym on every page, in search and on their phones."""

from __future__ import annotations

import re
import uuid

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app.auth.service import Principal
from app.conversations.schemas import FollowUpCreate
from app.conversations.service import create_follow_up
from app.people.models import ConsentScope, Person
from app.people.schemas import ConsentIn, PersonCreate
from app.people.service import create_person, record_consent
from app.people.sharing import hidden_names
from app.sync.engine import change_from_page
from app.sync.page_edit import edit_from_page
from app.teams.models import Role, Team
from testkit.wire import change, pull_all, push
from tests.factories import (
    form_token,
    login,
    make_conversation,
    make_discovery,
    make_follow_up,
    make_neighbourhood,
    make_team,
    make_user,
)

PARAM = re.compile(r"{(\w+)}")
NAME = "Zwaluwina"  # a name no page, label or demo text has
STORE = [ConsentScope.store_name]


def _named(
    session: Session, team: Team, keeper_id: uuid.UUID | None, scopes: list[ConsentScope]
) -> Person:
    return create_person(
        session,
        team,
        keeper_id,
        data=PersonCreate(
            first_name=NAME,
            recognition="bakt op vrijdag voor de hele galerij",
            consent=ConsentIn(scopes=scopes),
        ),
    )


def _pulled_name(client: TestClient, person: Person) -> object:
    changes, _cursor = pull_all(client)
    mine = [c for c in changes if c["id"] == str(person.id)]
    assert len(mine) == 1
    return mine[0]["fields"]["first_name"]


def test_who_sees_a_name(session: Session) -> None:
    team = make_team(session)
    noter, colleague, recorder = (make_user(session, team) for _ in range(3))
    kept = _named(session, team, noter.id, STORE)
    shared = _named(session, team, noter.id, [*STORE, ConsentScope.share_in_team])
    shared.first_name = "Anders"  # names need not be unique; the test's needle must be
    overview = _named(session, team, noter.id, [*STORE, ConsentScope.name_in_overview])
    session.flush()
    assert hidden_names(session, team.id, noter.id) == frozenset()
    assert hidden_names(session, team.id, colleague.id) == {kept.id}
    assert hidden_names(session, team.id, None) == {kept.id}  # no viewer: nobody's keeper
    assert hidden_names(session, team.id, colleague.id, [shared.id, overview.id]) == set()
    # Recording her consent again shows nobody her name...
    record_consent(session, kept, recorder.id, consent=ConsentIn(scopes=STORE))
    session.flush()
    assert hidden_names(session, team.id, recorder.id) == {kept.id}
    # ...but whoever gives her record a roepnaam heard it from her.
    principal = Principal(recorder, team, Role.worker, None)  # type: ignore[arg-type]
    change_from_page(
        session,
        principal,
        "person",
        kept.id,
        base_version=kept.version,
        fields={"first_name": f"{NAME} Maria"},
    )
    assert hidden_names(session, team.id, recorder.id) == frozenset()
    assert hidden_names(session, team.id, colleague.id) == {kept.id}


def test_a_name_not_shared_never_reaches_a_colleague(
    app: FastAPI, client: TestClient, session: Session
) -> None:
    team = make_team(session)
    noter = make_user(session, team, name="Noor")
    colleague = make_user(session, team, name="Bas")
    coordinator = make_user(session, team, role=Role.coordinator, name="Sam")
    buurt = make_neighbourhood(session, team)
    her = _named(session, team, noter.id, STORE)
    talk = make_conversation(
        session, team, noter, buurt, people=[her], summary=f"{NAME} bakt taart op de galerij."
    )
    make_discovery(
        session,
        team,
        noter,
        talk,
        description=f"Bakt elke vrijdag, vraag het {NAME}s dochter",
        person_ids=[her.id],
        highlight=True,
    )
    make_conversation(session, team, noter, buurt, summary="Fietsen repareren in de schuur.")
    follow_up = make_follow_up(session, team, noter, talk)
    follow_up.what = f"Terugbellen: {NAME} wil de oven delen"
    session.flush()
    ids = {
        "conversation_id": talk.id,
        "person_id": her.id,
        "user_id": noter.id,
        "token": "niet-een-link",
    }

    # The one who heard it sees it everywhere (so the checks below can fail).
    login(client, noter)
    assert NAME in client.get("/bewoners").text
    assert NAME in client.get(f"/bewoners/{her.id}").text
    assert NAME in client.get("/bewoners", params={"q": NAME[:6]}).text
    assert NAME in client.get(f"/gesprekken/{talk.id}").text
    found = client.get("/tocht", params={"q": NAME}).text
    assert "bakt taart" in found
    assert "Fietsen repareren" not in found
    assert _pulled_name(client, her) == NAME

    login(client, colleague)
    page = client.get(f"/gesprekken/{talk.id}").text
    assert "Een bewoner bakt taart op de galerij." in page
    assert "vraag het een bewoner dochter" in page
    # The Tocht finds for him what he may read: her name, or its start, finds nothing, as a
    # name nobody has would (a difference would say that she exists, and where).
    for asked in (NAME, NAME[:6], "Zwaluwino"):
        found = client.get("/tocht", params={"q": asked}).text
        assert "bakt taart" not in found, asked
        assert "Fietsen repareren" not in found, asked
    assert "bakt taart" in client.get("/tocht", params={"q": "galerij"}).text
    profile = client.get(f"/bewoners/{her.id}").text
    assert her.pseudonym in profile
    assert "bakt op vrijdag" in profile
    assert "geen toestemming om die in het team te delen" in profile
    # Found by what she may be known by, never by the name: that would say who she is.
    assert her.pseudonym in client.get("/bewoners", params={"q": "galerij"}).text
    assert her.pseudonym not in client.get("/bewoners", params={"q": NAME[:6]}).text
    assert _pulled_name(client, her) is None
    paths: dict[str, dict[str, object]] = app.openapi()["paths"]
    checked = 0
    for path, operations in sorted(paths.items()):
        if "get" not in operations:
            continue
        url = PARAM.sub(lambda m: str(ids.get(m.group(1), uuid.uuid4())), path)
        for params in ({}, {"q": NAME[:6]}, {"toon": "alle"}):
            response = client.get(url, params=params, follow_redirects=False)
            assert response.status_code < 500, (path, response.status_code)
            assert NAME.lower() not in response.text.lower(), (path, params)
            checked += 1
    assert checked > 30

    # A coordinator answering her inzage gives her everything kept, her name included; the
    # team's pages still do not show it.
    login(client, coordinator)
    assert NAME in client.get(f"/bewoners/{her.id}/inzage").text
    assert NAME not in client.get(f"/bewoners/{her.id}").text

    # She agrees to share it in the team: everyone sees it, phones on their next pull.
    login(client, noter)
    token = form_token(client, f"/bewoners/{her.id}")
    response = client.post(
        f"/bewoners/{her.id}/toestemming",
        data={"csrf_token": token, "scopes": ["store_name", "share_in_team"], "how": "mondeling"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    login(client, colleague)
    assert NAME in client.get(f"/bewoners/{her.id}").text
    assert NAME in client.get(f"/gesprekken/{talk.id}").text
    assert _pulled_name(client, her) == NAME


def test_a_colleagues_edit_of_a_text_naming_her_keeps_her_name(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    noter, colleague = make_user(session, team), make_user(session, team)
    buurt = make_neighbourhood(session, team)
    her = _named(session, team, noter.id, STORE)
    talk = make_conversation(session, team, noter, buurt, people=[her])
    # The noter hands a follow-up to his colleague: it reaches the colleague's phone.
    task = create_follow_up(
        session,
        team,
        noter.id,
        data=FollowUpCreate(
            what=f"{NAME} wil haar oven delen met de galerij.",
            conversation_id=talk.id,
            owner_id=colleague.id,
        ),
    )
    session.flush()
    login(client, colleague)
    changes, _cursor = pull_all(client)
    pulled = next(c for c in changes if c["id"] == str(task.id))
    shown = pulled["fields"]["what"]
    assert shown == "Een bewoner wil haar oven delen met de galerij."

    # His phone sends back his edit of the text as it showed it.
    edit = change(
        "follow_up",
        {"what": shown.replace("oven", "grote oven") + " Vrijdag bellen."},
        record_id=task.id,
        base_version=pulled["version"],
    )
    assert push(client, edit)[0]["status"] == "applied"
    session.refresh(task)
    assert task.what == f"{NAME} wil haar grote oven delen met de galerij. Vrijdag bellen."
    # ...and pulls it back as he may see it.
    changes, _cursor = pull_all(client)
    again = next(c for c in changes if c["id"] == str(task.id))
    assert again["fields"]["what"] == (
        "Een bewoner wil haar grote oven delen met de galerij. Vrijdag bellen."
    )

    # A page's form sends every field back: a text he did not touch is no change, and one he
    # did is his edit made on the text as written.
    principal = Principal(colleague, team, Role.worker, None)  # type: ignore[arg-type]
    seen = again["fields"]["what"]
    untouched = edit_from_page(
        session, principal, "follow_up", task, base_version=task.version, fields={"what": seen}
    )
    assert untouched.changed == []
    edited = edit_from_page(
        session,
        principal,
        "follow_up",
        task,
        base_version=task.version,
        fields={"what": seen.replace("Vrijdag", "Zaterdag")},
    )
    assert edited.changed == ["what"]
    session.refresh(task)
    assert task.what == f"{NAME} wil haar grote oven delen met de galerij. Zaterdag bellen."


def test_texts_naming_her_reach_the_phones_again_when_sharing_changes(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    noter, colleague = make_user(session, team), make_user(session, team)
    buurt = make_neighbourhood(session, team)
    her = _named(session, team, noter.id, STORE)
    talk = make_conversation(session, team, noter, buurt, people=[her])
    task = create_follow_up(
        session,
        team,
        noter.id,
        data=FollowUpCreate(
            what=f"{NAME} wil haar oven delen.", conversation_id=talk.id, owner_id=colleague.id
        ),
    )
    session.flush()
    login(client, colleague)
    _changes, cursor = pull_all(client)

    def consent(scopes: list[str]) -> None:
        login(client, noter)
        token = form_token(client, f"/bewoners/{her.id}")
        response = client.post(
            f"/bewoners/{her.id}/toestemming",
            data={"csrf_token": token, "scopes": scopes, "how": "mondeling"},
            follow_redirects=False,
        )
        assert response.status_code == 303
        login(client, colleague)

    consent(["store_name", "share_in_team"])
    changes, cursor = pull_all(client, cursor)
    again = next(c for c in changes if c["id"] == str(task.id))
    assert again["fields"]["what"] == f"{NAME} wil haar oven delen."
    assert again["version"] == 1  # the same record, sent again

    consent(["store_name"])
    changes, cursor = pull_all(client, cursor)
    again = next(c for c in changes if c["id"] == str(task.id))
    assert again["fields"]["what"] == "Een bewoner wil haar oven delen."
    person = next(c for c in changes if c["id"] == str(her.id))
    assert person["fields"]["first_name"] is None
