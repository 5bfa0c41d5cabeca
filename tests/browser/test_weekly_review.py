"""A coordinator runs the weekoverleg on a laptop: discusses a discovery with a note and puts
it in the krachtenoverzicht, hands an idea to a colleague to follow up, and records the
meeting."""

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from app.dates import LOCAL
from app.demo.seed import DEMO_USERS
from tests.browser.journey import log_in

pytestmark = pytest.mark.browser

COORDINATOR = DEMO_USERS[0]
COLLEAGUE = DEMO_USERS[1]


def test_a_coordinator_runs_the_weekoverleg_on_a_laptop(
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
        lead = page.locator(".lead")
        before = int(lead.inner_text().split(" ontdekking")[0].split()[-1])
        page.screenshot(path=artifacts_dir / "weekoverleg-1366x900.png")

        # Discuss the first quality, with a note, into the krachtenoverzicht.
        quality = page.locator("#soort-quality .review-item").first
        what = quality.locator(".review-what").inner_text()
        quality.get_by_label("Notitie").fill("Vragen of ze op het buurtfeest wil helpen")
        quality.get_by_label("In het krachtenoverzicht").check()
        quality.get_by_role("button", name="Besproken").click()
        expect(lead).to_contain_text(f"{before - 1} ontdekking")
        expect(page.locator(".review-what", has_text=what)).to_have_count(0)

        # Hand the first idea to a colleague, due in two days.
        idea = page.locator("#soort-idea .review-item").first
        idea.get_by_text("Opvolgen…").click()
        idea.get_by_label("Wat").fill("Met de trekker een plek zoeken")
        idea.get_by_label("Wie").select_option(label=COLLEAGUE.name)
        due = (datetime.now(LOCAL) + timedelta(days=2)).date().isoformat()
        idea.get_by_label("Wanneer").fill(due)
        idea.get_by_role("button", name="Opvolgen", exact=True).click()
        expect(lead).to_contain_text(f"{before - 2} ontdekking")
        follow_ups = page.locator("section[aria-labelledby='afspraken-kop']")
        expect(follow_ups).to_contain_text("Met de trekker een plek zoeken")

        # Record the meeting: who was there.
        meeting = page.locator("section[aria-labelledby='vastleggen-kop']")
        meeting.get_by_label(COLLEAGUE.name).check()
        meeting.get_by_label("Notities").fill("Buurtfeest voorbereid")
        meeting.get_by_role("button", name="Vastleggen").click()
        expect(page.get_by_role("status").filter(has_text="vastgelegd")).to_be_visible()
        expect(lead).to_contain_text(COLLEAGUE.name)
        page.screenshot(path=artifacts_dir / "weekoverleg-vastgelegd-1366x900.png")
    finally:
        context.close()
