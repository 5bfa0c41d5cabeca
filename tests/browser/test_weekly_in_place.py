"""The weekoverleg completes and closes things in place, on a laptop: the coordinator fills in
an idea's three questions on its item, ticks a follow-up off, adds an ask to the idea on its
own page and moves it to toegezegd."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from app.demo.seed import DEMO_USERS
from tests.browser.journey import log_in

pytestmark = pytest.mark.browser

COORDINATOR = DEMO_USERS[0]


def show_earlier(page: Page) -> None:
    """Once a meeting is recorded (another journey may have), open ideas wait under "Van
    eerder", folded."""
    earlier = page.locator("details.review-earlier")
    if earlier.count() and earlier.get_attribute("open") is None:
        earlier.locator(":scope > summary").click()


def test_a_coordinator_completes_an_idea_closes_a_follow_up_and_moves_an_ask(
    browser: Browser, browser_context_args: dict[str, Any], artifacts_dir: Path
) -> None:
    context = browser.new_context(
        **{
            **browser_context_args,
            "viewport": {"width": 1366, "height": 900},
            "is_mobile": False,
            "has_touch": False,
        }
    )
    try:
        page = context.new_page()
        log_in(page, COORDINATOR.email, "/weekoverleg")
        expect(page.get_by_role("heading", level=1)).to_have_text("Weekoverleg")

        # The three questions, filled in while the idea is discussed (once a meeting is
        # recorded, open ideas wait under "Van eerder").
        show_earlier(page)
        idea = page.locator(".review-item").filter(has_text="De drie vragen invullen").first
        title = idea.locator(".review-what").inner_text()
        idea.get_by_text("De drie vragen invullen").click()
        idea.get_by_label("Zelf").fill("Samen zaaien en wieden")
        idea.get_by_label("Met een beetje hulp").fill("Een schuurtje, met de klusclub")
        idea.get_by_label("Van buiten nodig").fill("Een stuk grond van de gemeente")
        idea.get_by_role("button", name="Bewaren").click()
        show_earlier(page)
        idea = page.locator(".review-item", has_text=title).first
        idea.get_by_text("De drie vragen invullen").click()
        expect(idea.get_by_label("Van buiten nodig")).to_have_value(
            "Een stuk grond van de gemeente"
        )

        # A follow-up ticked off leaves the open list and can be found among the done ones.
        follow_ups = page.locator("#afspraken")
        first = follow_ups.locator(".follow-up").first
        what = first.locator(".follow-up-what").inner_text()
        first.get_by_role("button", name="Gedaan").click()
        expect(page.locator("#afspraken .follow-up", has_text=what)).to_have_count(0)
        expect(page.locator("#gedaan")).to_contain_text(what)

        # On the idea's own page the residents' ask to a partner is added ...
        show_earlier(page)
        page.locator(".review-item", has_text=title).first.get_by_role(
            "link", name="Alles over deze ontdekking"
        ).click()
        expect(page.get_by_label("Zelf")).to_have_value("Samen zaaien en wieden")
        page.get_by_label("Nieuwe vraag: wat vragen de bewoners?").fill(
            "Een container voor gereedschap"
        )
        page.get_by_label("Of aan welke partner").last.fill("corporatie")
        page.get_by_role("button", name="Opslaan").click()
        expect(page.locator("#opgeslagen")).to_contain_text("Opgeslagen")
        page.screenshot(path=artifacts_dir / "ontdekking-idee-1366x900.png", full_page=True)

        # ... and in the weekoverleg it moves on to toegezegd.
        page.goto("/weekoverleg#vragen")
        ask = page.locator("#vragen .ask-item", has_text="Een container voor gereedschap")
        expect(ask).to_contain_text("gevraagd")
        ask.get_by_role("button", name="Toegezegd").click()
        ask = page.locator("#vragen .ask-item", has_text="Een container voor gereedschap")
        expect(ask.locator(".ask-status")).to_have_text("toegezegd")
        expect(ask.get_by_role("button", name="Geregeld")).to_be_visible()
        page.screenshot(path=artifacts_dir / "weekoverleg-in-place-1366x900.png", full_page=True)
    finally:
        context.close()
