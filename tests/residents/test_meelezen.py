"""Meelezen before the wijkoverleg: a named bewoner sees on her own page what an overview the
team is about to share says about her, and says "liever niet" — her name and words leave that
overview (the team's own, every file, and its share link), the counts stay; she can take it
back. Never another bewoner's part, never another team's link."""

from __future__ import annotations

import io
import uuid
import zipfile

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.conversations.models import Conversation, Discovery, DiscoveryPerson, Visibility
from app.export.models import OverviewObjection, ShareLink
from app.export.share import create_link, token_for
from app.people.models import Consent, ConsentScope, Person
from app.teams.models import Role
from tests.conftest import TEST_SECRET
from tests.factories import form_token, login, make_team, make_user
from tests.residents.test_page import CANARY, _make_link

Noted = dict[str, object]
QUOTE = "Kookt elke vrijdag"


def share_her_overview(session: Session, noted: Noted, **period: object) -> ShareLink:
    """Fatima agreed to be named in the overview; what she cooks, and Priya's singing, are
    meant for it; the coordinator shares the overview of their buurt."""
    fatima, priya = noted["fatima"], noted["priya"]
    assert isinstance(fatima, Person)
    assert isinstance(priya, Person)
    for person in (fatima, priya):
        consent = session.exec(select(Consent).where(Consent.person_id == person.id)).one()
        consent.scopes = [*consent.scopes, ConsentScope.name_in_overview.value]
        session.add(consent)
    for person in (fatima, priya):
        for discovery in session.exec(
            select(Discovery)
            .join(DiscoveryPerson, col(DiscoveryPerson.discovery_id) == col(Discovery.id))
            .where(
                col(DiscoveryPerson.person_id) == person.id,
                col(Discovery.visibility) == Visibility.team.value,
            )
        ):
            discovery.visibility = Visibility.overview.value
            session.add(discovery)
    talk = session.exec(select(Conversation).where(Conversation.team_id == fatima.team_id)).first()
    assert talk is not None
    session.flush()
    return create_link(
        session,
        team_id=fatima.team_id,
        created_by_id=noted["worker"].id,  # type: ignore[attr-defined]
        neighbourhood_ids=[talk.neighbourhood_id],
        starts_at=period.get("starts_at"),  # type: ignore[arg-type]
        ends_at=period.get("ends_at"),  # type: ignore[arg-type]
        label="Wijkoverleg december",
        days=30,
    )


def _answer(client: TestClient, path: str, link: ShareLink, answer: str):  # type: ignore[no-untyped-def]
    token = form_token(client, path)
    return client.post(
        f"{path}/meelezen/{link.id}",
        data={"csrf_token": token, "antwoord": answer},
        follow_redirects=False,
    )


def test_she_reads_her_part_and_says_rather_not(
    client: TestClient, session: Session, noted: Noted
) -> None:
    link = share_her_overview(session, noted)
    shared = f"/gedeeld/{token_for(TEST_SECRET, link)}"
    before = client.get(shared).text
    assert "Fatima" in before
    assert QUOTE in before

    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    page = client.get(path).text
    assert "Meelezen voor het wijkoverleg" in page
    assert "Wijkoverleg december" in page
    assert "Je naam staat erin: Fatima." in page
    assert QUOTE in page
    assert CANARY not in page  # Priya's part is hers

    assert _answer(client, path, link, "liever-niet").status_code == 303
    after = client.get(shared).text
    assert "Fatima" not in after
    assert QUOTE not in after
    assert "zingt" in after  # Priya's part stays
    assert "Je naam en je woorden staan er niet in" in client.get(path).text

    # The team's own overview of the same selection, and its files, leave her out too.
    coordinator = make_user(session, noted["team"], role=Role.coordinator)  # type: ignore[arg-type]
    login(client, coordinator)
    query = f"buurt={link.neighbourhood_ids[0]}"
    team_page = client.get(f"/overzicht?{query}").text
    assert "las mee en zei liever niet" in team_page
    assert QUOTE not in team_page
    archive = zipfile.ZipFile(io.BytesIO(client.get(f"/overzicht.zip?{query}").content))
    every_file = "".join(archive.read(n).decode("utf-8-sig") for n in archive.namelist())
    assert "zingt" in every_file
    assert QUOTE not in every_file
    assert "Fatima" not in every_file

    # She takes it back: her part is in again.
    client.cookies.clear()
    assert _answer(client, path, link, "toch-wel").status_code == 303
    assert QUOTE in client.get(shared).text
    assert session.exec(select(OverviewObjection)).first() is None


def test_rather_not_holds_for_that_overview_only(
    client: TestClient, session: Session, noted: Noted
) -> None:
    link = share_her_overview(session, noted)
    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    _answer(client, path, link, "liever-niet")
    talk = session.exec(select(Conversation)).first()
    assert talk is not None
    other = create_link(
        session,
        team_id=link.team_id,
        created_by_id=None,  # type: ignore[arg-type]
        neighbourhood_ids=[talk.neighbourhood_id],
        starts_at=None,
        ends_at=talk.occurred_at.replace(year=talk.occurred_at.year + 1),
        label="Jaaroverzicht",
        days=30,
    )
    assert QUOTE in client.get(f"/gedeeld/{token_for(TEST_SECRET, other)}").text
    # A later link for the same selection leaves her out as well.
    again = create_link(
        session,
        team_id=link.team_id,
        created_by_id=None,  # type: ignore[arg-type]
        neighbourhood_ids=[uuid.UUID(i) for i in link.neighbourhood_ids],
        starts_at=None,
        ends_at=None,
        label="Opnieuw",
        days=30,
    )
    assert QUOTE not in client.get(f"/gedeeld/{token_for(TEST_SECRET, again)}").text


@pytest.mark.parametrize("whose", ["another team", "unknown", "revoked"])
def test_only_an_open_link_of_her_own_team(
    client: TestClient, session: Session, noted: Noted, whose: str
) -> None:
    link = share_her_overview(session, noted)
    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    if whose == "another team":
        stranger = make_team(session)
        target = create_link(
            session,
            team_id=stranger.id,
            created_by_id=None,  # type: ignore[arg-type]
            neighbourhood_ids=[],
            starts_at=None,
            ends_at=None,
            label="",
            days=30,
        )
    elif whose == "revoked":
        from app.db import utcnow

        link.revoked_at = utcnow()
        session.add(link)
        session.flush()
        target = link
    else:
        target = ShareLink(id=uuid.uuid4(), team_id=link.team_id, expires_at=link.expires_at)
    refused = _answer(client, path, target, "liever-niet")
    assert refused.status_code in (404, 422)
    assert session.exec(select(OverviewObjection)).first() is None
