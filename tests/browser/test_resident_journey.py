"""A bewoner as buurtmaker, end to end at phone size: the buurtwerker makes her link on the
spot (a QR code to scan); in a fresh browser, in her own language, she adds something she can
and withdraws her name from the krachtenoverzicht; the coordinator takes her addition over in
the weekoverleg ("Van bewoners"); the overview and its share link no longer name her, and the
buurtwerker's phone holds her new consent after its next sync — and her name no longer once she
withdraws that too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from app.demo.seed import DEMO_USERS
from tests.browser.journey import log_in, ready_for_offline

pytestmark = pytest.mark.browser

COORDINATOR = DEMO_USERS[0]
WORKER = next(u for u in DEMO_USERS if u.role.value == "worker")
NAME = "Daan"  # a demo bewoner who agreed to be named in the overview
NO_OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"

# Waits inside the page until the phone's copy of the bewoner matches.
PERSON_ON_PHONE = """async ([id, check]) => {
  const store = await import("/static/js/store.js");
  for (let i = 0; i < 400; i++) {
    const record = await store.getRecord("person", id);
    const fields = record ? record.fields || record : {};
    const scopes = (fields.consent && fields.consent.scopes) || [];
    if (check === "no-overview" && record && !scopes.includes("name_in_overview")
        && fields.first_name) return true;
    if (check === "no-name" && record && !fields.first_name) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}"""


def _sync_now(page: Page) -> None:
    page.get_by_role("button", name="Nu synchroniseren").click()


def _share_link(page: Page, label: str) -> str:
    page.goto("/overzicht")
    page.get_by_role("checkbox", name="Oosterpark").check()
    page.get_by_role("button", name="Toon").click()
    page.get_by_label("Naam (voor jezelf)").fill(label)
    page.get_by_role("button", name="Maak een deellink").click()
    shared = page.locator(".share-link", has_text=label)
    url = shared.locator(".share-url a").get_attribute("href")
    assert url is not None
    return url


def test_a_resident_adds_to_her_page_and_takes_her_name_out_of_the_overview(
    browser: Browser, browser_context_args: dict[str, Any], artifacts_dir: Path
) -> None:
    street = browser.new_context(**browser_context_args)
    office = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 1280, "height": 900}, "is_mobile": False}
    )
    her_phone = browser.new_context(**{**browser_context_args, "locale": "ar"})
    try:
        # The coordinator prepares the wijkoverleg: a share link that names Daan.
        desk = office.new_page()
        log_in(desk, COORDINATOR.email, "/overzicht")
        expect(desk.get_by_role("heading", level=1)).to_have_text("Krachtenoverzicht")
        shared_url = _share_link(desk, "Wijkoverleg Oosterpark (meelezen)")
        reader = her_phone.new_page()
        reader.goto(shared_url)
        expect(reader.locator("article.doc")).to_contain_text(NAME)

        # On the street: the buurtwerker makes her link; the QR code is there to scan.
        phone = street.new_page()
        log_in(phone, WORKER.email)
        ready_for_offline(phone)
        phone.goto("/bewoners")
        phone.get_by_role("link", name=NAME, exact=False).first.click()
        person_id = phone.url.rstrip("/").rsplit("/", 1)[-1].split("#")[0]
        phone.get_by_role("button", name="Maak een persoonlijke link").click()
        section = phone.locator("#eigen-pagina")
        expect(section.locator(".resident-qr svg")).to_be_visible()
        link = section.locator(".share-url a").first.get_attribute("href")
        assert link is not None
        phone.screenshot(path=artifacts_dir / "bewoner-link-390.png", full_page=True)

        # Her own phone, never logged in, in Arabic: her page, right to left.
        mine = her_phone.new_page()
        mine.goto(link)
        expect(mine.locator("html")).to_have_attribute("dir", "rtl")
        expect(mine.locator("html")).to_have_attribute("lang", "ar")
        assert mine.evaluate(NO_OVERFLOW) <= 0

        # She adds something she can.
        add = mine.locator("form[action$='/nieuw']")
        add.locator("input[name=title]").fill("Gitaarles voor kinderen uit de straat")
        add.locator("input[name=willingness][value=teach]").check()
        add.locator("button[type=submit]").click()
        expect(mine.locator("#voorstellen")).to_contain_text("Gitaarles voor kinderen")

        # She withdraws her name from the overview: at once, no one in between.
        consent = mine.locator("form[action$='/toestemming']")
        consent.locator("input[name=scope][value=name_in_overview]").uncheck()
        consent.locator("button[type=submit]").click()
        expect(
            mine.locator("form[action$='/toestemming'] input[value=name_in_overview]")
        ).not_to_be_checked()
        mine.screenshot(path=artifacts_dir / "bewoner-pagina-ar-390.png", full_page=True)

        # The overview and its share link no longer name her.
        reader.reload()
        expect(reader.locator("article.doc")).to_be_visible()
        expect(reader.locator("article.doc")).not_to_contain_text(NAME)
        desk.goto("/overzicht")
        desk.get_by_role("checkbox", name="Oosterpark").check()
        desk.get_by_role("button", name="Toon").click()
        expect(desk.locator("article.doc")).to_be_visible()
        expect(desk.locator("article.doc")).not_to_contain_text(NAME)

        # The weekoverleg: her addition under "Van bewoners", taken over with one tap.
        desk.goto("/weekoverleg")
        from_residents = desk.locator("#van-bewoners")
        expect(from_residents).to_contain_text("Gitaarles voor kinderen")
        expect(from_residents).to_contain_text("naam in het krachtenoverzicht")
        desk.screenshot(path=artifacts_dir / "van-bewoners-1280.png", full_page=True)
        hers = from_residents.locator(".resident-proposal", has_text="Gitaarles voor kinderen")
        hers.get_by_role("button", name="Overnemen", exact=True).click()
        expect(desk.locator("#van-bewoners")).not_to_contain_text("Gitaarles voor kinderen")
        desk.goto(f"/bewoners/{person_id}")
        expect(desk.locator("body")).to_contain_text("Gitaarles voor kinderen")
        mine.reload()
        expect(mine.locator("#voorstellen")).to_contain_text("Gitaarles voor kinderen")

        # The buurtwerker's phone holds her new consent after its next sync...
        _sync_now(phone)
        assert phone.evaluate(PERSON_ON_PHONE, [person_id, "no-overview"])
        # ...and once she withdraws keeping her name at all, it drops the name.
        mine.locator("form[action$='/toestemming'] input[value=store_name]").uncheck()
        mine.locator("form[action$='/toestemming'] button[type=submit]").click()
        expect(
            mine.locator("form[action$='/toestemming'] input[value=store_name]")
        ).not_to_be_checked()
        _sync_now(phone)
        assert phone.evaluate(PERSON_ON_PHONE, [person_id, "no-name"])
        phone.goto(f"/bewoners/{person_id}")
        expect(phone.locator("h1")).not_to_contain_text(NAME)
    finally:
        her_phone.close()
        office.close()
        street.close()
