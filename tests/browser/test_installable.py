"""Installable as an app on the phone's home screen (Chromium's own verdict)."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserType

from testkit.server import ServerProcess
from tests.browser.journey import log_in, ready_for_offline

pytestmark = pytest.mark.browser


def test_chromium_reports_no_installability_errors(
    browser_type: BrowserType,
    browser_type_launch_args: dict[str, Any],
    live_server: ServerProcess,
    tmp_path: Path,
) -> None:
    # A persistent profile: an ordinary context always reports "in-incognito".
    context = browser_type.launch_persistent_context(
        tmp_path / "profile",
        **browser_type_launch_args,
        base_url=live_server.url,
        viewport={"width": 390, "height": 844},
        locale="nl-NL",  # the login page then speaks Dutch, as the steps expect
        service_workers="allow",
    )
    try:
        page = context.pages[0] if context.pages else context.new_page()
        log_in(page, "joost@buurtteam-oost.nl")
        ready_for_offline(page)
        cdp = context.new_cdp_session(page)
        result = cdp.send("Page.getInstallabilityErrors")
        assert result["installabilityErrors"] == []
        manifest = cdp.send("Page.getAppManifest")
        assert manifest["errors"] == []
    finally:
        context.close()
