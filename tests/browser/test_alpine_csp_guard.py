"""The patched Alpine CSP build (static/vendor/README.md) still refuses what expressions may not
reach: the page's globals, the capitalised ones included, which it no longer reads up front."""

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

# Each global handed to an expression through the component's own data: refused means Alpine
# reports "Accessing global variables is prohibited". Lowercase functions (alert, print,
# close…) are left out: were one let through, the expression would call it. `Alpine` itself
# is set after the build's scan, upstream as here, so it was never in the refused set.
REACHES = """() => {
  const warn = console.warn;
  const refused = [];
  const allowed = [];
  try {
    for (const name of Object.getOwnPropertyNames(globalThis)) {
      if (["styleMedia", "sharedStorage", "fence", "Alpine"].includes(name)) continue;
      let value;
      try { value = globalThis[name]; } catch { continue; }
      if (value === null || !["object", "function"].includes(typeof value)) continue;
      if (typeof value === "function" && !/^[A-Z]/.test(name)) continue;
      let prohibited = false;
      console.warn = (...args) => { prohibited ||= String(args[0]).includes("is prohibited"); };
      window.Alpine.evaluate(document.body, "held.it", {scope: {held: {it: value}}});
      (prohibited ? refused : allowed).push(name);
    }
    const own = {items: [1, 2], more: {deeper: true}};
    const reached = window.Alpine.evaluate(document.body, "own.more", {scope: {own}});
    const ownReached = reached === own.more;
    return {refused: refused.length, allowed, ownReached};
  } finally {
    console.warn = warn;
  }
}"""


def test_expressions_reach_no_global_yet_reach_the_components_own_data(page: Page) -> None:
    page.goto("/login")
    page.wait_for_function("window.Alpine && window.Alpine.version")
    result = page.evaluate(REACHES)
    assert result["ownReached"] is True
    assert result["allowed"] == []
    assert result["refused"] > 900
