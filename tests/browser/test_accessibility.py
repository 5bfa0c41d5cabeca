"""axe-core (wcag2a, wcag2aa) on every page a buurtwerker or coordinator opens: 0 violations.
Lighthouse's scores are measured by `python -m bench.pages`; this is the part that gates CI."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from app.demo.seed import DEMO_USERS
from testkit.browser import AXE, axe_violations
from tests.browser.journey import log_in

pytestmark = pytest.mark.browser

COORDINATOR = next(u for u in DEMO_USERS if u.role.value == "coordinator")
PAGES = (
    "/",
    "/gesprekken/nieuw",
    "/tocht",
    "/tocht?q=moestuin",
    "/bewoners",
    "/ideeen",
    "/verbindingen",
    "/weekoverleg",
    "/overzicht",
    "/team",
    "/team/auditlog",
    "/team/verwerkingsregister",
    "/account/apparaten",
    "/account/tweestaps",
)


def record_pages(page: Page) -> list[str]:
    """Pages of one record, found as a person would: an idea's and a connection's own page
    (the edit form with every field of its kind), and a bewoner's profile."""
    found = []
    for listing, link in (
        ("/ideeen", "/ontdekkingen/"),
        ("/tocht?soort=connection", "/ontdekkingen/"),
        ("/tocht?soort=group", "/ontdekkingen/"),
        ("/bewoners", "/bewoners/"),
    ):
        page.goto(listing)
        href = page.locator(f"main a[href^='{link}']").first.get_attribute("href")
        assert href, listing
        found.append(href)
    return found


def test_every_page_has_no_wcag_a_or_aa_violations(
    browser: Browser, browser_context_args: dict[str, Any]
) -> None:
    assert AXE.is_file(), f"axe-core is vendored (tools/browser/README.md): {AXE}"
    # axe is injected as a script; the pages' own CSP stays as it is for everything else.
    context = browser.new_context(**browser_context_args, bypass_csp=True)
    try:
        page = context.new_page()
        page.goto("/login")
        found = {"/login": axe_violations(page)}
        log_in(page, COORDINATOR.email)
        page.wait_for_url("**/")
        for path in (*PAGES, *record_pages(page)):
            page.goto(path)
            page.wait_for_load_state("networkidle")
            found[path] = axe_violations(page)
    finally:
        context.close()
    assert {path: v for path, v in found.items() if v} == {}


def test_no_page_scrolls_sideways_on_a_360_px_phone(
    browser: Browser, browser_context_args: dict[str, Any]
) -> None:
    """The coordinator's top bar (brand, Team, Uitloggen) once pushed every page 13 px wider
    than a small phone."""
    context = browser.new_context(
        **{**browser_context_args, "viewport": {"width": 360, "height": 780}}
    )
    try:
        page = context.new_page()
        page.goto("/login")
        log_in(page, COORDINATOR.email)
        page.wait_for_url("**/")
        wider = {}
        for path in (*PAGES, *record_pages(page)):
            page.goto(path)
            page.wait_for_load_state("networkidle")
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 360:
                wider[path] = width
    finally:
        context.close()
    assert wider == {}
