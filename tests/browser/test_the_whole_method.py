"""The whole method in the product (issue 15), on a team that never saw the demo.

A team made with the CLI. A buurtwerker at 390×844, offline, records a group (Zouden graag,
Als je het vraagt), an institution that offers a room, an idea with its three questions and
an ask of that institution, a connection between two bewoners of whom only one was in the
conversation, and a new bewoner who may be named in the overview and is a verbinder. Back
online, the coordinator completes an item in the weekoverleg at 1366×900, marks a follow-up
Gedaan and moves the ask to toegezegd. The krachtenoverzicht (page and PDF) then shows every
one of those parts, and the follow-up is gone from the phone's open list after its next sync.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from app.config import PROJECT_ROOT
from app.dates import LOCAL
from testkit.server import ServerProcess
from tests.browser.journey import discovery, ready_for_offline, wait_until_synced
from tests.export.pdf import pdf_text, require_pdf_tools

pytestmark = pytest.mark.browser

TEAM = "Buurtteam Noord"
BUURT = "Vogelbuurt"
PASSWORD = "kastanjes-op-het-plein"
WORKER = ("ilse@buurtteam-noord.nl", "Ilse Bakker")
COORDINATOR = ("ravi@buurtteam-noord.nl", "Ravi Sital")
SUMMARY = "Op het plein: de moestuinclub en het buurthuis willen samen koken."
ASK = "De keuken op zondagmiddag"
CONNECTION = "Kunnen samen de kas bouwen"
FOLLOW_UP = "Met Fatima langs het buurthuis"
IF_ASKED = "Kinderen leren zaaien, en de schooltuin helpen"


def _cli(database_url: str, *args: str, password: str | None = None) -> None:
    env = {"APP_DATABASE_URL": database_url, "APP_ENV": "development", "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=PROJECT_ROOT,
        env=env,
        input=f"{password}\n" if password else None,
        text=True,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def empty_team(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """A new team as an administrator makes one: the CLI, no demo data at all."""
    server = ServerProcess(tmp_path_factory.mktemp("noord"))
    url = server.database_url
    _cli(url, "migrate")
    _cli(url, "create-team", TEAM)
    _cli(url, "create-neighbourhood", BUURT, "--team", TEAM)
    for (email, name), role in ((WORKER, "worker"), (COORDINATOR, "coordinator")):
        _cli(
            url,
            "create-user",
            email,
            "--team",
            TEAM,
            "--role",
            role,
            "--name",
            name,
            "--password-stdin",
            password=PASSWORD,
        )
    server.start()  # the database holds a team: serve adds no demo
    try:
        yield server
    finally:
        server.stop()


def _context(
    browser: Browser, args: dict[str, Any], server: ServerProcess, **overrides: Any
) -> BrowserContext:
    return browser.new_context(**{**args, "base_url": server.url, **overrides})


def _log_in(page: Page, email: str, next_path: str = "/") -> None:
    page.goto(f"/login?next={next_path}")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"**{next_path}")


def _open_follow_ups(phone: Page) -> Locator:
    return phone.locator("section[aria-labelledby='afspraken-kop']")


def _phone_records_the_method(phone: Page) -> None:
    """Two conversations in the street, offline: a first bewoner, then everything else."""
    phone.goto("/gesprekken/nieuw")
    phone.get_by_role("button", name="Nieuwe bewoner").click()
    phone.get_by_label("Herkenning").fill("de man met de grijze hond")
    phone.get_by_role("button", name="Bewoner toevoegen").click()
    phone.get_by_label("Samenvatting").fill("Bij het hek van de speeltuin over zijn hond.")
    phone.get_by_role("button", name="Opslaan").click()
    expect(phone.get_by_text("Opgeslagen op je telefoon.")).to_be_visible()

    phone.goto("/gesprekken/nieuw")
    phone.get_by_role("button", name="Nieuwe bewoner").click()
    phone.get_by_label("Herkenning").fill("zingt in het koor")
    phone.get_by_label("naam in het krachtenoverzicht").check()
    phone.get_by_label("Roepnaam", exact=True).fill("Fatima")
    phone.get_by_label("Verbinder").check()
    phone.get_by_role("button", name="Bewoner toevoegen").click()
    phone.get_by_label("Samenvatting").fill(SUMMARY)

    phone.get_by_role("button", name="+ Groep").click()
    group = discovery(phone, "Groep")
    group.get_by_label("Titel").fill("Moestuinclub Noord")
    group.get_by_label("Wat ze doen").fill("Tuinieren elke zaterdag achter de flat")
    group.get_by_label("Zouden graag").fill("Een oogstfeest voor de hele buurt")
    group.get_by_label("Als je het vraagt").fill("Kinderen leren zaaien")
    group.get_by_role("group", name="Wie mag dit zien").get_by_role(
        "button", name="krachtenoverzicht"
    ).click()

    phone.get_by_role("button", name="+ Instelling").click()
    institution = discovery(phone, "Instelling")
    institution.get_by_label("Titel").fill("Buurthuis De Boog")
    institution.get_by_role("group", name="Biedt").get_by_role("button", name="ruimte").click()

    phone.get_by_role("button", name="+ Idee").click()
    idea = discovery(phone, "Idee")
    idea.get_by_label("Titel").fill("Samen koken met de oogst")
    idea.get_by_role("group", name="Trekker(s)").get_by_role("button", name="Fatima").click()
    idea.get_by_label("Zelf", exact=True).fill("Groente uit de tuin en drie koks")
    idea.get_by_label("Met een beetje hulp").fill("Een grote pan van de buren")
    idea.get_by_label("Van buiten nodig").fill("Een keuken voor veertig mensen")
    idea.get_by_role("button", name="+ Vraag aan een partner").click()
    idea.get_by_label("Wat vragen de bewoners?").fill(ASK)
    idea.get_by_role("group", name="Soort hulp").get_by_role("button", name="ruimte").click()
    idea.get_by_label("Aan wie").select_option(label="Buurthuis De Boog")
    idea.get_by_role("group", name="Wie mag dit zien").get_by_role(
        "button", name="krachtenoverzicht"
    ).click()

    phone.get_by_role("button", name="+ Verbinding").click()
    connection = discovery(phone, "Verbinding")
    connection.get_by_label("Beschrijving").fill(CONNECTION)
    connection.get_by_role("group", name="Tussen").get_by_role("button", name="Fatima").click()
    other_side = connection.get_by_role("group", name="en", exact=True)
    other_side.get_by_role("searchbox").fill("grijze hond")
    other_side.get_by_role("button", name="grijze hond").click()
    connection.get_by_role("group", name="Wie mag dit zien").get_by_role(
        "button", name="krachtenoverzicht"
    ).click()

    phone.get_by_role("button", name="+ Vervolgafspraak").click()
    phone.get_by_label("Wat spreek je af?").fill(FOLLOW_UP)
    phone.get_by_label("Wanneer", exact=True).last.fill(datetime.now(LOCAL).date().isoformat())

    phone.get_by_role("button", name="Opslaan").click()
    expect(phone.get_by_text("Opgeslagen op je telefoon.")).to_be_visible()
    expect(_open_follow_ups(phone).get_by_text(FOLLOW_UP)).to_be_visible()


def _coordinator_runs_the_weekoverleg(page: Page) -> None:
    _log_in(page, COORDINATOR[0], "/weekoverleg")
    expect(page.get_by_role("heading", level=1)).to_have_text("Weekoverleg")
    # Completing the group while it is discussed.
    group = page.locator(".review-item", has_text="Moestuinclub Noord").first
    group.get_by_text("Zouden graag, als je het vraagt").click()
    group.get_by_label("Als je het vraagt").fill(IF_ASKED)
    group.get_by_role("button", name="Bewaren").click()
    expect(page.locator(".review-item", has_text="Moestuinclub Noord").first).to_be_visible()

    follow_up = page.locator("#afspraken .follow-up", has_text=FOLLOW_UP)
    follow_up.get_by_role("button", name="Gedaan").click()
    expect(page.locator("#afspraken .follow-up", has_text=FOLLOW_UP)).to_have_count(0)

    page.goto("/weekoverleg#vragen")
    ask = page.locator("#vragen .ask-item", has_text=ASK)
    expect(ask).to_contain_text("gevraagd")
    ask.get_by_role("button", name="Toegezegd").click()
    expect(page.locator("#vragen .ask-item", has_text=ASK).locator(".ask-status")).to_have_text(
        "toegezegd"
    )


EVERY_PART = (
    "Moestuinclub Noord",
    "Een oogstfeest voor de hele buurt",  # Zouden graag
    IF_ASKED,  # Als je het vraagt, completed in the weekoverleg
    "Buurthuis De Boog",
    "Samen koken met de oogst",
    "Groente uit de tuin en drie koks",  # Zelf
    "Een grote pan van de buren",  # Met een beetje hulp
    "Een keuken voor veertig mensen",  # Van buiten nodig
    "Wat bewoners vragen aan partners",
    ASK,
    "toegezegd",
    "Fatima",  # the verbinder, named with her consent
)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_a_team_that_never_saw_the_demo_records_and_acts_on_the_whole_method(
    browser: Browser,
    browser_context_args: dict[str, Any],
    empty_team: ServerProcess,
    artifacts_dir: Path,
    tmp_path: Path,
) -> None:
    require_pdf_tools()
    pocket = _context(browser, browser_context_args, empty_team)
    laptop = _context(
        browser,
        browser_context_args,
        empty_team,
        viewport={"width": 1366, "height": 900},
        is_mobile=False,
        has_touch=False,
    )
    try:
        phone = pocket.new_page()
        _log_in(phone, WORKER[0])
        ready_for_offline(phone)
        pocket.set_offline(True)
        _phone_records_the_method(phone)
        phone.screenshot(path=artifacts_dir / "methode-vandaag-390x844.png", full_page=True)
        pocket.set_offline(False)
        wait_until_synced(phone)

        page = laptop.new_page()
        _coordinator_runs_the_weekoverleg(page)
        page.screenshot(path=artifacts_dir / "methode-weekoverleg-1366x900.png", full_page=True)

        page.goto("/overzicht")
        page.get_by_role("checkbox", name=BUURT).check()
        page.get_by_role("button", name="Toon").click()
        document = page.locator("article.doc")
        for part in EVERY_PART:
            expect(document).to_contain_text(part)
        page.screenshot(path=artifacts_dir / "methode-overzicht-1366x900.png", full_page=True)
        pdf_link = page.get_by_role("link", name="PDF", exact=True).get_attribute("href")
        assert pdf_link is not None
        pdf = _flat(pdf_text(page.request.get(pdf_link).body(), tmp_path))
        missing = [part for part in EVERY_PART if _flat(part) not in pdf]
        assert not missing, missing

        # The phone's next sync: the follow-up ticked off in the weekoverleg leaves its list.
        phone.goto("/")
        expect(_open_follow_ups(phone).get_by_text(FOLLOW_UP)).to_have_count(0, timeout=20_000)
    finally:
        pocket.close()
        laptop.close()
