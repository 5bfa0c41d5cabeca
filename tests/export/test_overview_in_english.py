"""The krachtenoverzicht in the user's language: a coordinator who chose English gets the
page, the print version (which the PDF is made of), the spreadsheet's sheets and columns and
the CSV files' columns in English, and the file named in it."""

from __future__ import annotations

import csv
import io
import zipfile

from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlmodel import Session

from app.demo.seed import DEMO_PASSWORD
from app.i18n import gettext, use_locale
from tests.export.conftest import Demo
from tests.factories import login


def en(dutch: str) -> str:
    with use_locale("en"):
        english = gettext(dutch)
    assert english != dutch
    return english


def test_every_format_speaks_the_coordinators_language(
    client: TestClient, session: Session, demo: Demo
) -> None:
    demo.coordinator.language = "en"
    session.add(demo.coordinator)
    session.flush()
    login(client, demo.coordinator, DEMO_PASSWORD)
    query = {"buurt": str(demo.oosterpark.id)}
    dutch_browser = {"Accept-Language": "nl-NL"}

    page = client.get("/overzicht", params=query, headers=dutch_browser)
    assert '<html lang="en"' in page.text
    printed = client.get("/overzicht/afdrukken", params=query, headers=dutch_browser).text
    assert '<html lang="en"' in printed
    flat = " ".join(printed.split())
    assert en("Wat bewoners vragen aan partners") in flat
    assert "Wat bewoners vragen aan partners" not in flat

    sheet_file = client.get("/overzicht.xlsx", params=query, headers=dutch_browser)
    assert (
        'filename="strengths-overview-oosterpark.xlsx"' in sheet_file.headers["content-disposition"]
    )
    book = load_workbook(io.BytesIO(sheet_file.content))
    assert en("Hoe opgehaald") in book.sheetnames
    assert "Hoe opgehaald" not in book.sheetnames
    assert "Genoteerd" not in book.sheetnames

    archive = client.get("/overzicht.zip", params=query, headers=dutch_browser)
    with zipfile.ZipFile(io.BytesIO(archive.content)) as files:
        first = files.read(sorted(files.namelist())[0]).decode("utf-8-sig")
    # English Excel's list separator is a comma (Dutch: a semicolon).
    header = next(csv.reader(io.StringIO(first), delimiter=","))
    sheet = book[en("Hoe opgehaald")]
    assert [c.value for c in next(sheet.iter_rows(max_row=1))] == header
    assert header[0] == en("Wat")
