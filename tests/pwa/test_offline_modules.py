"""Every module the phone may need offline is kept by the service worker: the shell's modules
(app.js and what it imports, followed through) are precached, and the on-demand modules
(js/on_demand/, imported only when used) are each fetched once the worker controls the page.
A module missing from either list works online and fails on the street."""

from __future__ import annotations

import re
from pathlib import Path

from app.pwa.shell import SHELL_STATIC, STATIC_DIR

STATIC_IMPORT = re.compile(r"""^\s*import\s+(?:[\w*{}\s,$]+?\s+from\s+)?"/static/([^"]+)";""", re.M)
ON_DEMAND_LIST = re.compile(r"const ON_DEMAND = \[([^\]]*)\];")


def _static_imports(path: Path) -> set[str]:
    return set(STATIC_IMPORT.findall(path.read_text(encoding="utf-8")))


def test_every_module_the_shell_imports_is_precached() -> None:
    seen: set[str] = set()
    todo = ["js/app.js"]
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        todo += sorted(_static_imports(STATIC_DIR / module))
    assert "js/store.js" in seen  # the crawl follows imports
    assert sorted(seen - set(SHELL_STATIC)) == []


def test_every_on_demand_module_is_fetched_for_offline_use() -> None:
    listed = ON_DEMAND_LIST.search((STATIC_DIR / "js" / "app.js").read_text(encoding="utf-8"))
    assert listed, "app.js lists the on-demand modules it fetches"
    names = set(re.findall(r'"(\w+)"', listed.group(1)))
    on_disk = {p.stem for p in (STATIC_DIR / "js" / "on_demand").glob("*.js")}
    assert names == on_disk
    # And none of them is in the shell: they stay out of its size.
    assert not [p for p in SHELL_STATIC if p.startswith("js/on_demand/")]
