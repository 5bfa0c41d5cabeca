"""`python -m bench.profile_push`: where the time of a push goes, without HTTP in the way.

Runs what the push route runs (session lookup, PushIn validation, register_device,
push_changes, commit) in this process against a fresh, demo-seeded SQLite file: once plainly,
counting the SQL statements per change, and once under cProfile, printing the functions that
cost the most. Not part of `make bench`: a tool for when the
push ratio in bench/RESULTS.md is bad.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event
from sqlmodel import Session

from app.auth.service import authenticate, resolve_session
from app.config import Settings
from app.db import check_durability, create_db_engine
from app.demo.seed import DEMO_PASSWORD, DEMO_USERS, seed_demo
from app.devices.service import register_device
from app.schema import upgrade_database
from app.sync.push import push_changes
from app.sync.schemas import PushIn
from bench.bench_sync import Payload, follow_up_payloads, make_follow_ups

TABLE_AFTER = {"SELECT": "FROM", "DELETE": "FROM", "INSERT": "INTO", "UPDATE": "UPDATE"}


def _statement_kind(statement: str) -> str:
    """`UPDATE change_counter`, `SELECT sync_operation`, `SAVEPOINT`, …"""
    verb = statement.split(None, 1)[0].upper() if statement.strip() else "?"
    keyword = TABLE_AFTER.get(verb)
    table = re.search(rf"\b{keyword}\s+(\w+)", statement, re.I) if keyword else None
    return f"{verb} {table.group(1)}" if table else verb


def _counting(statements: Counter[str]) -> Callable[..., None]:
    """An engine listener counting statements by verb and table."""

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements[_statement_kind(statement)] += 1

    return count


def _push_all(
    engine: Engine,
    settings: Settings,
    token: str,
    bodies: Sequence[Payload],
    profiler: cProfile.Profile | None = None,
) -> float:
    """What the push route does per request, minus HTTP and JSON; returns the seconds taken."""
    start = time.perf_counter()
    if profiler is not None:
        profiler.enable()
    try:
        for body in bodies:
            with Session(engine, expire_on_commit=False) as session:
                principal = resolve_session(session, settings, token)
                if principal is None:
                    raise RuntimeError("the demo session is gone")
                push = PushIn.model_validate(body)
                device = register_device(session, principal, push.device_id)
                push_changes(session, principal, device, push.changes)
                session.commit()
    finally:
        if profiler is not None:
            profiler.disable()
    return time.perf_counter() - start


def _payloads(args: argparse.Namespace) -> list[Payload]:
    # Fresh ids every time: a second pass must create, not be answered "duplicate".
    return follow_up_payloads(make_follow_ups(args.changes), args.batch)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_push", description=__doc__)
    parser.add_argument("--changes", type=int, default=2_000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="tottime", choices=("tottime", "cumulative"))
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="ontdekkingstocht-profile-") as tmp:
        settings = Settings(database_url=f"sqlite:///{Path(tmp) / 'app.db'}")
        engine = create_db_engine(settings.database_url)
        try:
            upgrade_database(engine)
            check_durability(engine)
            with Session(engine, expire_on_commit=False) as session:
                seed_demo(session)
                token, _principal = authenticate(
                    session, settings, email=DEMO_USERS[0].email, password=DEMO_PASSWORD
                )
                session.commit()
            # One batch first, so compiled-statement caches are warm as in a running server.
            _push_all(
                engine, settings, token, follow_up_payloads(make_follow_ups(args.batch), args.batch)
            )
            statements: Counter[str] = Counter()
            listener = _counting(statements)
            event.listen(engine, "before_cursor_execute", listener)
            plain = _push_all(engine, settings, token, _payloads(args))
            event.remove(engine, "before_cursor_execute", listener)
            profiler = cProfile.Profile()
            profiled = _push_all(engine, settings, token, _payloads(args), profiler)
        finally:
            engine.dispose()

    print(
        f"{args.changes:,} follow_ups in batches of {args.batch}, no HTTP: "
        f"{plain:.2f} s ({plain / args.changes * 1000:.2f} ms a change); "
        f"again under the profiler: {profiled:.2f} s"
    )
    print(f"SQL statements a change: {sum(statements.values()) / args.changes:.1f}")
    for kind, count in statements.most_common():
        print(f"  {count / args.changes:5.2f}  {kind}")
    print()
    pstats.Stats(profiler).strip_dirs().sort_stats(args.sort).print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
