"""Debian's Chromium as the tests and `python -m bench.pages` drive it (TOOLING_FACTS.md:
Playwright downloads no browser here), and the accessibility check: axe-core, vendored in
tools/browser/ (no npm), injected into a Playwright page."""

from __future__ import annotations

import os
import shutil

from playwright.sync_api import Page

from app.config import PROJECT_ROOT

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# No sandbox (root in CI), and no background traffic: this machine's network is closed.
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

AXE = PROJECT_ROOT / "tools" / "browser" / "axe-core-4.14.0" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa"]


def axe_violations(page: Page) -> list[str]:
    """axe-core's wcag2a/wcag2aa violations on the page as it is now: "rule-id (n×): target"."""
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (tags) => {
          const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
          return result.violations.map((v) =>
            `${v.id} (${v.nodes.length}×): ${v.nodes[0].target.join(" ")} — ${v.help}`);
        }""",
        WCAG,
    )
    return [str(v) for v in found]
