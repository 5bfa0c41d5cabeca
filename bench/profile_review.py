"""`python -m bench.profile_review`: the weekoverleg at two sizes, every discovery open, with
each SQL statement's time, so a query that grows with the open items shows itself.

Uses the Tocht benchmark's generated teams (bench.bench_journey.generate)."""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event

from bench.bench_journey import Team, generate, logged_in


@contextmanager
def statement_times(engine: Engine) -> Iterator[dict[str, list[float]]]:
    times: dict[str, list[float]] = defaultdict(list)

    def before(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        conn.info.setdefault("started", []).append(time.perf_counter())

    def after(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        started = conn.info["started"].pop()
        # Named by what follows the column list: the table and the conditions.
        text = " ".join(statement.split())
        head, _sep, rest = text.partition(" FROM ")
        times[f"{head[:30]}… FROM {rest}"[:200]].append(time.perf_counter() - started)

    event.listen(engine, "before_cursor_execute", before)
    event.listen(engine, "after_cursor_execute", after)
    try:
        yield times
    finally:
        event.remove(engine, "before_cursor_execute", before)
        event.remove(engine, "after_cursor_execute", after)


def profile(team: Team, runs: int, path: str) -> tuple[float, dict[str, float]]:
    with logged_in(team) as client:
        assert client.get(path).status_code == 200
        totals: list[float] = []
        with statement_times(team.engine) as times:
            for _ in range(runs):
                start = time.perf_counter()
                response = client.get(path)
                totals.append(time.perf_counter() - start)
                assert response.status_code == 200, response.text[:200]
    per_query = {sql: sum(t) / runs for sql, t in times.items()}
    return sorted(totals)[runs // 2], per_query


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_review", description=__doc__)
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--top", type=int, default=12)
    parser.add_argument("--path", default="/weekoverleg")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = []
        for size in (args.small, args.large):
            team = generate(Path(tmp) / f"review-{size}.db", size, max(30, size * 3 // 10))
            try:
                results.append(profile(team, args.runs, args.path))
            finally:
                team.engine.dispose()
    (small, small_sql), (large, large_sql) = results
    print(
        f"{args.path}: {large * 1000:.0f} ms at {args.large:,} vs {small * 1000:.0f} ms at "
        f"{args.small:,} = {large / small:.2f}"
    )
    for sql, spent in sorted(large_sql.items(), key=lambda item: -item[1])[: args.top]:
        print(f"{spent * 1000:8.1f} ms  (small {small_sql.get(sql, 0) * 1000:6.1f})  {sql}")


if __name__ == "__main__":
    main()
