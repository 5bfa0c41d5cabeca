from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from app.demo.seed import DEMO_PASSWORD, DEMO_USERS
from testkit.server import ServerProcess

pytestmark = pytest.mark.browser


def test_serve_prints_how_to_log_in(live_server: ServerProcess) -> None:
    output = live_server.log_path.read_text()
    assert "http://127.0.0.1:" in output
    assert DEMO_PASSWORD in output
    for user in DEMO_USERS:
        assert user.email in output


def test_buurtwerker_logs_in_on_a_phone(page: Page, artifacts_dir: Path) -> None:
    worker = next(u for u in DEMO_USERS if u.role.value == "worker")
    page.goto("/")
    expect(page).to_have_url("/login?next=%2F")
    page.get_by_label("E-mailadres").fill(worker.email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.screenshot(path=artifacts_dir / "login-390x844.png", full_page=True)
    page.get_by_role("button", name="Inloggen").click()

    first_name = worker.name.split(" ")[0]
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hoi {first_name}")
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("link", name="Vandaag")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("heading", name="Jouw laatste gesprekken")).to_be_visible()
    expect(page.locator(".list-link").first).to_be_visible()
    page.screenshot(path=artifacts_dir / "vandaag-390x844.png", full_page=True)

    # Nothing sticks out sideways at phone width.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0

    page.locator(".list-link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Gesprek aanpassen")
    expect(page.get_by_label("Samenvatting")).not_to_have_value("")
    page.screenshot(path=artifacts_dir / "gesprek-aanpassen-390x844.png", full_page=True)


def test_wrong_password_shows_a_dutch_message(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(DEMO_USERS[0].email)
    page.get_by_label("Wachtwoord").fill("dit-is-niet-goed")
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("alert")).to_have_text("E-mailadres of wachtwoord klopt niet.")
    expect(page.get_by_label("E-mailadres")).to_have_value(DEMO_USERS[0].email)


def test_pages_fit_a_360px_phone(page: Page) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(DEMO_USERS[0].email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Hoi")
    paths = (
        "/",
        "/gesprekken/nieuw",
        "/tocht",
        "/tocht?q=moestuin",
        "/bewoners",
        "/ideeen",
        "/verbindingen",
        "/wie-met-wie",
        "/weekoverleg",
        "/team",
        "/team/auditlog",
        "/team/verwerkingsregister",
        "/account/apparaten",
        "/account/tweestaps",
        "/overzicht",
    )
    for path in paths:
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path
        small = page.evaluate(
            # A checkbox's target is its whole label (tapping the text ticks it); a visually
            # hidden control (the photo picker behind "Foto toevoegen") is no target at all.
            """() => [...document.querySelectorAll('a, button, input, select, summary')]
                .filter(e => e.offsetParent !== null && e.type !== 'hidden')
                .filter(e => !e.classList.contains('visually-hidden'))
                .map(e => (e.type === 'checkbox' && e.closest('label')) || e)
                .filter(e => e.getBoundingClientRect().height < 44)
                .map(e => e.outerHTML.slice(0, 80))"""
        )
        assert small == [], (path, small)
