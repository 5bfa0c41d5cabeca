"""The heart of the product: capture offline on a phone, never lose it, sync when possible."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from app.demo.seed import DEMO_USERS
from testkit.server import ServerProcess
from tests.browser.journey import (
    capture_conversation,
    conversation_id_of,
    log_in,
    ready_for_offline,
    teammate_sees,
    wait_until_synced,
)

pytestmark = pytest.mark.browser

WORKER = next(u for u in DEMO_USERS if u.role.value == "worker")
COORDINATOR = DEMO_USERS[0]


@pytest.fixture
def teammate(browser: Browser, browser_context_args: dict[str, Any]) -> Iterator[BrowserContext]:
    context = browser.new_context(**browser_context_args)
    yield context
    context.close()


def test_cold_start_offline_capture_survives_reload_and_reaches_the_team(
    context: BrowserContext, page: Page, teammate: BrowserContext, artifacts_dir: Path
) -> None:
    log_in(page, WORKER.email)
    ready_for_offline(page)

    # Phone in the pocket, no signal; the app is opened again from scratch.
    context.set_offline(True)
    page.close()
    phone = context.new_page()
    phone.goto("/gesprekken/nieuw")
    summary = "Ria van de bloemenkraam wil buren leren boeketten maken."
    capture_conversation(phone, summary)
    expect(phone.locator(".sync-state")).to_contain_text("5 nog niet verstuurd")
    phone.screenshot(path=artifacts_dir / "offline-opgeslagen-390x844.png", full_page=True)

    phone.reload()
    expect(phone.locator(".list-link").filter(has_text=summary)).to_be_visible()
    expect(phone.locator(".sync-state")).to_contain_text("5 nog niet verstuurd")
    conversation_id = conversation_id_of(phone, summary)

    context.set_offline(False)  # back in range: the page notices and sends
    wait_until_synced(phone)
    seen = teammate_sees(teammate, COORDINATOR.email, conversation_id, summary)
    seen.screenshot(path=artifacts_dir / "teamgenoot-ziet-gesprek-390x844.png", full_page=True)


def test_capture_during_a_real_server_outage(
    tmp_path: Path, browser: Browser, browser_context_args: dict[str, Any], artifacts_dir: Path
) -> None:
    server = ServerProcess(tmp_path)
    server.start()
    args = {**browser_context_args, "base_url": server.url}
    context = browser.new_context(**args)
    try:
        page = context.new_page()
        log_in(page, WORKER.email)
        ready_for_offline(page)

        server.stop()  # the server is really gone, not an emulated offline browser
        page.goto("/gesprekken/nieuw")
        summary = "Tijdens de storing: de buurvrouw met de naaimachine."
        capture_conversation(page, summary)
        page.get_by_role("button", name="Nu synchroniseren").click()
        expect(page.locator(".sync-state")).to_contain_text("5 nog niet verstuurd")
        expect(page.locator(".sync-state")).to_contain_text("Geen verbinding")
        conversation_id = conversation_id_of(page, summary)

        server.start()
        page.get_by_role("button", name="Nu synchroniseren").click()
        wait_until_synced(page)
        teammate = browser.new_context(**args)
        try:
            teammate_sees(teammate, COORDINATOR.email, conversation_id, summary)
        finally:
            teammate.close()
    finally:
        context.close()
        server.stop()


def test_a_rejected_change_stays_visible_with_its_reason(page: Page) -> None:
    log_in(page, WORKER.email)
    ready_for_offline(page)
    # A change the server must refuse: a conversation in a buurt of no team.
    page.evaluate(
        """async () => {
          const store = await import("/static/js/store.js");
          await store.saveLocal([{ entity: "conversation", id: store.uuid(), fields: {
            neighbourhood_id: store.uuid(), occurred_at: new Date().toISOString(),
            summary: "Gesprek in een onbekende buurt" } }]);
        }"""
    )
    page.get_by_role("button", name="Nu synchroniseren").click()
    state = page.locator(".sync-state")
    expect(state).to_contain_text("1 niet geaccepteerd")
    page.get_by_text("Niet verstuurd").click()
    expect(
        page.get_by_text("Niet geaccepteerd: Deze buurt hoort niet bij je team.")
    ).to_be_visible()
    page.reload()
    expect(state).to_contain_text("1 niet geaccepteerd")

    # Logging out would wipe it: refused until it is saved to a file and discarded.
    page.goto("/logout")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_disabled()
    with page.expect_download() as download:
        page.get_by_role("button", name="Bewaar als bestand en gooi weg").click()
    assert "Gesprek in een onbekende buurt" in Path(download.value.path()).read_text()
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url("/login?uitgelogd=1")
    stored = page.evaluate("""async () => (await indexedDB.databases()).map((d) => d.name)""")
    assert "ontdekkingstocht" not in stored
