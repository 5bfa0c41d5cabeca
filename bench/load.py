"""Many devices at once: simulated phones push and pull against the real server while a few
people browse the Tocht and the weekoverleg.

`python -m bench.load --database sqlite --devices 50 --seconds 180` (one uvicorn worker) and
`--database postgres --devices 200 --workers 4`. Each device logs in, then syncs at random
intervals (mean `--interval` seconds): a push of one to five new conversations, each with a
discovery (as a phone sends a saved gesprek), then a pull from its own cursor, page by page.
The browsing people open /tocht, search it and open /weekoverleg.

Reported per endpoint: requests, p50/p95/p99 latency, errors (5xx and transport errors), and
the server's log checked for "database is locked"; the server's memory (RSS of all its
processes) is sampled every second. One event loop drives all clients: on a small machine it
shares the cores with the server, which the report states.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import Session

from app.auth.service import create_user
from app.db import create_db_engine
from app.demo.seed import DEMO_PASSWORD, DEMO_TEAM, DEMO_USERS
from app.teams.models import Role
from app.teams.service import create_neighbourhood, create_team, get_team_by_name
from testkit.postgres import POSTGRES_SERVER, fresh_postgres_database
from testkit.server import ServerProcess, unwind_on_sigterm
from testkit.wire import WireChange, conversation_with_quality

BROWSE_PATHS = ("/tocht", "/tocht?q=fietsen", "/weekoverleg")


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    changes_pushed: int = 0
    changes_pulled: int = 0

    def record(self, endpoint: str, seconds: float, status: int | None, detail: str = "") -> None:
        self.latencies[endpoint].append(seconds)
        if status is None or status >= 500:
            self.errors[endpoint].append(f"{status}: {detail[:160]}")


def _percentile(values: Sequence[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


@dataclass(frozen=True)
class EndpointReport:
    endpoint: str
    requests: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int


async def _timed(
    stats: Stats, endpoint: str, client: httpx.AsyncClient, method: str, url: str, **kw: Any
) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        response = await client.request(method, url, **kw)
    except httpx.TransportError as exc:
        stats.record(endpoint, time.perf_counter() - started, None, repr(exc))
        return None
    stats.record(endpoint, time.perf_counter() - started, response.status_code, response.text)
    return response


def _email(n: int) -> str:
    """Device n's own buurtwerker (a phone each, as in a real team)."""
    return f"telefoon{n}@buurtteam-oost.nl"


def add_people(database_url: str, devices: int, teams: int) -> None:
    """A buurtwerker per device, spread over the demo team and `teams - 1` more (each with a
    buurt): a deployment serves many teams, each ordered by its own change counter."""
    engine = create_db_engine(database_url)
    try:
        with Session(engine) as session:
            all_teams = [get_team_by_name(session, DEMO_TEAM)]
            for k in range(1, teams):
                team = create_team(session, name=f"Belastingteam {k}")
                create_neighbourhood(session, team, name="Oosterpark")
                all_teams.append(team)
            for n in range(devices):
                create_user(
                    session,
                    all_teams[n % teams],
                    email=_email(n),
                    name=f"Buurtwerker {n}",
                    password=DEMO_PASSWORD,
                    role=Role.worker,
                )
            session.commit()
    finally:
        engine.dispose()


async def _log_in(client: httpx.AsyncClient, email: str, stats: Stats) -> dict[str, Any]:
    body = {"email": email, "password": DEMO_PASSWORD}
    for _attempt in range(20):
        response = await _timed(
            stats, "POST /api/session (warm-up)", client, "POST", "/api/session", json=body
        )
        if response is not None and response.status_code == 200:
            data: dict[str, Any] = response.json()
            return data
        await asyncio.sleep(0.5)
    raise RuntimeError("a device could not log in")


async def _pull(
    client: httpx.AsyncClient,
    cursor: str | None,
    stats: Stats,
    endpoint: str = "GET /api/sync/pull",
    keep: list[dict[str, Any]] | None = None,
) -> str | None:
    for _page in range(1000):
        params: dict[str, Any] = {"limit": 500}
        if cursor is not None:
            params["cursor"] = cursor
        response = await _timed(stats, endpoint, client, "GET", "/api/sync/pull", params=params)
        if response is None or response.status_code != 200:
            return cursor
        body = response.json()
        stats.changes_pulled += len(body["changes"])
        if keep is not None:
            keep += body["changes"]
        cursor = str(body["cursor"])
        if not body["more"]:
            return cursor
    return cursor


@dataclass
class Start:
    """Phones stay logged in for weeks: every device logs in first (a warm-up, reported as
    its own row), then the measured window opens for all at once."""

    logged_in: int = 0
    until: float = 0.0
    go: asyncio.Event = field(default_factory=asyncio.Event)


async def device(
    n: int, base_url: str, start: Start, interval: float, rng: random.Random, stats: Stats
) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=120, trust_env=False) as client:
        await asyncio.sleep(rng.uniform(0, interval))  # phones do not all start at once
        session = await _log_in(client, _email(n), stats)
        start.logged_in += 1
        await start.go.wait()
        until = start.until
        device_id = str(uuid.uuid4())
        headers = {"X-Device-Id": device_id}
        client.headers.update(headers)
        neighbourhood_id = str(session["neighbourhoods"][0]["id"])
        # The first sync of a new phone fetches everything; counted apart from the rest.
        first: list[dict[str, Any]] = []
        cursor = None
        for _attempt in range(20):  # a first pull that fails is tried again, as a phone would
            cursor = await _pull(client, None, stats, "GET /api/sync/pull (first)", first)
            if first:
                break
            await asyncio.sleep(0.5)
        theme_id = next(
            str(c["id"])
            for c in first
            if c["entity"] == "theme" and not c["fields"]["is_special_category"]
        )
        made = 0
        while time.monotonic() < until:
            await asyncio.sleep(
                min(rng.expovariate(1 / interval), max(0, until - time.monotonic()))
            )
            changes: list[WireChange] = []
            for _c in range(rng.randint(1, 5)):
                made += 1
                changes += conversation_with_quality(neighbourhood_id, theme_id, made)
            response = await _timed(
                stats,
                "POST /api/sync/push",
                client,
                "POST",
                "/api/sync/push",
                json={"device_id": device_id, "changes": changes},
            )
            if response is not None and response.status_code == 200:
                stats.changes_pushed += len(changes)
            cursor = await _pull(client, cursor, stats)


async def browser(n: int, base_url: str, until: float, rng: random.Random, stats: Stats) -> None:
    async with httpx.AsyncClient(base_url=base_url, timeout=120, trust_env=False) as client:
        await _log_in(client, DEMO_USERS[n % len(DEMO_USERS)].email, stats)
        while time.monotonic() < until:
            path = rng.choice(BROWSE_PATHS)
            name = "GET /tocht?q=…" if "?q=" in path else f"GET {path}"
            await _timed(stats, name, client, "GET", path)
            await asyncio.sleep(min(rng.uniform(0.5, 2.0), max(0, until - time.monotonic())))


def _rss_kb(root_pid: int) -> int:
    """Resident memory of the server and every process below it (uvicorn's workers)."""
    total = 0
    pids = [root_pid]
    seen = set()
    while pids:
        pid = pids.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
        pids += [int(c) for c in children]
    return total


@dataclass
class LoadResult:
    database: str
    devices: int
    browsers: int
    workers: int
    teams: int
    seconds: float
    endpoints: list[EndpointReport]
    changes_pushed: int
    changes_pulled: int
    database_locked: int
    server_errors: int
    memory_mb: list[float]
    error_samples: list[str]
    # The exception lines in the server's log, most frequent first, with their counts.
    log_errors: list[str]

    def summary(self) -> str:
        lines = [
            f"{self.database}: {self.devices} devices in {self.teams} team(s) + "
            f"{self.browsers} people browsing, "
            f"{self.workers} worker(s), {self.seconds:.0f} s; {self.changes_pushed} changes "
            f"pushed, {self.changes_pulled} pulled; 5xx/transport errors {self.server_errors}, "
            f"'database is locked' {self.database_locked}; server memory MB "
            f"start {self.memory_mb[0]:.0f}, peak {max(self.memory_mb):.0f}, "
            f"end {self.memory_mb[-1]:.0f}",
        ]
        lines += [f"  server log: {line}" for line in self.log_errors]
        lines += [f"  error: {sample}" for sample in self.error_samples[:5]]
        for e in self.endpoints:
            lines.append(
                f"  {e.endpoint:<22} {e.requests:>6}  p50 {e.p50_ms:7.1f} ms  "
                f"p95 {e.p95_ms:7.1f} ms  p99 {e.p99_ms:7.1f} ms  errors {e.errors}"
            )
        return "\n".join(lines)


def run_load(
    database: str,
    *,
    devices: int,
    seconds: float,
    workers: int = 1,
    browsers: int = 3,
    interval: float = 5.0,
    seed: int = 20261129,
    postgres_server: str = POSTGRES_SERVER,
    teams: int = 1,
    keep_log: Path | None = None,
    db_connections: int | None = None,
) -> LoadResult:
    rng = random.Random(seed)
    stats = Stats()
    with ExitStack() as stack:
        workdir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="ot-load-")))
        url = (
            None
            if database == "sqlite"
            else stack.enter_context(fresh_postgres_database(postgres_server))
        )
        server = ServerProcess(workdir, url, workers=workers)
        extra = {} if db_connections is None else {"db_connections": str(db_connections)}
        server.start(**extra)  # migrates and seeds the demo team
        add_people(server.database_url, devices, teams)
        memory: list[float] = []
        sampling = threading.Event()

        def sample() -> None:
            while not sampling.is_set():
                memory.append(_rss_kb(server.pid) / 1024)
                sampling.wait(1.0)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()

        async def everyone() -> None:
            start = Start()
            phones = [
                asyncio.ensure_future(
                    device(n, server.url, start, interval, random.Random(rng.random()), stats)
                )
                for n in range(devices)
            ]
            while start.logged_in < devices and not any(p.done() for p in phones):
                await asyncio.sleep(0.1)  # polling a condition: every phone logged in
            start.until = time.monotonic() + seconds
            start.go.set()
            people = [
                browser(n, server.url, start.until, random.Random(rng.random()), stats)
                for n in range(browsers)
            ]
            await asyncio.gather(*phones, *people)

        started = time.perf_counter()
        try:
            asyncio.run(everyone())
        finally:
            elapsed = time.perf_counter() - started
            sampling.set()
            sampler.join()
            server.stop()
            if keep_log is not None:
                shutil.copy(server.log_path, keep_log)
        log = server.log_path.read_text(encoding="utf-8", errors="replace")
    endpoints = [
        EndpointReport(
            endpoint=name,
            requests=len(values),
            p50_ms=statistics.median(values) * 1000,
            p95_ms=_percentile(values, 0.95) * 1000,
            p99_ms=_percentile(values, 0.99) * 1000,
            errors=len(stats.errors.get(name, [])),
        )
        for name, values in sorted(stats.latencies.items())
    ]
    return LoadResult(
        database=database,
        devices=devices,
        browsers=browsers,
        workers=workers,
        teams=teams,
        seconds=elapsed,
        endpoints=endpoints,
        changes_pushed=stats.changes_pushed,
        changes_pulled=stats.changes_pulled,
        database_locked=log.lower().count("database is locked"),
        server_errors=sum(len(v) for v in stats.errors.values()),
        memory_mb=memory or [0.0],
        error_samples=[e for v in stats.errors.values() for e in v][:10],
        log_errors=[
            f"{count}× {line}"
            for line, count in Counter(
                line.strip()[:200]
                for line in log.splitlines()
                if re.match(r"^[\w.]+(Error|Exception|Timeout)\b", line.strip())
            ).most_common(10)
        ],
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--browsers", type=int, default=3)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--teams", type=int, default=1, help="devices spread over this many")
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--interval", type=float, default=5.0, help="mean seconds between syncs")
    parser.add_argument("--json", type=Path, help="add the result to this JSON file")
    parser.add_argument("--keep-log", type=Path, help="copy the server's log here")
    parser.add_argument("--db-connections", type=int, help="the server's APP_DB_CONNECTIONS")
    args = parser.parse_args(argv)
    unwind_on_sigterm()
    result = run_load(
        args.database,
        devices=args.devices,
        seconds=args.seconds,
        workers=args.workers,
        browsers=args.browsers,
        interval=args.interval,
        teams=args.teams,
        keep_log=args.keep_log,
        db_connections=args.db_connections,
    )
    print(result.summary())
    if args.json:
        previous = json.loads(args.json.read_text()) if args.json.exists() else {}
        previous[args.database] = asdict(result) | {"date": datetime.now(UTC).isoformat()}
        args.json.write_text(json.dumps(previous, indent=2), encoding="utf-8")
    return 0 if result.server_errors == 0 and result.database_locked == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
