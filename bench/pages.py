"""Page budgets in a real browser: Lighthouse 12.2.3 (mobile profile) and axe-core on the pages
a buurtwerker and a coordinator use, and the capture's save-to-visible time.

`python -m bench.pages` (after `npm ci --prefix tools/browser`, for Lighthouse; axe-core is
vendored): starts the real server with the demo team, logs in, and for each page runs
Lighthouse against Debian's Chromium (a cold visit: Lighthouse clears storage first; the
session cookie goes along as a header), then axe (wcag2a, wcag2aa) in Playwright at phone size.
Finally it saves a conversation ten times and measures, with the Performance API, from the tap
on "Opslaan" to the moment the conversation is in the list on Vandaag (that includes the write
to IndexedDB and showing Vandaag, in the same document or after a page load).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, sync_playwright

from app.config import PROJECT_ROOT
from app.demo.seed import DEMO_PASSWORD, DEMO_USERS
from testkit.browser import CHROMIUM, CHROMIUM_FLAGS, axe_violations
from testkit.server import ServerProcess, free_port, unwind_on_sigterm

TOOLS = PROJECT_ROOT / "tools" / "browser" / "node_modules"
LIGHTHOUSE = TOOLS / ".bin" / "lighthouse"
PAGES = (
    ("Inloggen", "/login", False),
    ("Vandaag", "/", True),
    ("Nieuw gesprek", "/gesprekken/nieuw", True),
    ("Tocht", "/tocht", True),
    ("Weekoverleg", "/weekoverleg", True),
    ("Krachtenoverzicht", "/overzicht", True),
)
CATEGORIES = ("performance", "accessibility", "best-practices")
METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
}

# Runs in every document of the measuring page: marks when the probe conversation shows up.
WATCH_FOR_SAVED = """(() => {
  const probe = sessionStorage.getItem("probe");
  if (!probe) return;
  const seen = () => [...document.querySelectorAll(".list-link")]
    .some((link) => link.textContent.includes(probe));
  const done = () => {
    sessionStorage.setItem("visible", String(performance.timeOrigin + performance.now()));
    sessionStorage.removeItem("probe");
  };
  const observer = new MutationObserver(() => { if (seen()) { observer.disconnect(); done(); } });
  document.addEventListener("DOMContentLoaded", () => {
    if (seen()) done(); else observer.observe(document.body, {childList: true, subtree: true});
  });
})();"""

# In the document with the form: marks the tap, and the probe conversation showing up should
# Vandaag replace the form in this same document (WATCH_FOR_SAVED covers a page load).
START_ON_TAP = """(probe) => {
  sessionStorage.removeItem("visible");
  const button = [...document.querySelectorAll("button")]
    .find((b) => b.textContent.trim() === "Opslaan");
  const seen = () => [...document.querySelectorAll(".list-link")]
    .some((link) => link.textContent.includes(probe));
  const observer = new MutationObserver(() => {
    if (sessionStorage.getItem("probe") !== probe || !seen()) return;
    observer.disconnect();
    sessionStorage.setItem("visible", String(performance.timeOrigin + performance.now()));
    sessionStorage.removeItem("probe");
  });
  observer.observe(document.body, {childList: true, subtree: true, characterData: true});
  button.addEventListener("click", () => {
    sessionStorage.setItem("probe", probe);
    sessionStorage.setItem("tapped", String(performance.timeOrigin + performance.now()));
  }, {capture: true, once: true});
}"""


@dataclass(frozen=True)
class LighthouseScores:
    page: str
    path: str
    performance: int
    accessibility: int
    best_practices: int
    metrics: dict[str, str]
    failing: list[str]
    # Lighthouse's own measure of this machine's CPU speed at the time (higher is faster):
    # its 4x slowdown is applied on top, so TBT and the performance score follow it.
    benchmark_index: int = 0


@dataclass(frozen=True)
class AxeResult:
    page: str
    path: str
    violations: list[str]


# A person's time per action on a phone, after the Keystroke-Level Model (Card, Moran and
# Newell) with touch-screen figures: a tap with finding the target, a character typed with
# two thumbs (about 30 words a minute), and the moment of thought before each field typed.
SECONDS_PER_TAP = 1.0
SECONDS_PER_CHARACTER = 0.4
SECONDS_TO_THINK = 1.35
# The common case as issue 15 names it (a summary, one quality with a theme, Opslaan),
# counted on the capture form before issue 15 gave each kind its own fields (main, 3033e97).
TAPS_BEFORE = 7


@dataclass
class CaptureEffort:
    """The common case on the phone: what it takes, and what it would cost a person."""

    taps: int = 0
    characters: int = 0
    fields_typed: int = 0

    def tap(self, locator: Any) -> None:
        locator.click()
        self.taps += 1

    def choose(self, select: Any, **option: Any) -> None:
        select.select_option(**option)
        self.taps += 2  # open the list, pick

    def type(self, field: Any, text: str) -> None:
        field.click()
        field.fill(text)
        self.taps += 1
        self.characters += len(text)
        self.fields_typed += 1

    @property
    def seconds(self) -> float:
        return (
            self.taps * SECONDS_PER_TAP
            + self.characters * SECONDS_PER_CHARACTER
            + self.fields_typed * SECONDS_TO_THINK
        )


@dataclass
class PagesResult:
    lighthouse: list[LighthouseScores]
    axe: list[AxeResult]
    save_to_visible_ms: list[float]
    date: str
    capture: CaptureEffort | None = None

    def summary(self) -> str:
        lines = [
            "page                 perf  a11y  best  FCP      LCP      TBT     CLS   axe  cpu index"
        ]
        axe = {a.path: a for a in self.axe}
        for s in self.lighthouse:
            m = s.metrics
            lines.append(
                f"{s.page:<20} {s.performance:>4}  {s.accessibility:>4}  {s.best_practices:>4}  "
                f"{m.get('FCP', ''):<8} {m.get('LCP', ''):<8} {m.get('TBT', ''):<7} "
                f"{m.get('CLS', ''):<5} {len(axe[s.path].violations) if s.path in axe else '-':<4} "
                f"{s.benchmark_index}"
            )
            lines += [f"    lighthouse: {f}" for f in s.failing]
            lines += [f"    axe: {v}" for v in (axe[s.path].violations if s.path in axe else [])]
        if self.capture:
            c = self.capture
            lines.append(
                f"common case on the phone: {c.taps} taps (before: {TAPS_BEFORE}), "
                f"{c.characters} characters, about {c.seconds:.0f} s of a person's time"
            )
        if self.save_to_visible_ms:
            values = self.save_to_visible_ms
            lines.append(
                f"save-to-visible over {len(values)} saves: median "
                f"{statistics.median(values):.0f} ms, max {max(values):.0f} ms"
            )
        return "\n".join(lines)


def _session_cookies(base_url: str) -> dict[str, str]:
    with httpx.Client(base_url=base_url, trust_env=False) as client:
        user = DEMO_USERS[0]
        answer = client.post("/api/session", json={"email": user.email, "password": DEMO_PASSWORD})
        answer.raise_for_status()
        return dict(client.cookies.items())


@contextmanager
def logged_in_chromium(base_url: str, workdir: Path) -> Iterator[int]:
    """A headless Chromium with the demo coordinator's session cookie, for Lighthouse to
    attach to (--port): every request the pages make, the service worker's included, carries
    the login, as on a real phone. Lighthouse clears caches and service workers, not cookies."""
    port = free_port()
    process = subprocess.Popen(  # noqa: S603 - Debian's Chromium, fixed flags
        [
            CHROMIUM,
            "--headless=new",
            f"--remote-debugging-port={port}",
            f"--user-data-dir={workdir}",
            *CHROMIUM_FLAGS,
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        with sync_playwright() as playwright:
            browser = None
            for _attempt in range(100):
                try:
                    browser = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
                    break
                except PlaywrightError:
                    time.sleep(0.1)  # polling until Chromium listens, not a fixed wait
            if browser is None:
                raise RuntimeError("Chromium did not open its debugging port")
            browser.contexts[0].add_cookies(
                [
                    {"name": name, "value": value, "url": base_url}
                    for name, value in _session_cookies(base_url).items()
                ]
            )
        yield port
    finally:
        process.terminate()
        process.wait(10)


def lighthouse(base_url: str, workdir: Path) -> list[LighthouseScores]:
    if not LIGHTHOUSE.exists():
        raise RuntimeError("Lighthouse ontbreekt: npm ci --prefix tools/browser")
    results: list[LighthouseScores] = []
    for name, path, logged_in in PAGES:
        output = workdir / f"lighthouse-{len(results)}.json"
        command = [
            str(LIGHTHOUSE),
            f"{base_url}{path}",
            "--quiet",
            "--output=json",
            f"--output-path={output}",
            f"--only-categories={','.join(CATEGORIES)}",
        ]
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        # Lighthouse sometimes loses its trace (NO_NAVSTART) and says to run it again.
        for attempt in range(3):
            try:
                _run_lighthouse(
                    command, env, base_url, workdir / f"profile-{len(results)}-{attempt}", logged_in
                )
                break
            except subprocess.CalledProcessError:
                if attempt == 2:
                    raise
        report = json.loads(output.read_text(encoding="utf-8"))
        results.append(_scores(name, path, logged_in, report))
        scores = results[-1]
        print(
            f"  lighthouse {name}: {scores.performance}/{scores.accessibility}/"
            f"{scores.best_practices}",
            file=sys.stderr,
            flush=True,
        )
    return results


def _run_lighthouse(
    command: list[str], env: dict[str, str], base_url: str, profile: Path, logged_in: bool
) -> None:
    if logged_in:
        # A fresh browser per page (reusing one made Lighthouse lose its trace more often).
        with logged_in_chromium(base_url, profile) as port:
            subprocess.run(  # noqa: S603 - our pinned Lighthouse, our own URLs
                [*command, f"--port={port}"], check=True, env=env, timeout=300
            )
    else:  # a browser of its own, without the login
        flags = "--chrome-flags=--headless=new " + " ".join(CHROMIUM_FLAGS)
        subprocess.run(  # noqa: S603 - our pinned Lighthouse, our own URLs
            [*command, flags], check=True, env=env, timeout=300
        )


def _scores(name: str, path: str, logged_in: bool, report: dict[str, Any]) -> LighthouseScores:
    final_url = str(report.get("finalDisplayedUrl") or report.get("finalUrl"))
    if logged_in and "/login" in final_url:
        raise RuntimeError(f"Lighthouse was not logged in on {path}: {final_url}")
    scores = {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}
    failing = sorted(
        f"{category}: {report['audits'][ref['id']]['title']}"
        + _examples(report["audits"][ref["id"]])
        for category in ("accessibility", "best-practices")
        for ref in report["categories"][category]["auditRefs"]
        if ref.get("weight")
        and report["audits"][ref["id"]].get("score") is not None
        and report["audits"][ref["id"]]["score"] < 1
    )
    shifts = report["audits"].get("layout-shifts", {}).get("details", {}).get("items", [])
    failing += [
        f"performance: layout shift {item.get('score', 0):.3f} at "
        f"{item.get('node', {}).get('snippet', '?')[:120]}"
        for item in shifts[:3]
    ]
    for audit_id in ("bootup-time", "mainthread-work-breakdown"):
        audit = report["audits"].get(audit_id, {})
        if (audit.get("score") or 1) < 0.9:
            failing.append(
                f"performance: {audit['title']} {audit.get('displayValue', '')}" + _examples(audit)
            )
    return LighthouseScores(
        page=name,
        path=path,
        performance=scores["performance"],
        accessibility=scores["accessibility"],
        best_practices=scores["best-practices"],
        metrics={
            label: str(report["audits"][audit].get("displayValue", ""))
            for audit, label in METRICS.items()
        },
        failing=failing,
        benchmark_index=round(report.get("environment", {}).get("benchmarkIndex", 0)),
    )


def _examples(audit: dict[str, Any]) -> str:
    """What a failing audit points at (the deprecated API, the console error, the element)."""
    found = []
    for item in audit.get("details", {}).get("items", [])[:3]:
        node = item.get("node") or {}
        source = item.get("source") or {}
        text = (
            item.get("value")
            or item.get("description")
            or node.get("snippet")
            or (source.get("url") if isinstance(source, dict) else None)
            or item.get("url")
        )
        if isinstance(text, dict):
            text = text.get("formattedDefault") or json.dumps(text)[:160]
        if text:
            found.append(str(text)[:160])
    return f" [{' | '.join(found)}]" if found else ""


def _log_in(page: Page) -> None:
    page.goto("/login")
    page.get_by_label("E-mailadres").fill(DEMO_USERS[0].email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/")


def common_case(page: Page) -> CaptureEffort:
    """A summary, one quality with a theme, Opslaan — every tap and character counted."""
    effort = CaptureEffort()
    page.goto("/gesprekken/nieuw")
    buurt = page.get_by_label("Buurt")
    page.wait_for_function("document.querySelectorAll('#neighbourhood option').length > 1")
    if not buurt.input_value():
        effort.choose(buurt, index=1)
    effort.type(page.get_by_label("Samenvatting"), "Praatje bij de bakker over de moestuin.")
    effort.tap(page.get_by_role("button", name="+ Kwaliteit"))
    quality = page.locator("fieldset.discovery").last
    effort.type(quality.get_by_role("textbox").first, "Kweekt tomaten en deelt stekjes")
    effort.tap(quality.get_by_role("group", name="Thema's").get_by_role("button").first)
    effort.tap(page.get_by_role("button", name="Opslaan", exact=True))
    page.wait_for_url("**/?opgeslagen=1")
    return effort


def in_the_browser(base_url: str, saves: int) -> tuple[list[AxeResult], list[float], CaptureEffort]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_FLAGS))
        context = browser.new_context(
            base_url=base_url,
            viewport={"width": 390, "height": 844},
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="nl-NL",
            bypass_csp=True,  # axe is injected as a script; the pages' own CSP stays as it is
        )
        page = context.new_page()
        results: list[AxeResult] = []
        for name, path, logged_in in PAGES:
            if not logged_in:
                page.goto(path)
                results.append(AxeResult(name, path, axe_violations(page)))
        _log_in(page)
        for name, path, logged_in in PAGES:
            if logged_in:
                page.goto(path)
                page.wait_for_load_state("networkidle")
                results.append(AxeResult(name, path, axe_violations(page)))
        effort = common_case(page)
        page.add_init_script(WATCH_FOR_SAVED)
        timings = []
        for n in range(saves):
            page.goto("/gesprekken/nieuw")
            page.get_by_label("Buurt").select_option(index=1)
            probe = f"Meting {n} bij de bloemenkraam"
            page.get_by_label("Samenvatting").fill(probe)
            page.evaluate(START_ON_TAP, probe)
            page.get_by_role("button", name="Opslaan", exact=True).click()
            page.wait_for_function("sessionStorage.getItem('visible') !== null")
            tapped, visible = page.evaluate(
                "[Number(sessionStorage.getItem('tapped')), "
                "Number(sessionStorage.getItem('visible'))]"
            )
            timings.append(float(visible) - float(tapped))
        browser.close()
    return results, timings, effort


def run_pages(*, saves: int = 10, with_lighthouse: bool = True) -> PagesResult:
    with tempfile.TemporaryDirectory(prefix="ot-pages-") as tmp:
        workdir = Path(tmp)
        server = ServerProcess(workdir)
        server.start()
        try:
            scores = lighthouse(server.url, workdir) if with_lighthouse else []
            axe, timings, effort = in_the_browser(server.url, saves)
        finally:
            server.stop()
    return PagesResult(scores, axe, timings, datetime.now(UTC).isoformat(), effort)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pages", description=__doc__)
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    args = parser.parse_args(argv)
    unwind_on_sigterm()
    result = run_pages(saves=args.saves, with_lighthouse=not args.no_lighthouse)
    print(result.summary())
    if args.json:
        args.json.write_text(json.dumps(asdict(result), indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
