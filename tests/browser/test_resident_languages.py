"""A bewoner's own page at 360 px in each of its four languages, as her browser asks for it:
nothing wider than the screen, and Arabic right to left (its start on the right)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from app.demo.seed import DEMO_USERS
from tests.browser.journey import log_in

pytestmark = pytest.mark.browser

WORKER = next(u for u in DEMO_USERS if u.role.value == "worker")
SMALL = {"width": 360, "height": 740}
WIDER_THAN_SCREEN = "document.documentElement.scrollWidth - window.innerWidth"
# Where the words of an element are on the screen (not its box, which spans the width).
TEXT_EDGES = """(selector) => {
  const range = document.createRange();
  range.selectNodeContents(document.querySelector(selector));
  const box = range.getBoundingClientRect();
  return [box.left, box.right];
}"""


def test_her_page_fits_a_small_phone_in_every_language(
    browser: Browser, browser_context_args: dict[str, Any], artifacts_dir: Path
) -> None:
    office = browser.new_context(**browser_context_args)
    try:
        page = office.new_page()
        log_in(page, WORKER.email, "/bewoners")
        page.get_by_role("link", name="Lotte").first.click()  # a bewoner rich in notes
        page.get_by_role("button", name="Maak een persoonlijke link").click()
        link = page.locator("#eigen-pagina .share-url a").first.get_attribute("href")
        assert link is not None
    finally:
        office.close()
    for locale, lang, direction in (
        ("nl-NL", "nl", "ltr"),
        ("en-GB", "en", "ltr"),
        ("tr-TR", "tr", "ltr"),
        ("ar", "ar", "rtl"),
    ):
        phone = browser.new_context(**{**browser_context_args, "viewport": SMALL, "locale": locale})
        try:
            mine = phone.new_page()
            mine.goto(link)
            html = mine.locator("html")
            expect(html).to_have_attribute("lang", lang)
            expect(html).to_have_attribute("dir", direction)
            for section in mine.locator("details.resident-edit").all():
                section.locator("summary").click()  # every form open: the widest the page gets
            assert mine.evaluate(WIDER_THAN_SCREEN) <= 0, lang
            left, right = mine.evaluate(TEXT_EDGES, "h1")
            if direction == "rtl":  # the words start at the right edge, not the left
                assert right > SMALL["width"] - 40 > left + 80, (left, right)
            else:
                assert left < 40 < right - 80, (left, right)
            mine.screenshot(path=artifacts_dir / f"mijn-buurtkracht-{lang}-360.png", full_page=True)
        finally:
            phone.close()
