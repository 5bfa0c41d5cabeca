"""`python -m bench`: run every benchmark once, side by side, and print one table."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.bench_files import FILE_BYTES, FilesResult, files_notes, files_rows, measure_files
from bench.bench_journey import SEARCH, JourneyResult, generate, measure
from bench.bench_login import LoginBench, login_notes, login_rows, measure_login
from bench.bench_overview import FORMATS, OverviewResult
from bench.bench_overview import generate as generate_buurt
from bench.bench_overview import measure as measure_overview
from bench.bench_search import (
    SearchQuality,
    measure_search_quality,
    search_notes,
    search_rows,
)
from bench.bench_shell import GZIP_LEVEL, ShellReport, measure_shell
from bench.bench_sync import (
    NewConversation,
    NewFollowUp,
    Run,
    make_conversations,
    make_follow_ups,
    median_run,
    ordinary_theme_id,
    pull_everything,
    push_conversations,
    push_follow_ups,
    raw_database,
    raw_insert_conversations,
    raw_insert_follow_ups,
    raw_select_follow_ups,
)
from bench.recorded import recorded_rows
from bench.report import Row, describe_machine, render_markdown, render_text, verdict
from testkit.server import (
    client_for,
    cpu_seconds,
    log_in,
    started_server,
    unwind_on_sigterm,
)

RESULTS_FILE = Path(__file__).parent / "RESULTS.md"
PUSH_RATIO_GOAL = 0.25
SHELL_JS_GOAL_KB = 50.0
SHELL_TOTAL_GOAL_KB = 150.0
JOURNEY_FLAT_GOAL = 2.0
SEARCH_SPEEDUP_GOAL = 20


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--changes", type=int, default=10_000, help="follow_ups to push")
    parser.add_argument("--batch", type=int, default=200, help="changes per push batch")
    parser.add_argument("--pull-limit", type=int, default=500, help="changes per pull page")
    parser.add_argument(
        "--conversations", type=int, default=500, help="conversations (+1 discovery each)"
    )
    parser.add_argument("--push-runs", type=int, default=1, help="HTTP pushes, fresh server each")
    parser.add_argument("--raw-runs", type=int, default=5, help="raw inserts, fresh file each")
    parser.add_argument("--pull-runs", type=int, default=3, help="full pulls from cursor 0")
    parser.add_argument(
        "--journey-small", type=int, default=1_000, help="discoveries of the small Tocht team"
    )
    parser.add_argument(
        "--journey-large", type=int, default=100_000, help="discoveries of the large Tocht team"
    )
    parser.add_argument("--journey-runs", type=int, default=9, help="timed Tocht requests each")
    parser.add_argument(
        "--overview-large", type=int, default=100_000, help="discoveries in the overview's buurt"
    )
    parser.add_argument("--overview-runs", type=int, default=2, help="timed runs per format")
    parser.add_argument("--file-runs", type=int, default=3, help="uploads of the file")
    parser.add_argument("--file-bytes", type=int, default=FILE_BYTES, help="size of the file")
    parser.add_argument("--no-write", action="store_true", help=f"do not write {RESULTS_FILE}")
    args = parser.parse_args(argv)
    for name in (
        "changes",
        "batch",
        "pull_limit",
        "push_runs",
        "raw_runs",
        "pull_runs",
        "journey_small",
        "journey_large",
        "journey_runs",
        "overview_large",
        "overview_runs",
        "file_runs",
        "file_bytes",
    ):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.batch > 500 or args.pull_limit > 1000:
        parser.error("the wire contract allows at most 500 changes a push and 1000 a pull")
    return args


@dataclass
class Results:
    raw_insert: list[Run] = field(default_factory=list)
    raw_select: list[Run] = field(default_factory=list)
    raw_mix: list[Run] = field(default_factory=list)
    push: list[Run] = field(default_factory=list)
    pull: list[Run] = field(default_factory=list)
    # The server's CPU seconds per request (user + system, all threads), per run.
    push_cpu: list[float] = field(default_factory=list)
    pull_cpu: list[float] = field(default_factory=list)
    mix: list[Run] = field(default_factory=list)
    shell: ShellReport | None = None
    journey: list[JourneyResult] = field(default_factory=list)
    overview: OverviewResult | None = None
    files: FilesResult | None = None
    login: LoginBench | None = None
    search: SearchQuality | None = None
    errors: dict[str, str] = field(default_factory=dict)


def _fail(results: Results, section: str, exc: Exception) -> None:
    results.errors[section] = f"{type(exc).__name__}: {exc}".splitlines()[0][:200]
    progress(f"  {section} failed: {exc}")


def measure_raw(
    results: Results,
    tmp: Path,
    args: argparse.Namespace,
    follow_ups: Sequence[NewFollowUp],
    conversations: Sequence[NewConversation],
    runs: range,
) -> None:
    for n in runs:
        progress(f"raw Core insert of {len(follow_ups):,} follow_ups, run {n + 1}/{args.raw_runs}")
        with raw_database(tmp / f"raw-follow-ups-{n}.db") as db:
            results.raw_insert.append(raw_insert_follow_ups(db, follow_ups, args.batch))
            results.raw_select.append(raw_select_follow_ups(db, args.pull_limit))
        if conversations:
            progress(f"raw Core insert of the conversation mix, run {n + 1}/{args.raw_runs}")
            with raw_database(tmp / f"raw-mix-{n}.db") as db:
                results.raw_mix.append(
                    raw_insert_conversations(db, conversations, max(1, args.batch // 2))
                )


def measure_server(
    results: Results,
    tmp: Path,
    args: argparse.Namespace,
    follow_ups: Sequence[NewFollowUp],
    conversations: Sequence[NewConversation],
) -> None:
    for n in range(args.push_runs):
        last = n == args.push_runs - 1
        progress(f"starting the server (run {n + 1}/{args.push_runs})")
        with started_server(tmp / f"server-{n}") as server, client_for(server.url) as client:
            base_url = server.url
            session = log_in(client)
            progress(f"HTTP push of {len(follow_ups):,} follow_ups in batches of {args.batch}")
            before = cpu_seconds(server.pid)
            results.push.append(push_follow_ups(client, follow_ups, args.batch))
            pushes = len(results.push[-1].batch_seconds)
            results.push_cpu.append((cpu_seconds(server.pid) - before) / pushes)
            if not last:
                continue
            theme_id: str | None = None
            try:
                for m in range(args.pull_runs):
                    progress(f"HTTP pull from cursor 0, run {m + 1}/{args.pull_runs}")
                    before = cpu_seconds(server.pid)
                    pulled = pull_everything(client, args.pull_limit)
                    pages = len(pulled.run.batch_seconds)
                    results.pull_cpu.append((cpu_seconds(server.pid) - before) / pages)
                    results.pull.append(pulled.run)
                    theme_id = ordinary_theme_id(pulled.changes)
            except Exception as exc:
                _fail(results, "pull", exc)
            if conversations and theme_id is not None:
                progress(f"HTTP push of {len(conversations):,} conversations + discoveries")
                try:
                    results.mix.append(
                        push_conversations(
                            client,
                            conversations,
                            max(1, args.batch // 2),
                            neighbourhood_id=session["neighbourhoods"][0]["id"],
                            theme_id=theme_id,
                        )
                    )
                except Exception as exc:
                    _fail(results, "mix", exc)
            progress("measuring the app shell")
            try:
                results.shell = measure_shell(base_url)
            except Exception as exc:
                _fail(results, "shell", exc)


def measure_uploads(results: Results, tmp: Path, args: argparse.Namespace) -> None:
    progress(f"uploading a {args.file_bytes / 1e6:.0f} MB file in chunks, {args.file_runs} times")
    results.files = measure_files(tmp, runs=args.file_runs, size=args.file_bytes)


def upload_rows(results: Results) -> list[Row]:
    if results.files is None:
        return _error_row(results, "upload of a file in chunks", "files")
    return files_rows(results.files)


def measure_logins(results: Results, tmp: Path) -> None:
    progress("pushes while browsers log in (Argon2 at its production cost)")
    results.login = measure_login(tmp)


def login_bench_rows(results: Results) -> list[Row]:
    if results.login is None:
        return _error_row(results, "push while browsers log in", "login")
    return login_rows(results.login)


def measure_journey(results: Results, tmp: Path, args: argparse.Namespace) -> None:
    for size in (args.journey_small, args.journey_large):
        people = max(30, size * 3 // 10)
        progress(f"generating a team with {size:,} discoveries and {people:,} people")
        team = generate(tmp / f"journey-{size}.db", size, people)
        try:
            progress(f"timing the Tocht, a search and the weekoverleg at {size:,} discoveries")
            results.journey.append(measure(team, args.journey_runs))
        finally:
            team.engine.dispose()


def journey_rows(results: Results) -> list[Row]:
    if len(results.journey) != 2:
        return _error_row(results, "Tocht at two sizes", "journey")
    small, large = results.journey
    rows = []
    pairs = (
        ("Tocht first page", small.page.median, large.page.median),
        (f"Tocht search “{SEARCH}”", small.search.median, large.search.median),
        ("Weekoverleg, all of them open", small.review.median, large.review.median),
    )
    for label, at_small, at_large in pairs:
        ratio = at_large / at_small
        rows.append(
            Row(
                f"{label}: {large.discoveries:,} vs {small.discoveries:,} discoveries",
                _ms(at_large),
                _ms(at_small),
                f"{ratio:.2f}",
                f"≤ {JOURNEY_FLAT_GOAL}",
                verdict(ratio <= JOURNEY_FLAT_GOAL),
            )
        )
    speedup = large.scan.median / large.indexed.median
    rows.append(
        Row(
            f"↳ search query (words alone, newest first from the index) vs unindexed LIKE "
            f"scan, {large.discoveries:,}",
            _ms(large.indexed.median),
            "scan " + _ms(large.scan.median),
            f"{speedup:.1f}×",
            f"≥ {SEARCH_SPEEDUP_GOAL}×",
            verdict(speedup >= SEARCH_SPEEDUP_GOAL),
        )
    )
    rows.append(
        Row(
            f"↳ the general query (as with other filters) vs the same scan, {large.discoveries:,}",
            _ms(large.general.median),
            "scan " + _ms(large.scan.median),
            f"{large.scan.median / large.general.median:.1f}×",
        )
    )
    return rows


def measure_overview_formats(results: Results, tmp: Path, args: argparse.Namespace) -> None:
    size = args.overview_large
    progress(f"generating a buurt with {size:,} shareable discoveries")
    buurt = generate_buurt(tmp / f"overview-{size}.db", size)
    try:
        progress("timing the krachtenoverzicht in every format")
        results.overview = measure_overview(buurt, args.overview_runs)
    finally:
        buurt.engine.dispose()


FORMAT_LABELS = {
    "html": "print page (HTML)",
    "pdf": "PDF (WeasyPrint)",
    "xlsx": "spreadsheet (XLSX)",
    "csv": "CSV zip",
}


def overview_rows(results: Results) -> list[Row]:
    result = results.overview
    if result is None:
        return _error_row(results, "krachtenoverzicht at scale", "overview")
    base = result.count_group_by.median
    assembly = result.assembly
    rows = [
        Row(
            f"krachtenoverzicht of a buurt, {result.discoveries:,} discoveries: assembled",
            f"{_ms(assembly.median)} · peak {assembly.peak_bytes / 1e6:,.0f} MB",
            f"COUNT GROUP BY {_ms(base)}",
            f"{assembly.median / base:,.0f}×",
        )
    ]
    for name in FORMATS:
        made = result.rendering[name]
        rows.append(
            Row(
                f"↳ as {FORMAT_LABELS[name]}: assembled + made ({made.size_bytes / 1000:,.0f} KB)",
                f"{_ms(result.total(name))} (+{_ms(made.median)}) · peak "
                f"{result.peak(name) / 1e6:,.0f} MB",
                f"COUNT GROUP BY {_ms(base)}",
                f"{result.total(name) / base:,.0f}×",
            )
        )
    return rows


def _timing(run: Run, unit: str) -> str:
    return f"{run.seconds:.2f} s · {run.rate:,.0f} {unit}/s"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def _kb(size: int) -> str:
    return f"{size / 1000:.1f} KB"


def _error_row(results: Results, label: str, *sections: str) -> list[Row]:
    """The row of a benchmark that could not run, with the first error that stopped it."""
    for section in sections:
        if section in results.errors:
            return [Row(label, f"{section} error: {results.errors[section]}", verdict="error")]
    return [Row(label, "not measured", verdict="error")]


def cpu_rows(results: Results, args: argparse.Namespace) -> list[Row]:
    """What a request costs the server's processor (user + system CPU of the process during
    the run ÷ requests), so the rate per core does not depend on what else the machine runs."""
    rows = []
    for what, unit, per_request in (
        (f"push of {args.batch}", "pushes", results.push_cpu),
        (f"pull page of {args.pull_limit}", "pages", results.pull_cpu),
    ):
        if per_request:
            cpu = statistics.median(per_request)
            rows.append(
                Row(
                    f"server CPU a {what}, sqlite",
                    f"{_ms(cpu)} · {1 / cpu:,.0f} {unit}/s per core",
                )
            )
    return rows


def build_rows(results: Results, args: argparse.Namespace) -> list[Row]:
    rows: list[Row] = []
    label = f"push {args.changes:,} follow_ups over HTTP, {args.batch}/batch"
    if results.push and results.raw_insert:
        push, raw = median_run(results.push), median_run(results.raw_insert)
        ratio = raw.seconds / push.seconds
        rows.append(
            Row(
                label,
                _timing(push, "rows"),
                "Core insert " + _timing(raw, "rows"),
                f"{ratio:.3f}",
                f"≥ {PUSH_RATIO_GOAL}",
                verdict(ratio >= PUSH_RATIO_GOAL),
            )
        )
        rows.append(
            Row(
                f"↳ one batch of {args.batch}: median (p95)",
                f"{_ms(push.median_batch)} ({_ms(push.p95_batch)})",
                f"{_ms(raw.median_batch)} ({_ms(raw.p95_batch)})",
                f"{raw.median_batch / push.median_batch:.3f}",
            )
        )
    else:
        rows += _error_row(results, label, "raw", "server")

    label = f"push {2 * args.conversations:,} changes: conversation + discovery each"
    if results.mix and results.raw_mix:
        mix, raw = median_run(results.mix), median_run(results.raw_mix)
        rows.append(
            Row(
                label,
                _timing(mix, "changes"),
                "Core insert " + _timing(raw, "rows"),
                f"{raw.seconds / mix.seconds:.3f}",
            )
        )
    elif args.conversations:
        rows += _error_row(results, label, "raw", "server", "pull", "mix")

    if results.pull and results.raw_select:
        pull, raw = median_run(results.pull), median_run(results.raw_select)
        rows.append(
            Row(
                f"pull {pull.rows:,} changes from cursor 0, {args.pull_limit}/page",
                _timing(pull, "changes"),
                f"Core select {raw.rows:,} rows " + _timing(raw, "rows"),
                f"{pull.rate / raw.rate:.3f}",
            )
        )
    else:
        rows += _error_row(results, "pull from cursor 0", "raw", "server", "pull")
    rows += cpu_rows(results, args)

    shell = results.shell
    if shell is not None:
        js = shell.gzip_total("js")
        total = shell.gzip_total()
        js_files = sum(1 for f in shell.files if f.kind == "js")
        rows.append(
            Row(
                f"app shell JavaScript, gzip -{GZIP_LEVEL} ({js_files} files)",
                _kb(js),
                goal=f"≤ {SHELL_JS_GOAL_KB:.0f} KB",
                verdict=verdict(js <= SHELL_JS_GOAL_KB * 1000),
            )
        )
        rows.append(
            Row(
                f"app shell first load, gzip -{GZIP_LEVEL} ({len(shell.files)} files)",
                _kb(total),
                goal=f"≤ {SHELL_TOTAL_GOAL_KB:.0f} KB",
                verdict=verdict(total <= SHELL_TOTAL_GOAL_KB * 1000),
            )
        )
        if shell.refetched_gzip():
            rows.append(
                Row(
                    "↳ on the wire, with the service worker's re-fetches",
                    _kb(total + shell.refetched_gzip()),
                )
            )
    else:
        rows += _error_row(results, "app shell size", "server", "shell")
    return rows


def _seconds(runs: Sequence[Run]) -> str:
    return ", ".join(f"{run.seconds:.2f}" for run in runs) + " s" if runs else "none"


def build_notes(results: Results) -> list[str]:
    notes = [
        "ratio = raw time ÷ sync time for the same rows (= sync rate ÷ raw rate); "
        "1.0 would be as fast as plain SQLAlchemy Core, 0.25 is 4× slower.",
        "Both sides: the same SQLite schema (Alembic), the app's engine factory (WAL, "
        "synchronous=FULL), one transaction per batch. The sync side also writes an op log "
        "row, a revision and a change number per change, behind HTTP, JSON and a session check.",
        f"Runs (median shown): HTTP push {_seconds(results.push)}; "
        f"Core insert {_seconds(results.raw_insert)}; HTTP pull {_seconds(results.pull)}; "
        f"Core select {_seconds(results.raw_select)}; conversation mix HTTP "
        f"{_seconds(results.mix)}, Core {_seconds(results.raw_mix)}.",
        "The pull includes the demo data, themes and prompt cards `serve` seeds, and runs "
        "before the conversation mix is pushed.",
        "Tocht: a generated team (two discoveries a conversation, 30% as many people, the "
        "search index written by the app's indexer), GET /tocht in-process (route, queries, "
        "template; no HTTP), median of the timed runs after one warm-up. The scan answers the "
        "same search with LIKE over every summary and description.",
        "Krachtenoverzicht: one generated buurt in which every discovery is shareable (the "
        "worst case), made in-process by the same functions the routes call. The assembly "
        "is timed on its own, each format is then made from one assembled overview; a "
        "download costs both (shown, with the format's own part in brackets). ratio = time ÷ "
        "a bare COUNT(*) GROUP BY kind of the same rows. Peak = Python heap under tracemalloc "
        "in a separate run, assembly and format added (Pango's own memory for the PDF is not "
        "in it). The printed document shows up to 15 items a section and the assembly reads "
        "only those rows; the spreadsheet and CSV hold every row, read and redacted while "
        "they are written, so that reading is in their own part. The generated buurt has no "
        "status moves in its revision history (the trend's records are all read as found).",
    ]
    if results.shell is not None:
        shell = results.shell
        for reason in ("page", "asset", "import", "manifest", "service worker", "precache"):
            files = [f for f in shell.files if f.reason == reason]
            if files:
                listed = ", ".join(
                    f"{f.path} {f.raw_bytes / 1000:.1f}→{f.gzip_bytes / 1000:.1f}" for f in files
                )
                notes.append(f"Shell, {reason} (KB raw→gzip, KB = 1,000 bytes): {listed}.")
        if shell.refetched_gzip():
            notes.append(
                "The service worker precaches with cache: 'reload', so on a first visit it "
                f"downloads {_kb(shell.refetched_gzip())} (gzip) of files the pages had "
                "just loaded a second time."
            )
        if shell.missing:
            notes.append("Not (yet) present: " + ", ".join(shell.missing) + ".")
        if shell.external:
            notes.append("Other origins, not measured: " + ", ".join(shell.external) + ".")
    return notes


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    unwind_on_sigterm()
    machine = describe_machine()  # before we load the machine ourselves
    started = time.perf_counter()
    follow_ups = make_follow_ups(args.changes)
    conversations = make_conversations(args.conversations)
    results = Results()
    with tempfile.TemporaryDirectory(prefix="ontdekkingstocht-bench-") as tmp_dir:
        tmp = Path(tmp_dir)
        # Raw runs before and after the long HTTP part, so both sides see the same machine.
        before = (args.raw_runs + 1) // 2
        try:
            measure_raw(results, tmp, args, follow_ups, conversations, range(before))
        except Exception as exc:
            _fail(results, "raw", exc)
        try:
            measure_server(results, tmp, args, follow_ups, conversations)
        except Exception as exc:
            _fail(results, "server", exc)
        try:
            measure_raw(results, tmp, args, follow_ups, conversations, range(before, args.raw_runs))
        except Exception as exc:
            _fail(results, "raw", exc)
        try:
            measure_uploads(results, tmp, args)
        except Exception as exc:
            _fail(results, "files", exc)
        try:
            measure_logins(results, tmp)
        except Exception as exc:
            _fail(results, "login", exc)
        try:
            measure_journey(results, tmp, args)
        except Exception as exc:
            _fail(results, "journey", exc)
        try:
            measure_overview_formats(results, tmp, args)
        except Exception as exc:
            _fail(results, "overview", exc)
        try:
            progress("search quality on Dutch word forms, SQLite and PostgreSQL")
            results.search = measure_search_quality(tmp)
        except Exception as exc:
            _fail(results, "search", exc)
    recorded, recorded_notes = recorded_rows()
    rows = [
        *build_rows(results, args),
        *upload_rows(results),
        *login_bench_rows(results),
        *journey_rows(results),
        *(search_rows(results.search) if results.search else []),
        *overview_rows(results),
        *recorded,
    ]
    notes = [
        *build_notes(results),
        *(files_notes(results.files) if results.files else []),
        *(login_notes(results.login) if results.login else []),
        *(search_notes(results.search) if results.search else []),
        *recorded_notes,
        f"Whole run: {time.perf_counter() - started:.0f} s (crash, load and page rows: from "
        "their own runs in bench/results/, dated).",
    ]
    print(render_text(rows, machine, notes))
    if not args.no_write:
        RESULTS_FILE.write_text(render_markdown(rows, machine, notes), encoding="utf-8")
        progress(f"written to {RESULTS_FILE}")
    # Goals met or not, the table is the answer; only a benchmark that could not run fails.
    return 1 if results.errors else 0
