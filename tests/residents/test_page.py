"""A bewoner's own page, end to end: the buurtwerker makes her link on her profile (with a QR
code), she opens it without an account and sees what the team noted about her, as she may:
never a private note, never the team's working notes, never another bewoner."""

import re
import uuid
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.auth.models import User
from app.conversations.models import DiscoveryKind, RefType, Visibility
from app.conversations.schemas import Ask, Ref
from app.db import utcnow
from app.people.models import ConsentScope, Person
from app.people.schemas import ConsentIn, PersonCreate
from app.people.service import create_person
from app.residents.links import LINK_MAX_FAILURES
from app.residents.models import ResidentLink
from app.teams.models import Team
from tests.factories import (
    form_token,
    login,
    make_conversation,
    make_discovery,
    make_neighbourhood,
    make_team,
    make_user,
)

CANARY = "KANARIE"  # in everything she must not see


def _bewoner(session: Session, team: Team, user: User, name: str) -> Person:
    return create_person(
        session,
        team,
        user.id,
        data=PersonCreate(
            first_name=name,
            recognition="woont bij het speelveld",
            consent=ConsentIn(scopes=[ConsentScope.store_name, ConsentScope.share_in_team]),
        ),
    )


@pytest.fixture
def noted(session: Session) -> dict[str, object]:
    team = make_team(session)
    worker, colleague = make_user(session, team), make_user(session, team)
    buurt = make_neighbourhood(session, team)
    fatima = _bewoner(session, team, worker, "Fatima")
    priya = _bewoner(session, team, worker, "Priya")
    talk = make_conversation(session, team, worker, buurt, summary=f"Praatje {CANARY} samenvatting")
    make_discovery(
        session,
        team,
        worker,
        talk,
        description="Kookt elke vrijdag met Priya voor de hele portiek",
        person_ids=[fatima.id],
        willingness=["share", "teach"],
    )
    make_discovery(
        session,
        team,
        worker,
        talk,
        kind=DiscoveryKind.idea,
        title="Buurtkeuken in het buurthuis",
        description="Samen koken voor wie wil aanschuiven",
        trekker_ids=[fatima.id],
        idea_self="Recepten en koks",
        idea_little_help="Een keuken",
        idea_outside="Een vergunning",
        asks=[Ask(id=uuid.uuid4(), what="Sleutel van de keuken", partner="buurthuis")],
    )
    make_discovery(
        session,
        team,
        worker,
        talk,
        kind=DiscoveryKind.connection,
        description="Kennen elkaar van het schoolplein",
        from_ref=Ref(type=RefType.person, id=fatima.id),
        to_ref=Ref(type=RefType.person, id=priya.id),
    )
    # What she must never see: a colleague's private note about her, Priya's own quality.
    make_discovery(
        session,
        team,
        colleague,
        talk,
        description=f"Privé {CANARY} notitie",
        person_ids=[fatima.id],
        visibility=Visibility.private,
    )
    make_discovery(
        session, team, worker, talk, description=f"Priya {CANARY} zingt", person_ids=[priya.id]
    )
    session.flush()
    return {"team": team, "worker": worker, "fatima": fatima, "priya": priya}


def _make_link(client: TestClient, worker: User, person: Person) -> str:
    login(client, worker)
    token = form_token(client, f"/bewoners/{person.id}")
    made = client.post(
        f"/bewoners/{person.id}/eigen-link",
        data={"csrf_token": token, "days": "90"},
        follow_redirects=False,
    )
    assert made.status_code == 303
    profile = client.get(f"/bewoners/{person.id}").text
    assert "<svg" in profile  # the QR code to scan on the spot
    found = re.search(r'href="(http://testserver/mijn/[^"]+)"', profile)
    assert found is not None
    client.cookies.clear()  # she has no account
    return found.group(1).removeprefix("http://testserver")


def test_she_sees_what_was_noted_about_her_and_nothing_else(
    client: TestClient, session: Session, noted: dict[str, object]
) -> None:
    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    page = client.get(path)
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert "noindex" in page.headers["x-robots-tag"]
    assert page.headers["referrer-policy"] == "no-referrer"
    html = page.text
    assert "Hallo Fatima!" in html
    assert "Kookt elke vrijdag met een bewoner voor de hele portiek" in html
    assert "wil het anderen leren" in html
    assert "Buurtkeuken in het buurthuis" in html
    assert "Jij trekt dit" in html
    assert "Een vergunning" in html
    assert "Sleutel van de keuken" in html
    assert "een andere bewoner" in html
    assert CANARY not in html
    assert "Priya" not in html
    assert noted["priya"].pseudonym not in html  # type: ignore[attr-defined]
    assert noted["worker"].name in html  # type: ignore[attr-defined]  # whom to contact


def test_a_revoked_expired_or_forged_link_says_only_that_it_does_not_work(
    client: TestClient, session: Session, noted: dict[str, object]
) -> None:
    fatima = noted["fatima"]
    path = _make_link(client, noted["worker"], fatima)  # type: ignore[arg-type]
    forged = client.get(path[:-3] + "abc")
    unknown = client.get(f"/mijn/{uuid.uuid4().hex}.AAAAAAAAAAAAAAAAAAAAAAAA")
    link = session.exec(select(ResidentLink)).one()
    link.expires_at = utcnow() - timedelta(minutes=1)
    session.flush()
    expired = client.get(path)
    link.expires_at = utcnow() + timedelta(days=1)
    link.revoked_at = utcnow()
    session.flush()
    revoked = client.get(path)
    answers = {(r.status_code, r.text) for r in (forged, unknown, expired, revoked)}
    assert len(answers) == 1
    status, text = answers.pop()
    assert status == 404
    assert "Deze link werkt niet (meer)" in text
    assert "Fatima" not in text


def test_guessing_links_is_throttled(client: TestClient) -> None:
    for n in range(LINK_MAX_FAILURES):
        assert client.get(f"/mijn/{uuid.uuid4().hex}.x{n}").status_code == 404
    waited = client.get(f"/mijn/{uuid.uuid4().hex}.y")
    assert waited.status_code == 429
    assert waited.headers["retry-after"]


def test_only_her_team_makes_her_link(
    client: TestClient, session: Session, noted: dict[str, object]
) -> None:
    stranger = make_user(session, make_team(session))
    login(client, stranger)
    token = form_token(client, "/weekoverleg")
    fatima = noted["fatima"]
    refused = client.post(
        f"/bewoners/{fatima.id}/eigen-link",  # type: ignore[attr-defined]
        data={"csrf_token": token, "days": "90"},
        follow_redirects=False,
    )
    assert refused.status_code == 404
    assert session.exec(select(ResidentLink)).first() is None


def test_days_must_be_a_sane_whole_number(
    client: TestClient, session: Session, noted: dict[str, object]
) -> None:
    fatima = noted["fatima"]
    login(client, noted["worker"])  # type: ignore[arg-type]
    token = form_token(client, f"/bewoners/{fatima.id}")  # type: ignore[attr-defined]
    for days in ("0", "9999", "abc", "-3", "1.5"):
        refused = client.post(
            f"/bewoners/{fatima.id}/eigen-link",  # type: ignore[attr-defined]
            data={"csrf_token": token, "days": days},
            follow_redirects=False,
        )
        assert 400 <= refused.status_code < 500, days
    assert session.exec(select(ResidentLink)).first() is None
