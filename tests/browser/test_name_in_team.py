"""A roepnaam kept without "delen in het team", end to end on phones: the buurtwerker who met
her notes it on the street; a colleague's phone, after its sync, knows her only by her
pseudonym (her name finds nothing, and a group's text naming her reads "een bewoner"), and
so do the colleague's pages. Then she agrees to share it, and the colleague's phone learns it."""

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from app.demo.seed import DEMO_USERS
from tests.browser.journey import discovery, log_in, ready_for_offline, wait_until_synced

pytestmark = pytest.mark.browser

WORKER = next(u for u in DEMO_USERS if u.role.value == "worker")
COORDINATOR = next(u for u in DEMO_USERS if u.role.value == "coordinator")
NAME = "Zwaluwina"

ON_PHONE = """async (name) => {
  const store = await import("/static/js/store.js");
  const people = await store.listRecords("person");
  const her = people.find((p) => (p.fields.recognition || "").includes("galerij"));
  const found = await store.listRecords("discovery");
  const group = found.find((d) => d.fields.title === "Galerijbakkers");
  return {
    pseudonym: her ? her.fields.pseudonym : null,
    first_name: her ? her.fields.first_name : null,
    group: group ? group.fields.description : null,
    anywhere: JSON.stringify([...people, ...found]).includes(name),
  };
}"""


def _sync(page: Page) -> None:
    page.get_by_role("button", name="Nu synchroniseren").click()
    wait_until_synced(page)


def test_a_name_kept_from_the_team_stays_off_a_colleagues_phone(
    browser: Browser, browser_context_args: dict[str, Any]
) -> None:
    phone = {**browser_context_args, "viewport": {"width": 390, "height": 844}}
    street, office = browser.new_context(**phone), browser.new_context(**phone)
    try:
        mine = street.new_page()
        log_in(mine, WORKER.email)
        ready_for_offline(mine)
        mine.goto("/gesprekken/nieuw")
        mine.get_by_label("Buurt").select_option(label="Oosterpark")
        mine.get_by_role("button", name="Nieuwe bewoner").click()
        mine.get_by_label("Herkenning").fill("bakt op vrijdag voor de hele galerij")
        mine.get_by_label("roepnaam bewaren").check()
        expect(mine.get_by_label("delen in het team")).not_to_be_checked()
        mine.get_by_label("Roepnaam", exact=True).fill(NAME)
        mine.get_by_role("button", name="Bewoner toevoegen").click()
        mine.get_by_label("Samenvatting").fill(f"Op de galerij: {NAME} bakt voor iedereen.")
        mine.get_by_role("button", name="+ Groep").click()
        group = discovery(mine, "Groep")
        group.get_by_label("Titel").fill("Galerijbakkers")
        group.get_by_label("Wat ze doen").fill(f"{NAME} bakt met de buren in haar oven")
        mine.get_by_role("button", name="Opslaan").click()
        expect(mine.get_by_text("Opgeslagen op je telefoon.")).to_be_visible()
        _sync(mine)

        theirs = office.new_page()
        log_in(theirs, COORDINATOR.email)
        ready_for_offline(theirs)
        seen = theirs.evaluate(ON_PHONE, NAME)
        assert seen["pseudonym"]
        assert seen["first_name"] is None
        assert seen["group"] == "Een bewoner bakt met de buren in haar oven"
        assert not seen["anywhere"]
        # Offline, on the street: her name finds nobody; her pseudonym finds her.
        office.set_offline(True)
        theirs.goto("/gesprekken/nieuw")
        theirs.get_by_label("Zoek een bewoner").fill(NAME)
        expect(theirs.locator(".list-button", has_text=seen["pseudonym"])).to_have_count(0)
        theirs.get_by_label("Zoek een bewoner").fill(seen["pseudonym"])
        expect(theirs.locator(".list-button", has_text=seen["pseudonym"])).to_be_visible()
        office.set_offline(False)
        theirs.goto("/bewoners")
        expect(theirs.get_by_text(seen["pseudonym"])).to_be_visible()
        expect(theirs.locator("main")).not_to_contain_text(NAME)

        # She agrees to share it: the buurtwerker records it on her profile...
        mine.goto("/bewoners")
        mine.get_by_role("link", name=NAME).first.click()
        mine.locator("#toestemming summary").click()
        mine.locator("#toestemming input[value=share_in_team]").check()
        mine.locator("#toestemming").get_by_role("button").first.click()
        # ...and the colleague's phone has it after its next sync, in the group's text too.
        theirs.goto("/")
        _sync(theirs)
        seen = theirs.evaluate(ON_PHONE, NAME)
        assert seen["first_name"] == NAME
        assert seen["group"] == f"{NAME} bakt met de buren in haar oven"
    finally:
        street.close()
        office.close()
