"""After Opslaan, Vandaag replaces the form in the same document: no page load between the
tap and the conversation in the list, yet the address, title, menu and back button behave as
if Vandaag had been opened."""

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from app.demo.seed import DEMO_USERS
from tests.browser.journey import log_in, ready_for_offline

pytestmark = pytest.mark.browser

WORKER = next(u for u in DEMO_USERS if u.role.value == "worker")
STORED = """async (summary) => {
  const store = await import("/static/js/store.js");
  const saved = (await store.listRecords("conversation")).some((c) => c.fields.summary === summary);
  const queued = (await store.outboxEntries())
    .some((e) => e.fields && e.fields.summary === summary);
  return saved && queued;
}"""


def test_saving_offline_shows_vandaag_in_place_and_back_opens_a_fresh_form(
    context: BrowserContext, page: Page
) -> None:
    log_in(page, WORKER.email)
    ready_for_offline(page)
    context.set_offline(True)
    page.goto("/gesprekken/nieuw")
    page.evaluate("window.stillTheSameDocument = true")
    summary = "Zonder verbinding: de buurman die fietsen repareert"
    page.get_by_label("Buurt").select_option(label="Oosterpark")
    page.get_by_label("Samenvatting").fill(summary)
    page.get_by_role("button", name="Opslaan").click()

    expect(page.locator(".list-link").filter(has_text=summary)).to_be_visible()
    expect(page.get_by_text("Opgeslagen op je telefoon.")).to_be_visible()
    assert page.evaluate("window.stillTheSameDocument") is True
    assert page.evaluate(STORED, summary) is True  # in the store and the outbox, not in memory
    assert page.url.endswith("/?opgeslagen=1")
    expect(page).to_have_title(re.compile(r"^Vandaag "))
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    expect(menu.get_by_role("link", name="Vandaag")).to_have_attribute("aria-current", "page")
    expect(menu.get_by_role("link", name="Nieuw gesprek")).not_to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_role("button", name="Opslaan")).to_have_count(0)

    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nieuw gesprek")
    expect(page.get_by_label("Samenvatting")).to_have_value("")
    assert page.evaluate("window.stillTheSameDocument") is None  # a fresh form

    page.go_forward()
    expect(page.locator(".list-link").filter(has_text=summary)).to_be_visible()
