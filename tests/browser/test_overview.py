"""A coordinator makes the krachtenoverzicht for Oosterpark, prints it, downloads the PDF and
shares a link; a resident opens the link on a phone without an account; the coordinator
revokes it and the link opens nothing any more."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from app.demo.seed import DEMO_USERS
from tests.browser.journey import log_in

pytestmark = pytest.mark.browser

COORDINATOR = DEMO_USERS[0]
NO_OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def test_a_coordinator_prints_and_shares_the_overview_for_oosterpark(
    browser: Browser, browser_context_args: dict[str, Any], artifacts_dir: Path
) -> None:
    laptop = browser.new_context(
        **{
            **browser_context_args,
            "viewport": {"width": 1366, "height": 900},
            "is_mobile": False,
            "has_touch": False,
            "accept_downloads": True,
        }
    )
    resident = browser.new_context(**browser_context_args)  # a phone, never logged in
    try:
        page = laptop.new_page()
        log_in(page, COORDINATOR.email, "/overzicht")
        expect(page.get_by_role("heading", level=1)).to_have_text("Krachtenoverzicht")
        page.get_by_role("checkbox", name="Oosterpark").check()
        page.get_by_role("button", name="Toon").click()
        document = page.locator("article.doc")
        expect(document.get_by_role("heading", level=2)).to_have_text("Oosterpark")
        expect(document).to_contain_text("Wandelclub Oosterpark")
        expect(document).not_to_contain_text("Dappermarkt")
        expect(document.get_by_role("img", name="Buurtmakers die een idee trekken")).to_be_visible()
        page.screenshot(path=artifacts_dir / "overzicht-1366x900.png")

        # The PDF, as a download.
        with page.expect_download() as download:
            page.get_by_role("link", name="PDF", exact=True).click()
        assert download.value.suggested_filename == "krachtenoverzicht-oosterpark.pdf"
        pdf = Path(download.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF")

        # The print page, printed by the browser itself on A4.
        page.get_by_role("link", name="Afdrukken").click()
        expect(page.get_by_role("button", name="Afdrukken")).to_be_visible()
        page.emulate_media(media="print")
        expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()
        printed = page.pdf(format="A4")
        assert printed.startswith(b"%PDF")
        (artifacts_dir / "overzicht-chromium-print.pdf").write_bytes(printed)
        page.emulate_media(media="screen")
        page.get_by_role("link", name="Terug").click()

        # A share link for the wijkoverleg.
        page.get_by_role("checkbox", name="Oosterpark").check()
        page.get_by_role("button", name="Toon").click()
        page.get_by_label("Naam (voor jezelf)").fill("Wijkoverleg Oosterpark december")
        page.get_by_role("button", name="Maak een deellink").click()
        shared = page.locator(".share-link", has_text="Wijkoverleg Oosterpark december")
        expect(shared).to_be_visible()
        url = shared.locator(".share-url a").get_attribute("href")
        assert url is not None

        # A resident opens it on a phone, without an account.
        phone = resident.new_page()
        phone.goto(url)
        expect(phone.get_by_role("heading", level=1)).to_have_text("Oosterpark")
        expect(phone.locator("article.doc")).to_contain_text("Rommelmarkt in het park")
        expect(phone.get_by_role("link", name="Uitloggen")).to_have_count(0)
        assert phone.evaluate(NO_OVERFLOW) <= 0
        phone.screenshot(path=artifacts_dir / "overzicht-gedeeld-390x844.png")

        # Revoked: the link opens nothing any more.
        shared.get_by_role("button", name="Intrekken").click()
        expect(
            page.locator(".share-link", has_text="Wijkoverleg Oosterpark december")
        ).to_have_count(0)
        phone.reload()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet meer")
        expect(phone.locator("body")).not_to_contain_text("Rommelmarkt")
    finally:
        resident.close()
        laptop.close()
