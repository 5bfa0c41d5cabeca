"""Rows for the one table from the long runs, which write their results to bench/results/:
`make crash` (crash-sqlite.json, crash-postgres.json), `make load` (load.json) and
`make pages` (pages.json). `make bench` runs the quick benchmarks itself and adds these, each
with the date it was measured, so bench/RESULTS.md holds every figure."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bench.pages import (
    SECONDS_PER_CHARACTER,
    SECONDS_PER_TAP,
    SECONDS_TO_THINK,
    TAPS_BEFORE,
)
from bench.report import Row, verdict

RESULTS_DIR = Path(__file__).parent / "results"
PERFORMANCE_GOAL = 95
LOAD_GOAL = "0 5xx, 0 locked"


def _load(name: str) -> Any:
    path = RESULTS_DIR / name
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _day(iso: str) -> str:
    return iso[:10] if iso else "?"


def crash_rows() -> tuple[list[Row], list[str]]:
    rows, notes = [], []
    for database in ("sqlite", "postgres"):
        data = _load(f"crash-{database}.json")
        if not data:
            rows.append(Row(f"crash: SIGKILLs during pushes, {database}", "not run (make crash)"))
            continue
        r = data[0]
        report, v = r["report"], r["verdict"]
        lost = len(v["missing_ops"]) + v["pull_missing"] + len(v["record_mismatches"])
        doubled = len(v["duplicate_ops"]) + len(v["revision_mismatches"]) + v["pull_duplicates"]
        integrity = (
            f"; integrity_check ok {report['integrity_checks'] - len(report['integrity_failures'])}"
            f"/{report['integrity_checks']}"
            if report["integrity_checks"]
            else ""
        )
        rows.append(
            Row(
                f"crash: {report['kills']} SIGKILLs during pushes, {database} ({_day(r['date'])})",
                f"{v['acknowledged_ops']:,} acknowledged: {lost} lost, {doubled} doubled"
                + integrity,
                f"in flight: {report['committed_unanswered']} after commit, "
                f"{report['not_committed']} before",
                goal="0 lost, 0 doubled, integrity ok",
                verdict=verdict(bool(r["ok"])),
            )
        )
        files = r.get("upload_verdict")
        if files:
            k = report["uploads"]
            lost = len(k["lost_at_kill"]) + len(files["incomplete"]) + len(files["hash_mismatches"])
            rows.append(
                Row(
                    f"↳ uploads in chunks meanwhile: {report['kills_during_uploads']} kills "
                    "during a chunk",
                    f"{files['files_acknowledged']:,} files acknowledged: {lost} lost or wrong, "
                    f"{files['duplicate_files'] + files['duplicate_chunks']} doubled, "
                    f"{len(files['unfinished'])} unfinished",
                    f"chunks in flight: {k['chunks_committed_unanswered']} after commit, "
                    f"{k['chunks_not_committed']} before",
                    goal="0 lost, 0 doubled, 0 unfinished",
                    verdict=verdict(bool(r["ok"])),
                )
            )
        notes.append(f"Crash, {database}: {r['summary']}")
    return rows, notes


def load_rows() -> tuple[list[Row], list[str]]:
    data = _load("load.json") or {}
    rows, notes = [], []
    for database in ("sqlite", "postgres"):
        r = data.get(database)
        if r is None:
            rows.append(Row(f"load: many devices, {database}", "not run (make load)"))
            continue
        clean = r["server_errors"] == 0 and r["database_locked"] == 0
        memory = r["memory_mb"]
        rows.append(
            Row(
                f"load: {r['devices']} devices + {r['browsers']} browsing, {database}, "
                f"{r['workers']} worker(s), {r['seconds']:.0f} s ({_day(r['date'])})",
                f"{r['server_errors']} 5xx/transport errors, {r['database_locked']} locked; "
                f"RSS {memory[0]:.0f}→{max(memory):.0f}→{memory[-1]:.0f} MB",
                f"{r['changes_pushed']:,} changes pushed, {r['changes_pulled']:,} pulled",
                goal=LOAD_GOAL,
                verdict=verdict(clean),
            )
        )
        for e in r["endpoints"]:
            rows.append(
                Row(
                    f"↳ {e['endpoint']} ({e['requests']:,})",
                    f"p50 {e['p50_ms']:.0f} / p95 {e['p95_ms']:.0f} / p99 {e['p99_ms']:.0f} ms",
                )
            )
    if data:
        notes.append(
            "Load: one asyncio process drives every simulated device and shares the machine's "
            "cores with the server; each device syncs at random intervals (mean 5 s): a push of "
            "1–5 conversations with a discovery each, then a pull from its cursor. RSS = "
            "start→peak→end of the server and its workers, sampled every second."
        )
    return rows, notes


def pages_rows() -> tuple[list[Row], list[str]]:
    data = _load("pages.json")
    if not data:
        return [Row("page budgets (Lighthouse, axe)", "not run (make pages)")], []
    rows = []
    axe = {a["path"]: a["violations"] for a in data["axe"]}
    for s in data["lighthouse"]:
        met = (
            s["performance"] >= PERFORMANCE_GOAL
            and s["accessibility"] == 100
            and s["best_practices"] == 100
            and not axe.get(s["path"])
        )
        m = s["metrics"]
        rows.append(
            Row(
                f"Lighthouse mobile: {s['page']} ({_day(data['date'])})",
                f"{s['performance']} / {s['accessibility']} / {s['best_practices']}; "
                f"axe {len(axe.get(s['path'], []))}",
                f"LCP {m.get('LCP', '?')}, TBT {m.get('TBT', '?')}, CLS {m.get('CLS', '?')}"
                + (f"; CPU index {s['benchmark_index']}" if s.get("benchmark_index") else ""),
                goal=f"≥ {PERFORMANCE_GOAL} / 100 / 100; axe 0",
                verdict=verdict(met),
            )
        )
    timings = sorted(data["save_to_visible_ms"])
    if timings:
        rows.append(
            Row(
                f"capture save → visible on Vandaag ({len(timings)} saves)",
                f"median {timings[len(timings) // 2]:.0f} ms, max {timings[-1]:.0f} ms",
            )
        )
    capture = data.get("capture")
    if capture:
        seconds = (
            capture["taps"] * SECONDS_PER_TAP
            + capture["characters"] * SECONDS_PER_CHARACTER
            + capture["fields_typed"] * SECONDS_TO_THINK
        )
        rows.append(
            Row(
                "capture, the common case (summary, one quality with a theme, Opslaan)",
                f"{capture['taps']} taps, {capture['characters']} characters: about "
                f"{seconds:.0f} s of a person's time",
                f"before issue 15: {TAPS_BEFORE} taps",
                goal=f"< 60 s, ≤ {TAPS_BEFORE} taps",
                verdict=verdict(seconds < 60 and capture["taps"] <= TAPS_BEFORE),
            )
        )
    notes = [
        "Pages: Lighthouse 12.2.3, mobile profile (simulated slow 4G, 4× CPU slowdown), a cold "
        "visit with the session cookie in the browser; scores are performance / "
        "accessibility / best practices. axe-core 4.14.0, wcag2a + wcag2aa. Save → visible: "
        "Performance API, from the tap on Opslaan to the conversation in the list on Vandaag "
        "(IndexedDB write and page change included). Capture effort: the common case scripted "
        "in Chromium, each tap and character counted, priced after the Keystroke-Level Model "
        f"({SECONDS_PER_TAP} s a tap, {SECONDS_PER_CHARACTER} s a character, "
        f"{SECONDS_TO_THINK} s to think before each field typed)."
    ]
    notes += [
        f"Lighthouse, {s['page']}: {failing}"
        for s in data["lighthouse"]
        for failing in s["failing"]
    ]
    return rows, notes


def recorded_rows() -> tuple[list[Row], list[str]]:
    rows: list[Row] = []
    notes: list[str] = []
    for part in (crash_rows, load_rows, pages_rows):
        more_rows, more_notes = part()
        rows += more_rows
        notes += more_notes
    return rows, notes
