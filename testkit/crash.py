"""Crash harness: the real server is SIGKILLed at random moments while devices push and
upload.

`python -m bench.crash --database sqlite --kills 200` (and `--database postgres`). Devices
(threads, each with its own login and device id) push batches of new follow-ups and edits of
acknowledged ones; a batch that got no answer is sent again, unchanged (same op ids), until it
is answered — as the PWA's outbox does. Each device also uploads files in chunks beside its
pushes (testkit.crash_uploads). Meanwhile the server process group is killed with SIGKILL
after a random delay, then started again on the same database: forked from a warm zygote
(testkit.zygote: the same `serve`, without two seconds of imports), or with `--cold-restarts`
as a fresh `python -m app serve`.

After each kill, with the server down, the harness looks at the database itself: whether the
batches that were in flight had committed (killed after the commit, before the answer) or not
(killed before or during it), and on SQLite runs `PRAGMA integrity_check`. At the end every
acknowledged change must be on the server exactly once: one sync_operation row and one
revision per acknowledged op id, each record at the version and text its acknowledged changes
give it, nothing the devices did not make, and a pull from cursor 0 without duplicates.
The uploads' checks are in testkit.crash_uploads.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.pool import NullPool

from app.db import normalise_url
from testkit.crash_pushes import Device, Verdict, ops_on_server, verify
from testkit.crash_uploads import (
    FileSizes,
    Uploader,
    UploadKillReport,
    UploadVerdict,
    check_after_kill,
    shared_files,
    snapshot_in_flight,
    verify_uploads,
)
from testkit.postgres import POSTGRES_SERVER, fresh_postgres_database
from testkit.server import REQUEST_TIMEOUT_S, ServerProcess, unwind_on_sigterm
from testkit.zygote import WarmServer

# Half the kills aim at a chunk upload: a chunk is in flight for a small part of the time
# (on PostgreSQL a few milliseconds), and the issue asks for kills during chunk uploads. Such
# a kill waits for a chunk to be sent, then comes within the next 20 ms: while the body is
# read, the chunk written, committed or answered.
AIM_AT_CHUNKS = 0.5
AIM_WAIT_S = 0.5
AIM_WITHIN_S = 0.02


@dataclass
class KillReport:
    kills: int = 0
    in_flight_batches: int = 0
    committed_unanswered: int = 0
    not_committed: int = 0
    partly_committed: int = 0
    idle: int = 0
    integrity_checks: int = 0
    integrity_failures: list[str] = field(default_factory=list)
    # From the start of a restart until a push is answered again.
    restart_seconds: list[float] = field(default_factory=list)
    # Where a kill cycle's time goes: waiting for pushes to flow again after the restart,
    # the random stretch of work before the kill, the kill itself (until the process is
    # reaped), the checks of the database with the server down, the restart.
    phase_seconds: dict[str, float] = field(
        default_factory=lambda: dict.fromkeys(("flow", "work", "kill", "checks", "restart"), 0.0)
    )
    kills_during_uploads: int = 0
    uploads: UploadKillReport = field(default_factory=UploadKillReport)


def _integrity(database_file: Path) -> str:
    with sqlite3.connect(database_file) as connection:
        return str(connection.execute("PRAGMA integrity_check").fetchone()[0])


def kill_loop(
    server: ServerProcess | WarmServer,
    devices: Sequence[Device],
    uploaders: Sequence[Uploader],
    engine: Engine,
    sqlite_file: Path | None,
    kills: int,
    rng: random.Random,
    max_delay: float,
) -> KillReport:
    report = KillReport()
    phases = report.phase_seconds
    answered = sum(d.answers for d in devices)
    restarted: float | None = None
    for n in range(kills):
        # Once pushes flow again (a condition, polled: an answer since the restart began), the
        # power cut comes at a random moment. A warm restart does not wait for the server
        # apart from this: a push answered is the proof that it serves again.
        clock = time.perf_counter()
        deadline = time.monotonic() + 60
        while sum(d.answers for d in devices) <= answered and time.monotonic() < deadline:
            if isinstance(server, WarmServer):
                server.check_running()
            time.sleep(0.01)
        phases["flow"] += time.perf_counter() - clock
        if restarted is not None:
            report.restart_seconds.append(time.perf_counter() - restarted)
        clock = time.perf_counter()
        time.sleep(rng.uniform(0.0, max_delay))
        if uploaders and rng.random() < AIM_AT_CHUNKS:
            aim = time.monotonic() + AIM_WAIT_S
            while not snapshot_in_flight(uploaders) and time.monotonic() < aim:
                time.sleep(0.002)
            time.sleep(rng.uniform(0.0, AIM_WITHIN_S))
        phases["work"] += time.perf_counter() - clock
        with_batches = []
        for device in devices:
            with device.lock:
                if device.in_flight:
                    with_batches.append(list(device.in_flight))
        chunks = snapshot_in_flight(uploaders)
        clock = time.perf_counter()
        server.kill()
        phases["kill"] += time.perf_counter() - clock
        clock = time.perf_counter()
        report.kills += 1
        if chunks:
            report.kills_during_uploads += 1
        check_after_kill(engine, uploaders, chunks, report.uploads, n + 1)
        if not with_batches:
            report.idle += 1
        for batch in with_batches:
            report.in_flight_batches += 1
            # With the server down nothing can change what is in the database.
            found = ops_on_server(engine, [op.op_id for op in batch])
            if found == len(batch):
                report.committed_unanswered += 1
            elif found == 0:
                report.not_committed += 1
            else:
                report.partly_committed += 1
        if sqlite_file is not None:
            report.integrity_checks += 1
            result = _integrity(sqlite_file)
            if result != "ok":
                report.integrity_failures.append(f"after kill {n + 1}: {result}")
        phases["checks"] += time.perf_counter() - clock
        answered = sum(d.answers for d in devices)
        restarted = time.perf_counter()
        if isinstance(server, WarmServer):
            server.start(wait=False)
        else:
            server.start()
        phases["restart"] += time.perf_counter() - restarted
        if n % 20 == 19:
            print(f"  {n + 1} kills", file=sys.stderr, flush=True)
    return report


@dataclass
class UploadTotals:
    files: int
    chunks_sent: int
    megabytes_sent: float
    resumes: int
    already_there: int
    joined: int


@dataclass
class CrashResult:
    database: str
    kills: int
    devices: int
    seconds: float
    report: KillReport
    verdict: Verdict
    sends: int
    resends: int
    statuses: dict[str, int]
    errors: list[str]
    uploads: UploadTotals | None = None
    upload_verdict: UploadVerdict | None = None
    restarts: str = "warm"
    # Before the first kill (server, database, logins) and after the last (the verdicts).
    setup_seconds: float = 0.0
    verify_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        uploads_ok = self.upload_verdict is None or (
            self.upload_verdict.ok and not self.report.uploads.lost_at_kill
        )
        clean = not self.report.integrity_failures and not self.errors
        return self.verdict.ok and uploads_ok and clean

    def summary(self) -> str:
        r, v = self.report, self.verdict
        restarts = sorted(r.restart_seconds)
        median_restart = restarts[len(restarts) // 2] if restarts else 0.0
        per_kill = ", ".join(
            f"{name} {seconds / max(r.kills, 1):.2f}" for name, seconds in r.phase_seconds.items()
        )
        return (
            f"{self.database}: {r.kills} SIGKILLs in {self.seconds:.0f} s, {self.devices} devices; "
            f"in flight at the kill: {r.in_flight_batches} batches — "
            f"{r.committed_unanswered} committed but unanswered, {r.not_committed} not committed, "
            f"{r.partly_committed} partly; {r.idle} kills with nothing in flight. "
            f"{v.acknowledged_ops} acknowledged changes ({self.resends} resent pushes, statuses "
            f"{dict(self.statuses)}): missing {len(v.missing_ops)}, duplicated "
            f"{len(v.duplicate_ops)}, revision mismatches {len(v.revision_mismatches)}, record "
            f"mismatches {len(v.record_mismatches)}, pull duplicates {v.pull_duplicates}. "
            + self._uploads_summary()
            + (
                f"integrity_check ok {r.integrity_checks - len(r.integrity_failures)}/"
                f"{r.integrity_checks}. "
                if r.integrity_checks
                else ""
            )
            + f"Median restart ({self.restarts}) until pushes are answered again "
            f"{median_restart:.2f} s; per kill (s): {per_kill}; before the first kill "
            f"{self.setup_seconds:.1f} s, verdicts {self.verify_seconds:.1f} s. "
            + ("OK" if self.ok else f"FAILED: {self.errors[:3]}")
        )

    def _uploads_summary(self) -> str:
        t, u, k = self.uploads, self.upload_verdict, self.report.uploads
        if t is None or u is None:
            return ""
        return (
            f"Uploads: {t.files} files ({u.files_started} different; at their start "
            f"{t.already_there} already complete, {t.joined} begun by another device), "
            f"{t.chunks_sent} chunks sent "
            f"({t.megabytes_sent:.0f} MB), {t.resumes} resumes; {self.report.kills_during_uploads} "
            f"kills during a chunk — {k.chunks_committed_unanswered} chunks committed but "
            f"unanswered, {k.chunks_not_committed} not committed; lost at a kill "
            f"{len(k.lost_at_kill)}; {u.files_acknowledged} acknowledged complete: unfinished "
            f"{len(u.unfinished)}, incomplete {len(u.incomplete)}, hash mismatches "
            f"{len(u.hash_mismatches)}, stored twice {u.duplicate_files}, duplicate chunks "
            f"{u.duplicate_chunks}, unexpected {u.unexpected_files}. "
        )


def run_crash(
    database: str,
    kills: int,
    *,
    devices: int = 4,
    seed: int = 20261129,
    max_batch: int = 60,
    max_delay: float = 0.3,
    postgres_server: str = POSTGRES_SERVER,
    uploads: bool = True,
    sizes: FileSizes | None = None,
    upload_pause: float = 0.5,
    warm: bool = True,
) -> CrashResult:
    begun = time.perf_counter()
    rng = random.Random(seed)
    sizes = sizes or FileSizes()
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ot-crash-")))
        sqlite_file = workdir / "app.db" if database == "sqlite" else None
        url = (
            f"sqlite:///{sqlite_file}"
            if sqlite_file
            else stack.enter_context(fresh_postgres_database(postgres_server))
        )
        server: ServerProcess | WarmServer
        if warm:
            server = WarmServer(workdir, url)
            stack.callback(server.close)
        else:
            server = ServerProcess(workdir, url)
        engine = create_engine(normalise_url(url), poolclass=NullPool)
        server.start()
        stop = threading.Event()
        uploads_done = threading.Event()
        abort = threading.Event()
        phones = [
            Device(f"telefoon{n}", server.url, random.Random(rng.random()), max_batch)
            for n in range(devices)
        ]
        shared = shared_files(random.Random(rng.random()), sizes)
        uploaders = [
            Uploader(
                phone.name,
                server.url,
                phone.id,
                random.Random(rng.random()),
                shared,
                sizes,
                upload_pause,
            )
            for phone in phones
            if uploads
        ]
        threads = [threading.Thread(target=d.run, args=(stop,), daemon=True) for d in phones]
        upload_threads = [
            threading.Thread(
                target=u.run,
                args=(phone.logged_in, phone.client.cookies, uploads_done, abort),
                daemon=True,
            )
            for u, phone in zip(uploaders, phones, strict=False)
        ]
        started = time.perf_counter()
        try:
            for thread in threads + upload_threads:
                thread.start()
            setup_seconds = time.perf_counter() - begun
            report = kill_loop(
                server, phones, uploaders, engine, sqlite_file, kills, rng, max_delay
            )
            if isinstance(server, WarmServer):
                server.wait_until_ready()
            # Let every device get its last batch answered and its last file complete, then
            # stop.
            stop.set()
            uploads_done.set()
            for thread in threads + upload_threads:
                thread.join(REQUEST_TIMEOUT_S)
            seconds = time.perf_counter() - started
            verifying = time.perf_counter()
            if sqlite_file is not None:
                server.stop()
                report.integrity_checks += 1
                if (result := _integrity(sqlite_file)) != "ok":
                    report.integrity_failures.append(f"at the end: {result}")
                server.start()
            verdict = verify(engine, phones, server.url)
            upload_verdict = verify_uploads(engine, uploaders) if uploads else None
            verify_seconds = time.perf_counter() - verifying
        finally:
            stop.set()
            abort.set()
            server.stop()
            engine.dispose()
            for phone in phones:
                phone.client.close()
            for uploader in uploaders:
                uploader.client.close()
    return CrashResult(
        database=database,
        kills=kills,
        devices=devices,
        seconds=seconds,
        report=report,
        verdict=verdict,
        sends=sum(d.sends for d in phones),
        resends=sum(d.resends for d in phones),
        statuses=dict(sum((d.statuses for d in phones), Counter())),
        errors=[e for d in phones for e in d.errors][:20]
        + [e for u in uploaders for e in u.errors][:20],
        uploads=UploadTotals(
            files=sum(u.files for u in uploaders),
            chunks_sent=sum(u.chunks_sent for u in uploaders),
            megabytes_sent=sum(u.bytes_sent for u in uploaders) / 1e6,
            resumes=sum(u.resumes for u in uploaders),
            already_there=sum(u.already_there for u in uploaders),
            joined=sum(u.joined for u in uploaders),
        )
        if uploads
        else None,
        upload_verdict=upload_verdict,
        restarts="warm" if warm else "cold",
        setup_seconds=setup_seconds,
        verify_seconds=verify_seconds,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.crash", description=__doc__)
    parser.add_argument("--database", choices=("sqlite", "postgres"), action="append")
    parser.add_argument("--kills", type=int, default=200)
    parser.add_argument("--devices", type=int, default=4)
    parser.add_argument("--max-batch", type=int, default=60, help="changes per push at most")
    parser.add_argument(
        "--max-delay", type=float, default=0.3, help="seconds of pushing before a kill, at most"
    )
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--no-uploads", action="store_true", help="pushes only")
    parser.add_argument(
        "--cold-restarts",
        action="store_true",
        help="restart with a fresh `python -m app serve` instead of a fork of a warm zygote",
    )
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    args = parser.parse_args(argv)
    unwind_on_sigterm()
    results = []
    for database in args.database or ["sqlite", "postgres"]:
        print(f"{database}: {args.kills} kills …", file=sys.stderr, flush=True)
        result = run_crash(
            database,
            args.kills,
            devices=args.devices,
            seed=args.seed,
            max_batch=args.max_batch,
            max_delay=args.max_delay,
            uploads=not args.no_uploads,
            warm=not args.cold_restarts,
        )
        print(result.summary(), flush=True)
        results.append(result)
    if args.json:
        args.json.write_text(
            json.dumps(
                [
                    asdict(r)
                    | {"ok": r.ok, "summary": r.summary(), "date": datetime.now(UTC).isoformat()}
                    for r in results
                ],
                indent=2,
                default=str,
            ),
            encoding="utf-8",
        )
    return 0 if all(r.ok for r in results) else 1
