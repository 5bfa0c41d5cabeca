"""What a bewoner changes on her own page: her corrections and additions are proposals the
team takes over in the weekoverleg ("Van bewoners"), each a change with a revision that says
it came from her; her consent applies at once. Only about what is hers to see."""

from __future__ import annotations

import uuid

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.audit.models import AuditEvent
from app.auth.models import User
from app.changes.models import Revision
from app.conversations.models import Discovery, DiscoveryKind, DiscoveryPerson, Visibility
from app.db import utcnow
from app.people.models import ConsentScope, Person
from app.people.service import current_consent
from app.residents.models import ResidentProposal
from app.residents.proposals import MAX_OPEN
from app.teams.models import Role, Team
from tests.factories import form_token, login, make_user
from tests.residents.test_page import _make_link

Noted = dict[str, object]


def _quality(session: Session, person: Person) -> Discovery:
    return session.exec(
        select(Discovery)
        .join(DiscoveryPerson, col(DiscoveryPerson.discovery_id) == col(Discovery.id))
        .where(
            col(DiscoveryPerson.person_id) == person.id,
            col(Discovery.kind) == DiscoveryKind.quality.value,
            col(Discovery.visibility) != Visibility.private.value,
        )
    ).one()


def _idea(session: Session) -> Discovery:
    return session.exec(select(Discovery).where(col(Discovery.kind) == "idea")).one()


def _post(client: TestClient, path: str, action: str, data: dict[str, object]):  # type: ignore[no-untyped-def]
    token = form_token(client, path)
    return client.post(path + action, data={"csrf_token": token, **data}, follow_redirects=False)


def _coordinator(session: Session, team: Team) -> User:
    return make_user(session, team, role=Role.coordinator)


def _decide(client: TestClient, user: User, proposal: ResidentProposal, decision: str):  # type: ignore[no-untyped-def]
    login(client, user)
    token = form_token(client, "/weekoverleg")
    return client.post(
        f"/weekoverleg/van-bewoners/{proposal.id}",
        data={"csrf_token": token, "decision": decision},
        follow_redirects=False,
    )


def test_her_correction_waits_for_the_team_and_is_taken_over_with_her_name_on_it(
    client: TestClient, session: Session, noted: Noted
) -> None:
    fatima, team = noted["fatima"], noted["team"]
    assert isinstance(fatima, Person)
    assert isinstance(team, Team)
    quality = _quality(session, fatima)
    version = quality.version
    path = _make_link(client, noted["worker"], fatima)  # type: ignore[arg-type]
    sent = _post(
        client,
        path,
        f"/voorstel/{quality.id}",
        {
            "version": str(version),
            "title": "",
            "description": "Kookt elke vrijdag voor de hele portiek, en op zondag soep",
            "willingness_shown": "1",
            "willingness": ["share", "learn"],
            "remark": "",
        },
    )
    assert sent.status_code == 303, sent.text
    session.expire_all()
    proposal = session.exec(select(ResidentProposal)).one()
    # Only what she changed: the title she left as shown is not proposed.
    assert proposal.fields == {
        "description": "Kookt elke vrijdag voor de hele portiek, en op zondag soep",
        "willingness": ["share", "learn"],
    }
    assert session.get(Discovery, quality.id).version == version  # type: ignore[union-attr]
    assert "ligt bij het team" in client.get(path).text

    # A teammate changes the title meanwhile: taking hers over keeps that.
    coordinator = _coordinator(session, team)
    session.get(Discovery, quality.id).title = "Kookt"  # type: ignore[union-attr]
    session.flush()
    login(client, coordinator)
    review = client.get("/weekoverleg").text
    assert "Van bewoners" in review
    assert "en op zondag soep" in review
    assert _decide(client, coordinator, proposal, "overnemen").status_code == 303
    session.expire_all()
    after = session.get(Discovery, quality.id)
    assert after is not None
    assert after.description.endswith("en op zondag soep")
    assert after.willingness == ["share", "learn"]
    assert after.title == "Kookt"
    revision = session.exec(
        select(Revision)
        .where(col(Revision.record_id) == quality.id)
        .order_by(col(Revision.version).desc())
    ).first()
    assert revision is not None
    assert revision.by_resident
    assert revision.changed_by_id == coordinator.id
    assert session.get(ResidentProposal, proposal.id).outcome == "accepted"  # type: ignore[union-attr]
    client.cookies.clear()
    assert "overgenomen" in client.get(path).text


def test_something_new_she_can_becomes_a_quality_about_her(
    client: TestClient, session: Session, noted: Noted
) -> None:
    fatima = noted["fatima"]
    path = _make_link(client, noted["worker"], fatima)  # type: ignore[arg-type]
    sent = _post(
        client,
        path,
        "/nieuw",
        {
            "title": "Fietsen repareren",
            "description": "",
            "quality_type": "skill",
            "dimensions_shown": "1",
            "dimensions": ["hands", "head"],
            "willingness_shown": "1",
            "willingness": "teach",
        },
    )
    assert sent.status_code == 303
    proposal = session.exec(select(ResidentProposal)).one()
    worker = noted["worker"]
    assert isinstance(worker, User)
    assert _decide(client, worker, proposal, "overnemen").status_code == 303  # anyone may
    session.expire_all()
    made = session.exec(select(Discovery).where(Discovery.title == "Fietsen repareren")).one()
    assert made.kind == "quality"
    assert made.willingness == ["teach"]
    assert made.quality_type == "skill"
    assert made.dimensions == ["head", "hands"]
    assert (
        session.exec(select(DiscoveryPerson).where(DiscoveryPerson.discovery_id == made.id))
        .one()
        .person_id
        == fatima.id  # type: ignore[attr-defined]
    )
    created = session.exec(select(Revision).where(Revision.record_id == made.id)).one()
    assert created.by_resident
    # Her inzage holds what she proposed, and that the history's creation was hers.
    login(client, _coordinator(session, noted["team"]))  # type: ignore[arg-type]
    inzage = client.get(f"/bewoners/{fatima.id}/inzage").text  # type: ignore[attr-defined]
    assert "Wat u zelf voorstelde op uw eigen pagina" in inzage
    assert "Fietsen repareren" in inzage
    client.cookies.clear()
    assert "Fietsen repareren" in client.get(path).text


def test_a_trekker_moves_her_idea_on_and_adds_an_ask(
    client: TestClient, session: Session, noted: Noted
) -> None:
    idea = _idea(session)
    asks_before = len(idea.asks)
    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    sent = _post(
        client,
        path,
        f"/voorstel/{idea.id}",
        {
            "version": str(idea.version),
            "idea_self": "Recepten, koks en de boodschappen",
            "idea_little_help": "Een keuken",
            "idea_outside": "Een vergunning",
            "status": "started",
            "new_ask_what": "Een koelkast lenen",
            "new_ask_partner": "de moskee",
        },
    )
    assert sent.status_code == 303, sent.text
    proposal = session.exec(select(ResidentProposal)).one()
    assert set(proposal.fields) == {"idea_self", "status", "new_ask"}
    coordinator = _coordinator(session, noted["team"])  # type: ignore[arg-type]
    assert _decide(client, coordinator, proposal, "overnemen").status_code == 303
    session.expire_all()
    after = session.get(Discovery, idea.id)
    assert after is not None
    assert after.status == "started"
    assert after.idea_self.endswith("de boodschappen")
    assert len(after.asks) == asks_before + 1
    assert after.asks[-1]["what"] == "Een koelkast lenen"


@pytest.mark.parametrize(
    "data",
    [
        {"status": "running"},  # a quality has no phase
        {"willingness_shown": "1", "willingness": "everything"},
        {"quality_type": "superpower"},
        {"description": "x" * 5000},
        {},  # nothing changed, nothing written
    ],
)
def test_what_she_may_not_propose_is_refused_and_nothing_is_stored(
    client: TestClient, session: Session, noted: Noted, data: dict[str, object]
) -> None:
    quality = _quality(session, noted["fatima"])  # type: ignore[arg-type]
    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    refused = _post(client, path, f"/voorstel/{quality.id}", {"version": "1", **data})
    assert refused.status_code == 422
    assert "Mijn buurtkracht" in refused.text  # her page again, with what was wrong
    assert session.exec(select(ResidentProposal)).first() is None


def test_only_about_what_is_hers_to_see(client: TestClient, session: Session, noted: Noted) -> None:
    priya = noted["priya"]
    theirs = _quality(session, priya)  # type: ignore[arg-type]
    private = session.exec(
        select(Discovery).where(Discovery.visibility == Visibility.private.value)
    ).one()
    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    for target in (theirs.id, private.id, uuid.uuid4()):
        refused = _post(client, path, f"/voorstel/{target}", {"version": "1", "remark": "weg"})
        assert refused.status_code in (404, 422)
        assert "KANARIE" not in refused.text
    assert session.exec(select(ResidentProposal)).first() is None


def test_a_link_that_does_not_open_writes_nothing(
    client: TestClient, session: Session, noted: Noted
) -> None:
    quality = _quality(session, noted["fatima"])  # type: ignore[arg-type]
    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    token = form_token(client, path)
    forged = path[:-3] + "abc"
    for action in (f"/voorstel/{quality.id}", "/nieuw", "/toestemming"):
        refused = client.post(
            forged + action,
            data={"csrf_token": token, "remark": "x", "title": "x", "scope": []},
            follow_redirects=False,
        )
        assert refused.status_code == 404
    assert session.exec(select(ResidentProposal)).first() is None
    assert current_consent(session, noted["fatima"].id).scopes  # type: ignore[attr-defined,union-attr]


def test_without_the_pages_token_nothing_is_accepted(
    client: TestClient, session: Session, noted: Noted
) -> None:
    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    client.get(path)
    refused = client.post(path + "/nieuw", data={"title": "x"}, follow_redirects=False)
    assert refused.status_code == 403
    assert session.exec(select(ResidentProposal)).first() is None


def test_a_colleague_takes_over_only_what_she_may_change(
    client: TestClient, session: Session, noted: Noted
) -> None:
    quality = _quality(session, noted["fatima"])  # type: ignore[arg-type]
    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    _post(client, path, f"/voorstel/{quality.id}", {"version": "1", "description": "Anders"})
    proposal = session.exec(select(ResidentProposal)).one()
    colleague = make_user(session, noted["team"])  # type: ignore[arg-type]
    assert _decide(client, colleague, proposal, "overnemen").status_code == 403
    stranger = make_user(session, _other_team(session))
    assert _decide(client, stranger, proposal, "overnemen").status_code == 404
    session.expire_all()
    assert session.get(ResidentProposal, proposal.id).decided_at is None  # type: ignore[union-attr]


def _other_team(session: Session) -> Team:
    from tests.factories import make_team

    return make_team(session)


def test_she_cannot_flood_the_team(client: TestClient, session: Session, noted: Noted) -> None:
    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    quality = _quality(session, noted["fatima"])  # type: ignore[arg-type]
    for n in range(MAX_OPEN):
        session.add(
            ResidentProposal(
                team_id=noted["team"].id,  # type: ignore[attr-defined]
                person_id=noted["fatima"].id,  # type: ignore[attr-defined]
                kind="new_quality" if n else "change",
                discovery_id=None if n else quality.id,
                fields={"title": f"n{n}"},
            )
        )
    session.flush()
    refused = _post(client, path, "/nieuw", {"title": "nog een"})
    assert refused.status_code == 422
    assert "veel voorstellen" in refused.text
    # The team deleted what one was about: it waits for nobody, and takes no room.
    quality.deleted_at = utcnow()
    session.flush()
    assert _post(client, path, "/nieuw", {"title": "nog een"}).status_code == 303


def test_her_consent_withdrawal_applies_at_once_and_is_hers_in_the_history(
    client: TestClient, session: Session, noted: Noted
) -> None:
    fatima = noted["fatima"]
    assert isinstance(fatima, Person)
    path = _make_link(client, noted["worker"], fatima)  # type: ignore[arg-type]
    sent = _post(client, path, "/toestemming", {"scope": [ConsentScope.store_name.value]})
    assert sent.status_code == 303
    session.expire_all()
    consent = current_consent(session, fatima.id)
    assert consent is not None
    assert consent.scopes == ["store_name"]
    assert consent.recorded_by_id is None
    revision = session.exec(
        select(Revision)
        .where(Revision.record_id == fatima.id)
        .order_by(col(Revision.version).desc())
    ).first()
    assert revision is not None
    assert revision.by_resident
    assert revision.changed_by_id is None
    event = session.exec(select(AuditEvent).where(AuditEvent.action == "person.consent")).all()[-1]
    assert event.actor_id is None
    assert event.details.get("by_resident") is True
    # The team sees it in the weekoverleg: it already applies.
    login(client, noted["worker"])  # type: ignore[arg-type]
    review = client.get("/weekoverleg").text
    assert "Toestemming, door bewoners zelf aangepast" in review


def test_withdrawing_her_name_takes_it_off_her_record_and_the_phones(
    client: TestClient, session: Session, noted: Noted
) -> None:
    fatima = noted["fatima"]
    assert isinstance(fatima, Person)
    worker = noted["worker"]
    assert isinstance(worker, User)
    path = _make_link(client, worker, fatima)
    assert _post(client, path, "/toestemming", {"scope": []}).status_code == 303
    session.expire_all()
    assert session.get(Person, fatima.id).first_name is None  # type: ignore[union-attr]
    assert current_consent(session, fatima.id) is None
    login(client, worker)
    pulled = client.get("/api/sync/pull", params={"cursor": 0, "device_id": str(uuid.uuid4())})
    assert pulled.status_code == 200
    assert "Fatima" not in pulled.text
    client.cookies.clear()
    assert "Hallo Fatima" not in client.get(path).text


def test_another_bewoners_proposals_never_show_on_her_page(
    client: TestClient, session: Session, noted: Noted
) -> None:
    priya = noted["priya"]
    assert isinstance(priya, Person)
    session.add(
        ResidentProposal(
            team_id=priya.team_id,
            person_id=priya.id,
            kind="new_quality",
            fields={"title": "KANARIE zingt in het koor"},
            remark="KANARIE",
        )
    )
    session.flush()
    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    page = client.get(path).text
    assert "KANARIE" not in page
    assert "Wat je het team stuurde" not in page  # she sent nothing herself


def test_her_consent_changes_are_limited_per_day(
    client: TestClient, session: Session, noted: Noted
) -> None:
    from app.people.consent import OWN_CHANGES_PER_DAY

    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    token = form_token(client, path)
    scopes: tuple[list[str], list[str]] = ([], [ConsentScope.store_name.value])
    for n in range(OWN_CHANGES_PER_DAY):
        sent = client.post(
            path + "/toestemming",
            data={"csrf_token": token, "scope": scopes[n % 2]},
            follow_redirects=False,
        )
        assert sent.status_code == 303
    refused = client.post(
        path + "/toestemming", data={"csrf_token": token, "scope": []}, follow_redirects=False
    )
    assert refused.status_code == 422
    assert "vandaag al vaak" in refused.text


def test_her_edit_keeps_the_names_she_was_shown_as_een_bewoner() -> None:
    from app.people.names import onto_real

    real = "Kookt elke vrijdag met Priya voor de hele portiek"
    shown = "Kookt elke vrijdag met een bewoner voor de hele portiek"
    assert (
        onto_real(real, shown, shown + ", en op zondag soep")
        == "Kookt elke vrijdag met Priya voor de hele portiek, en op zondag soep"
    )
    assert onto_real(real, shown, "Kookt op zaterdag met een bewoner") == (
        "Kookt op zaterdag met Priya"
    )
    assert onto_real("Zingt graag", "Zingt graag", "Zingt heel graag") == "Zingt heel graag"


def test_taking_her_correction_over_keeps_another_bewoners_name_in_the_teams_notes(
    client: TestClient, session: Session, noted: Noted
) -> None:
    quality = _quality(session, noted["fatima"])  # type: ignore[arg-type]
    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    shown = "Kookt elke vrijdag met een bewoner voor de hele portiek"
    sent = _post(
        client,
        path,
        f"/voorstel/{quality.id}",
        {"version": str(quality.version), "description": shown + ", en op zondag soep"},
    )
    assert sent.status_code == 303
    proposal = session.exec(select(ResidentProposal)).one()
    coordinator = _coordinator(session, noted["team"])  # type: ignore[arg-type]
    login(client, coordinator)
    assert "met Priya voor de hele portiek, en op zondag soep" in client.get("/weekoverleg").text
    assert _decide(client, coordinator, proposal, "overnemen").status_code == 303
    session.expire_all()
    after = session.get(Discovery, quality.id)
    assert after is not None
    assert (
        after.description == "Kookt elke vrijdag met Priya voor de hele portiek, en op zondag soep"
    )


def test_a_name_withdrawn_later_leaves_the_open_proposals_too(
    client: TestClient, session: Session, noted: Noted
) -> None:
    from app.people.consent import set_own_consent

    quality = _quality(session, noted["fatima"])  # type: ignore[arg-type]
    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    _post(
        client,
        path,
        f"/voorstel/{quality.id}",
        {"version": "1", "remark": "Priya doet ook mee, zeg het tegen Priya"},
    )
    priya = noted["priya"]
    assert isinstance(priya, Person)
    set_own_consent(session, noted["team"], priya, scopes=[])  # type: ignore[arg-type]
    session.flush()
    session.expire_all()
    proposal = session.exec(select(ResidentProposal)).one()
    assert "Priya" not in proposal.remark
    login(client, _coordinator(session, noted["team"]))  # type: ignore[arg-type]
    assert "Priya" not in client.get("/weekoverleg").text


def test_what_she_may_no_longer_change_is_not_taken_over(
    client: TestClient, session: Session, noted: Noted
) -> None:
    idea = _idea(session)
    path = _make_link(client, noted["worker"], noted["fatima"])  # type: ignore[arg-type]
    _post(client, path, f"/voorstel/{idea.id}", {"version": str(idea.version), "status": "running"})
    proposal = session.exec(select(ResidentProposal)).one()
    for link in session.exec(
        select(DiscoveryPerson).where(DiscoveryPerson.discovery_id == idea.id)
    ):
        link.role = "supporter"  # no longer its trekker: the phase is not hers to move
        session.add(link)
    session.flush()
    coordinator = _coordinator(session, noted["team"])  # type: ignore[arg-type]
    refused = _decide(client, coordinator, proposal, "overnemen")
    assert refused.status_code == 400
    session.expire_all()
    assert session.get(Discovery, idea.id).status != "running"  # type: ignore[union-attr]
    assert _decide(client, coordinator, proposal, "niet").status_code == 303
