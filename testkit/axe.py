"""The accessibility check shared by the tests and `python -m bench.pages`: axe-core, vendored
in tools/browser/ (no npm), injected into a Playwright page."""

from __future__ import annotations

from playwright.sync_api import Page

from app.config import PROJECT_ROOT

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
