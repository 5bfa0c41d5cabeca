"""A new version of the app never swaps itself in under a buurtwerker's thumb: the phone
says "Nieuwe versie beschikbaar" and updates when they tap "Nu bijwerken"."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from app.demo.seed import DEMO_USERS
from testkit.server import ServerProcess
from tests.browser.journey import log_in, ready_for_offline

pytestmark = pytest.mark.browser

WORKER = next(u for u in DEMO_USERS if u.role.value == "worker")

# The shell caches, once the old one is gone (waits on the condition, inside the page).
ONE_SHELL_CACHE = """async () => {
  for (let i = 0; i < 400; i++) {
    const keys = (await caches.keys()).filter((k) => k.startsWith("ot-shell-"));
    if (keys.length === 1) return keys[0];
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return (await caches.keys()).join(",");
}"""

CONTROLLER_CACHE = """async () => {
  const response = await fetch(navigator.serviceWorker.controller.scriptURL);
  return (await response.text()).match(/const CACHE = "([^"]+)"/)[1];
}"""


def test_a_new_version_waits_until_the_user_updates(
    browser: Browser, browser_context_args: dict[str, Any], tmp_path: Path
) -> None:
    server = ServerProcess(tmp_path)  # its own server: it comes back as another build
    server.start()
    context = browser.new_context(**{**browser_context_args, "base_url": server.url})
    try:
        page = context.new_page()
        log_in(page, WORKER.email)
        ready_for_offline(page)
        first = page.evaluate(ONE_SHELL_CACHE)
        assert first.startswith("ot-shell-"), first

        server.stop()
        server.start(build_id="tweede")
        page.reload()
        notice = page.get_by_text("Nieuwe versie beschikbaar.")
        expect(notice).to_be_visible(timeout=20_000)
        # Until the user chooses, the old version stays in charge and its shell stays cached.
        caches = page.evaluate("async () => await caches.keys()")
        assert first in caches

        page.get_by_role("button", name="Nu bijwerken").click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(notice).to_be_hidden(timeout=20_000)
        current = page.evaluate(ONE_SHELL_CACHE)
        assert current != first
        assert current.endswith("-tweede"), current
        assert page.evaluate(CONTROLLER_CACHE) == current
    finally:
        context.close()
        server.stop()
