"""Share links: residents open them without an account; they expire and can be revoked; a
forged or foreign link opens nothing."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.audit.models import AuditEvent
from app.db import utcnow
from app.demo.seed import DEMO_PASSWORD
from app.export.models import ShareLink
from app.teams.models import Role
from tests.export.conftest import Demo
from tests.export.pdf import pdf_text, require_pdf_tools
from tests.factories import form_token, login, make_team, make_user


def _share(client: TestClient, demo: Demo, days: int = 30) -> tuple[ShareLink, str]:
    token = form_token(client, "/overzicht")
    response = client.post(
        f"/overzicht/delen?buurt={demo.oosterpark.id}",
        data={"csrf_token": token, "label": "Wijkoverleg december", "days": str(days)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    page = client.get(response.headers["location"]).text
    url = re.search(r'href="(http://testserver/gedeeld/[^"]+)"', page)
    assert url is not None
    return _latest(client), url[1].removeprefix("http://testserver")


def _latest(client: TestClient) -> ShareLink:
    session: Session = client.app.state.session_factory(False)  # type: ignore[attr-defined]
    with session:
        return session.exec(select(ShareLink).order_by(col(ShareLink.created_at).desc())).first()  # type: ignore[return-value]


def test_a_resident_opens_the_link_without_an_account(
    client: TestClient, session: Session, demo: Demo
) -> None:
    login(client, demo.coordinator, DEMO_PASSWORD)
    link, path = _share(client, demo)
    assert link.label == "Wijkoverleg december"
    assert link.neighbourhood_ids == [str(demo.oosterpark.id)]
    assert timedelta(days=29) < link.expires_at - utcnow() <= timedelta(days=30)
    client.cookies.clear()
    shared = client.get(path)
    assert shared.status_code == 200
    assert "Wandelclub Oosterpark" in shared.text
    assert "Priya" not in shared.text
    assert "Uitloggen" not in shared.text  # nothing of the app around it
    assert shared.headers["cache-control"] == "no-store"
    assert "noindex" in shared.headers["x-robots-tag"]
    assert shared.headers["referrer-policy"] == "no-referrer"
    created = session.exec(
        select(AuditEvent).where(col(AuditEvent.action) == "share_link.create")
    ).one()
    assert created.record_id == link.id
    assert created.details["buurten"] == ["Oosterpark"]


def test_revoked_expired_and_forged_links_open_nothing(
    client: TestClient, session: Session, demo: Demo
) -> None:
    login(client, demo.coordinator, DEMO_PASSWORD)
    link, path = _share(client, demo)
    other, other_path = _share(client, demo)
    assert client.get(path).status_code == 200
    token = form_token(client, "/overzicht")
    revoked = client.post(
        f"/overzicht/delen/{link.id}/intrekken", data={"csrf_token": token}, follow_redirects=False
    )
    assert revoked.status_code == 303
    gone = client.get(path)
    assert gone.status_code == 404
    assert "Deze link werkt niet meer" in gone.text
    assert "Wandelclub" not in gone.text
    assert client.get(other_path).status_code == 200
    stored = session.get(ShareLink, other.id)
    assert stored is not None
    stored.expires_at = utcnow() - timedelta(minutes=1)
    session.add(stored)
    session.flush()
    assert client.get(other_path).status_code == 404
    forged = path[:-4] + ("AAAA" if not path.endswith("AAAA") else "BBBB")
    assert client.get(forged).status_code == 404
    assert client.get("/gedeeld/niet-een-link").status_code == 404
    assert client.get("/gedeeld/" + "a" * 5000).status_code == 404
    actions = session.exec(
        select(AuditEvent.action).where(col(AuditEvent.team_id) == demo.team.id)
    ).all()
    assert actions.count("share_link.revoke") == 1


def test_only_coordinators_share_and_only_their_own_teams_links(
    client: TestClient, session: Session, demo: Demo
) -> None:
    login(client, demo.worker, DEMO_PASSWORD)
    token = form_token(client, "/weekoverleg")
    refused = client.post(
        f"/overzicht/delen?buurt={demo.oosterpark.id}",
        data={"csrf_token": token, "days": "30"},
        follow_redirects=False,
    )
    assert refused.status_code == 403
    assert "Delen met het wijkoverleg" not in client.get("/overzicht").text
    login(client, demo.coordinator, DEMO_PASSWORD)
    link, path = _share(client, demo)
    token = form_token(client, "/overzicht")
    too_long = client.post(
        f"/overzicht/delen?buurt={demo.oosterpark.id}",
        data={"csrf_token": token, "days": "365"},
        follow_redirects=False,
    )
    assert too_long.status_code == 400
    outsider = make_user(session, make_team(session), role=Role.coordinator)
    login(client, outsider)
    token = form_token(client, "/overzicht")
    assert (
        client.post(
            f"/overzicht/delen/{link.id}/intrekken",
            data={"csrf_token": token},
            follow_redirects=False,
        ).status_code
        == 404
    )
    assert client.get(f"/overzicht.pdf?deellink={link.id}").status_code == 404
    assert client.get(path).status_code == 200  # still open: the outsider changed nothing


def test_the_pdf_carries_the_link_as_a_qr_code(
    client: TestClient, demo: Demo, tmp_path: Path
) -> None:
    require_pdf_tools()
    login(client, demo.coordinator, DEMO_PASSWORD)
    link, path = _share(client, demo)
    page = client.get("/overzicht").text
    assert f"/overzicht.pdf?deellink={link.id}" in page
    pdf = client.get(f"/overzicht.pdf?deellink={link.id}")
    assert pdf.status_code == 200
    text = pdf_text(pdf.content, tmp_path)
    assert "scan de code" in text
    assert path.split("/")[-1][:20] in text.replace("\n", "")


def test_only_a_coordinator_gets_the_pdf_of_a_working_link(
    client: TestClient, session: Session, demo: Demo
) -> None:
    """The PDF of a link carries the link: a worker (who may not make links) gets no PDF of
    one, and nobody gets the PDF of a revoked link."""
    login(client, demo.coordinator, DEMO_PASSWORD)
    link, _path = _share(client, demo)
    other, _other_path = _share(client, demo)
    token = form_token(client, "/overzicht")
    client.post(f"/overzicht/delen/{other.id}/intrekken", data={"csrf_token": token})
    assert client.get(f"/overzicht.pdf?deellink={other.id}").status_code == 404
    login(client, demo.worker, DEMO_PASSWORD)
    assert client.get(f"/overzicht.pdf?deellink={link.id}").status_code == 403
    assert client.get("/overzicht.pdf").status_code == 200
