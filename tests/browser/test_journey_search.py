"""A buurtwerker looks something up in the team's Tocht on the phone: searches in Dutch,
narrows with a filter, and opens the conversation."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app.demo.seed import DEMO_USERS
from tests.browser.journey import log_in

pytestmark = pytest.mark.browser

WORKER = next(u for u in DEMO_USERS if u.role.value == "worker")


def test_search_the_tocht_on_a_phone(page: Page, artifacts_dir: Path) -> None:
    log_in(page, WORKER.email, "/tocht")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tocht")

    search = page.get_by_role("searchbox", name="Zoeken")
    search.fill("band plakken")
    search.press("Enter")
    expect(page).to_have_url("/tocht?q=band+plakken", timeout=10_000)
    results = page.locator(".journey-item")
    expect(results).to_have_count(1)
    expect(results.first).to_contain_text("fietsenmaker")
    page.screenshot(path=artifacts_dir / "tocht-zoeken-390x844.png", full_page=False)

    # Narrow the whole log to ideas, keeping the search empty.
    search.fill("")
    page.get_by_text("Filters", exact=True).click()
    page.get_by_label("Soort ontdekking").select_option(label="Idee")
    page.get_by_role("button", name="Toon").click()
    expect(page).to_have_url("/tocht?soort=idea")
    expect(results.first).to_be_visible()
    chips = page.locator(".journey-discoveries .chip")
    assert set(chips.all_inner_texts()) == {"Idee"}

    results.first.locator(".journey-title").get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gesprek")
    expect(page.locator(".chip", has_text="Idee").first).to_be_visible()


def test_look_up_a_bewoner_on_a_phone(page: Page, artifacts_dir: Path) -> None:
    log_in(page, WORKER.email, "/tocht")
    page.get_by_role("navigation", name="Tocht").get_by_role("link", name="Bewoners").click()
    search = page.get_by_role("searchbox", name="Zoek een bewoner")
    search.fill("muziekkoepel")
    search.press("Enter")
    person = page.locator(".list-link").filter(has_text="Ria")
    expect(person).to_have_count(1)
    person.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ria")
    expect(page.get_by_text("verbinder").first).to_be_visible()
    expect(page.get_by_role("heading", name="Toestemming")).to_be_visible()
    timeline = page.locator("section[aria-labelledby='tijdlijn-kop'] .journey-item")
    expect(timeline.first).to_be_visible()
    assert timeline.count() >= 3
    page.screenshot(path=artifacts_dir / "bewoner-390x844.png", full_page=True)
