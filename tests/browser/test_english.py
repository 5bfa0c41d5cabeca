"""The team's pages in English (issue #18): a browser that asks for English gets the capture
journey in English, a coordinator who chose English on /account/taal runs the weekoverleg in
it, and no page of the team overflows a 360 px phone in English. The English words are read
from the catalogue, so a test fails on Dutch left behind, not on a reworded translation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Browser, BrowserContext, Page, expect

from app.conversations.labels import label
from app.demo import seed
from app.demo.seed import DEMO_PASSWORD, DEMO_USERS
from app.i18n import LOCALE_DIR, gettext, use_locale
from app.teams.defaults import DEFAULT_PROMPTS
from testkit.server import ServerProcess
from tests.browser.journey import WAIT_FOR_ACTIVE_WORKER

pytestmark = pytest.mark.browser

WORKER = next(u for u in DEMO_USERS if u.role.value == "worker")
COORDINATOR = DEMO_USERS[0]
COLLEAGUE = DEMO_USERS[1]
NO_OVERFLOW = "document.documentElement.scrollWidth"
# What sticks out, for the message of a failure.
STICKING_OUT = """() => [...document.querySelectorAll("body *")]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1
    || e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === "visible")
  .map((e) => [e.tagName, e.className, Math.round(e.getBoundingClientRect().right),
    e.scrollWidth, (e.textContent || "").trim().slice(0, 60)].join(" "))
  .slice(-8)"""
DEMO_DIR = Path(seed.__file__).parent
PLACEHOLDER = re.compile(r"%\(|\{\w*\}|%s|%d")


def en(dutch: str) -> str:
    with use_locale("en"):
        english = gettext(dutch)
    assert english != dutch, f"no English for {dutch!r}"
    return english


def en_label(group: str, value: str) -> str:
    with use_locale("en"):
        return label(group, value)


def _dutch_sentences() -> list[str]:
    """The catalogue's Dutch sentences of three words or more with an English of their own:
    none of these may be read on a page in English. A team's prompt cards are its own words
    (made from app/teams/defaults.py, in Dutch), not the app's; nor is what the demo team
    wrote (app/demo), which a page shows as it is."""
    team_words = {text for _group, text in DEFAULT_PROMPTS}
    demo = "".join(p.read_text(encoding="utf-8") for p in DEMO_DIR.glob("*.py"))
    with (LOCALE_DIR / "en" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalogue = read_po(po)
    found = []
    for message in catalogue:
        if not message.id or not isinstance(message.id, str) or PLACEHOLDER.search(message.id):
            continue
        if message.id in team_words or message.id in demo:
            continue
        if len(message.id.split()) >= 3 and message.string and message.string != message.id:
            found.append(message.id)
    return found


DUTCH = _dutch_sentences()


def assert_no_dutch_left(page: Page) -> None:
    text = page.locator("body").inner_text()
    left = [sentence for sentence in DUTCH if sentence in text]
    assert left == [], f"{page.url}: Dutch left on an English page: {left[:5]}"
    assert page.evaluate("document.documentElement.lang") == "en"


@pytest.fixture
def english_phone(
    browser: Browser, browser_context_args: dict[str, Any]
) -> Iterator[BrowserContext]:
    """A phone whose browser asks for English; its user has no language of their own."""
    context = browser.new_context(**{**browser_context_args, "locale": "en-GB"})
    yield context
    context.close()


def log_in_english(page: Page, email: str, next_path: str = "/") -> None:
    page.goto(f"/login?next={next_path}")
    page.get_by_label(en("E-mailadres")).fill(email)
    page.get_by_label(en("Wachtwoord")).fill(DEMO_PASSWORD)
    page.get_by_role("button", name=en("Inloggen")).click()


def wait_until_synced_english(page: Page) -> None:
    state = page.locator(".sync-state")
    expect(state).to_contain_text(en("Alles opgeslagen"), timeout=20_000)
    expect(state).to_contain_text("Last updated at", timeout=20_000)


def test_the_capture_journey_in_english(english_phone: BrowserContext, artifacts_dir: Path) -> None:
    page = english_phone.new_page()
    log_in_english(page, WORKER.email)
    assert page.evaluate(WAIT_FOR_ACTIVE_WORKER) == "activated"
    wait_until_synced_english(page)
    assert_no_dutch_left(page)
    page.screenshot(path=artifacts_dir / "en-vandaag-390.png", full_page=True)

    page.goto("/gesprekken/nieuw")
    expect(page.get_by_role("heading", level=1)).to_have_text(en("Nieuw gesprek"))
    assert_no_dutch_left(page)
    # The phone's own check, in English (static/js, through /labels.json).
    page.get_by_role("button", name=en("Opslaan")).click()
    expect(page.get_by_text("Choose the neighbourhood.")).to_be_visible()

    summary = "Ria from the flower stall will teach neighbours to make bouquets."
    page.get_by_label(en("Buurt"), exact=True).select_option(label="Dapperbuurt")
    page.get_by_role("button", name=en("Nieuwe bewoner")).click()
    page.get_by_label(en("Herkenning")).fill("sells flowers at the market")
    page.get_by_role("button", name=en("Bewoner toevoegen")).click()
    page.get_by_label(en("Samenvatting")).fill(summary)
    quality = en_label("discovery_kind", "quality")
    page.get_by_role("button", name=f"+ {quality}").click()
    found = page.locator("fieldset.discovery").filter(has=page.locator("legend", has_text=quality))
    found.get_by_label("What can this resident do").fill("Makes beautiful bouquets")
    # A sensitive word gets its warning in English, its category named in English.
    found.get_by_label("What can this resident do").fill("Makes bouquets, despite her diabetes")
    expect(page.get_by_text("Is this about health?")).to_be_visible()
    page.screenshot(path=artifacts_dir / "en-nieuw-gesprek-390.png", full_page=True)

    page.get_by_role("button", name=en("Opslaan")).click()
    expect(
        page.get_by_text(en("Opgeslagen op je telefoon. Het gaat mee zodra er verbinding is."))
    ).to_be_visible()
    expect(page.locator(".list-link").filter(has_text=summary)).to_be_visible()
    wait_until_synced_english(page)
    assert_no_dutch_left(page)


def test_a_coordinator_who_chose_english_runs_the_weekoverleg_in_it(
    tmp_path: Path, browser: Browser, browser_context_args: dict[str, Any], artifacts_dir: Path
) -> None:
    # A server of its own: recording the meeting ends the week the Dutch journeys look at.
    server = ServerProcess(tmp_path)
    server.start()
    # A Dutch browser: the user's own choice wins over it.
    context = browser.new_context(
        **{
            **browser_context_args,
            "base_url": server.url,
            "viewport": {"width": 1366, "height": 900},
            "is_mobile": False,
            "has_touch": False,
        }
    )
    page = context.new_page()
    try:
        page.goto("/login?next=/account/taal")
        page.get_by_label("E-mailadres").fill(COORDINATOR.email)
        page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Inloggen").click()
        page.get_by_label("English").check()
        page.get_by_role("button", name="Opslaan").click()
        expect(page.get_by_text(en("Opgeslagen. De app spreekt nu deze taal."))).to_be_visible()

        page.goto("/weekoverleg")
        expect(page.get_by_role("heading", level=1)).to_have_text(en("Weekoverleg"))
        assert_no_dutch_left(page)
        page.screenshot(path=artifacts_dir / "en-weekoverleg-1366x900.png")

        quality = page.locator("#soort-quality .review-item").first
        what = quality.locator(".review-what").inner_text()
        quality.get_by_label(en("Notitie")).fill("Ask whether she will help at the street party")
        quality.get_by_label(en("In het krachtenoverzicht")).check()
        quality.get_by_role("button", name=en("Besproken")).click()
        expect(page.locator(".review-what", has_text=what)).to_have_count(0)

        meeting = page.locator("section[aria-labelledby='vastleggen-kop']")
        meeting.get_by_label(COLLEAGUE.name).check()
        meeting.get_by_label(en("Notities")).fill("Street party prepared")
        meeting.get_by_role("button", name=en("Vastleggen")).click()
        expect(page.get_by_role("status").filter(has_text="recorded")).to_be_visible()
        assert_no_dutch_left(page)
        page.screenshot(path=artifacts_dir / "en-weekoverleg-vastgelegd-1366x900.png")
    finally:
        context.close()
        server.stop()


TEAM_PAGES = ("/", "/gesprekken/nieuw", "/tocht", "/weekoverleg", "/overzicht", "/bewoners")


def test_no_team_page_overflows_a_360_px_phone_in_english(
    english_phone: BrowserContext, artifacts_dir: Path
) -> None:
    page = english_phone.new_page()
    page.set_viewport_size({"width": 360, "height": 740})
    log_in_english(page, COORDINATOR.email, "/bewoners")
    profile = page.locator("a[href^='/bewoners/']").first.get_attribute("href")
    assert profile is not None
    for path in (*TEAM_PAGES, profile):
        page.goto(path)
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.wait_for_load_state("networkidle")
        width = page.evaluate(NO_OVERFLOW)
        assert width <= 360, f"{path} is {width} px wide: {page.evaluate(STICKING_OUT)}"
        assert_no_dutch_left(page)
        name = path.strip("/").replace("/", "-") or "vandaag"
        page.screenshot(path=artifacts_dir / f"en-{name}-360.png", full_page=True)


# Polled: each call asks the cache again and answers what the previous ask found.
SHELL_KEPT_IN = """(lang) => {
  caches.match("/").then((hit) => { window.keptIn = hit && hit.headers.get("content-language"); });
  return window.keptIn === lang;
}"""


def test_the_kept_shell_follows_a_change_of_language(context: BrowserContext, page: Page) -> None:
    """Vandaag and Nieuw gesprek open from the service worker's cache: once the user chose
    English, they open in English too (the worker fetched them again), not in the Dutch they
    were kept in."""
    user = DEMO_USERS[-1]
    page.goto("/login?next=/")
    page.get_by_label("E-mailadres").fill(user.email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    assert page.evaluate(WAIT_FOR_ACTIVE_WORKER) == "activated"
    page.wait_for_function(SHELL_KEPT_IN, arg="nl")
    try:
        page.goto("/account/taal")
        page.get_by_label("English").check()
        page.get_by_role("button", name="Opslaan").click()
        page.wait_for_function(SHELL_KEPT_IN, arg="en")
        page.goto("/")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.get_by_role("link", name=en("Nieuw gesprek")).first).to_be_visible()
        page.goto("/gesprekken/nieuw")
        expect(page.get_by_role("heading", level=1)).to_have_text(en("Nieuw gesprek"))
    finally:
        page.goto("/account/taal")
        page.get_by_label(en("Zoals de browser")).check()
        page.get_by_role("button", name=en("Opslaan")).click()
        expect(page.locator("html")).to_have_attribute("lang", "nl")
