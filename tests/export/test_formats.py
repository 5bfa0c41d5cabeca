"""Every format of the krachtenoverzicht, rendered from the demo: the same content, nobody
named without consent, formula-safe cells, and each export in the audit log."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session, col, select, update

from app.audit.models import AuditEvent
from app.audit.service import verify_chain
from app.conversations.models import Discovery, DiscoveryKind
from app.demo.seed import DEMO_PASSWORD
from tests.export.conftest import Demo
from tests.export.pdf import csv_text, pdf_pages, pdf_text, require_pdf_tools, xlsx_text
from tests.factories import login, make_conversation, make_discovery


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def test_every_format_says_the_same_and_names_nobody_without_consent(
    client: TestClient, session: Session, demo: Demo, tmp_path: Path, artifacts_dir: Path
) -> None:
    require_pdf_tools()
    login(client, demo.coordinator, DEMO_PASSWORD)
    query = {"buurt": str(demo.oosterpark.id)}
    texts: dict[str, str] = {}
    preview = client.get("/overzicht", params=query)
    assert preview.status_code == 200
    texts["preview"] = preview.text.split('<article class="doc"', 1)[1]
    texts["print"] = client.get("/overzicht/afdrukken", params=query).text
    pdf = client.get("/overzicht.pdf", params=query)
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == (
        'attachment; filename="krachtenoverzicht-oosterpark.pdf"'
    )
    texts["pdf"] = pdf_text(pdf.content, tmp_path)
    sheets, texts["xlsx"] = xlsx_text(client.get("/overzicht.xlsx", params=query).content)
    files, texts["csv"] = csv_text(client.get("/overzicht.zip", params=query).content)

    # The PDF as pictures, to look at (kept in artifacts/).
    assert len(pdf_pages(pdf.content, artifacts_dir / "overzicht-oosterpark")) >= 3

    assert "Hoe opgehaald" in sheets
    assert "Gemeenschapskracht" in sheets
    assert "01-opgehaald.csv" in files
    for fmt, text in texts.items():
        words = _words(text)
        leaked = words & demo.unnamed
        assert not leaked, f"{fmt} names {leaked} without consent"
        assert not {p for p in demo.pseudonyms if p in text}, f"{fmt} shows a pseudonym"
        # The test can fail: the consented names and the buurt's content are there.
        assert {"Ria", "Gerda"} <= words, fmt
        assert "Wandelclub Oosterpark" in text, fmt
        assert "Rommelmarkt in het park" in text, fmt
        # Every part of the method, in every format.
        flat = " ".join(text.split())
        for part in ("Zouden graag", "Als je het vraagt", "Met een beetje hulp", "Van buiten"):
            assert part in flat, (fmt, part)
        assert "Zelf" in words, fmt
        # What residents ask of partners, with the addressee and the status.
        assert "De keuken en de zaal op vrijdagavond" in flat, fmt
        assert "Buurthuis aan de Blasiusstraat" in flat, fmt
        assert "geregeld" in words, fmt
    for fmt in ("preview", "print", "pdf"):
        flat = " ".join(texts[fmt].split())
        assert "Wat bewoners vragen aan partners" in flat, fmt
        assert re.search(r"\d+ kwaliteiten genoteerd, \d+ hieronder uitgelicht", flat), fmt
    assert "Genoteerd" in sheets
    assert "Bewoners vragen partners" in sheets


def test_spreadsheet_and_csv_cells_never_become_formulas(
    client: TestClient, session: Session, demo: Demo
) -> None:
    talk = make_conversation(session, demo.team, demo.worker, demo.oosterpark)
    sneaky = '=HYPERLINK("http://example.org","klik")'
    make_discovery(
        session,
        demo.team,
        demo.worker,
        talk,
        kind=DiscoveryKind.story,
        title="+31 verhalen",
        description=sneaky,
        visibility="overview",
    )
    session.flush()
    login(client, demo.coordinator, DEMO_PASSWORD)
    query = {"buurt": str(demo.oosterpark.id)}
    book = load_workbook(io.BytesIO(client.get("/overzicht.xlsx", params=query).content))
    stories = book["Verhalen"]
    row = next(r for r in stories.iter_rows(min_row=2) if r[1].value == sneaky)
    assert row[0].value == "+31 verhalen"
    assert row[0].data_type == "s"
    assert row[1].data_type == "s"
    with zipfile.ZipFile(io.BytesIO(client.get("/overzicht.zip", params=query).content)) as z:
        name = next(n for n in z.namelist() if n.endswith("-verhalen.csv"))
        rows = list(csv.reader(io.StringIO(z.read(name).decode("utf-8-sig")), delimiter=";"))
    assert ["'+31 verhalen", "'" + sneaky, ""] in rows


def test_stored_text_xml_forbids_leaves_the_spreadsheet_readable(
    client: TestClient, session: Session, demo: Demo
) -> None:
    talk = make_conversation(session, demo.team, demo.worker, demo.oosterpark)
    story = make_discovery(
        session,
        demo.team,
        demo.worker,
        talk,
        kind=DiscoveryKind.story,
        title="Het oude badhuis",
        description="Iedereen kwam er op zaterdag.",
        visibility="overview",
    )
    # Straight into the database, as text pushed before input was cleaned.
    session.execute(
        update(Discovery)
        .where(col(Discovery.id) == story.id)
        .values(
            title="Het oude\ufffe badhuis\uffff",
            description="Iedereen\u000b kwam er\u0001 op zaterdag.",
        )
    )
    session.expire_all()
    login(client, demo.coordinator, DEMO_PASSWORD)
    query = {"buurt": str(demo.oosterpark.id)}
    response = client.get("/overzicht.xlsx", params=query)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    cells = [[c.value for c in r] for r in book["Verhalen"].iter_rows(min_row=2)]
    assert ["Het oude badhuis", "Iedereen kwam er op zaterdag."] in [r[:2] for r in cells]
    with zipfile.ZipFile(io.BytesIO(client.get("/overzicht.zip", params=query).content)) as z:
        name = next(n for n in z.namelist() if n.endswith("-verhalen.csv"))
        rows = list(csv.reader(io.StringIO(z.read(name).decode("utf-8-sig")), delimiter=";"))
    assert ["Het oude badhuis", "Iedereen kwam er op zaterdag."] in [r[:2] for r in rows]


def test_every_export_is_in_the_audit_log(client: TestClient, session: Session, demo: Demo) -> None:
    login(client, demo.worker, DEMO_PASSWORD)
    query = {"buurt": str(demo.oosterpark.id), "van": "2026-01-01", "tot": "2026-12-31"}
    for path in ("/overzicht/afdrukken", "/overzicht.xlsx", "/overzicht.zip"):
        assert client.get(path, params=query).status_code == 200
    client.get("/overzicht", params=query)  # a preview is not an export
    events = session.exec(
        select(AuditEvent)
        .where(col(AuditEvent.team_id) == demo.team.id, col(AuditEvent.action) == "overview.export")
        .order_by(col(AuditEvent.id))
    ).all()
    assert [e.details["format"] for e in events] == ["print", "xlsx", "csv"]
    for event in events:
        assert event.actor_id == demo.worker.id
        assert event.details["buurten"] == ["Oosterpark"]
        assert event.details["start"].startswith("2025-12-31T23:00")  # local midnight, in UTC
        assert event.details["end"].startswith("2026-12-31T23:00")
    assert verify_chain(session).ok
