"""`python -m bench.names`: what keeping roepnamen from the team costs a page
(app.people.sharing), side by side in one process on the demo team.

Two demo teams: one with half its named bewoners without `share_in_team` (the coordinator who
reads is no keeper of theirs), one with every name shared (nothing hidden: the common case).
Each page of each is requested with the rule as the app runs and with it taken out (no
viewer's text filter, no hidden names: the page as before the rule), in turn, request by
request. Printed: the median of `--runs` requests each way and their ratio on the same data."""

from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

import app.auth.dependencies as auth_dependencies
import app.people.sharing as sharing
from app.config import Settings
from app.db import create_db_engine
from app.demo.seed import DEMO_PASSWORD, DEMO_USERS, seed_demo
from app.main import create_app
from app.people.models import Consent
from app.schema import upgrade_database

PAGES = ("/tocht", "/tocht?q=koken", "/weekoverleg", "/bewoners", "/overzicht")
SHARING = ("share_in_team", "name_in_overview")


def _demo(path: Path, *, keep_half: bool) -> str:
    url = f"sqlite:///{path}"
    engine = create_db_engine(url)
    upgrade_database(engine)
    with Session(engine) as session:
        seed_demo(session)
        session.commit()
        if keep_half:
            current = session.exec(select(Consent).where(col(Consent.withdrawn_at).is_(None)))
            for n, consent in enumerate(current.all()):
                if n % 2 == 0:
                    consent.scopes = [s for s in consent.scopes if s not in SHARING]
                    session.add(consent)
            session.commit()
    engine.dispose()
    return url


def _client(url: str) -> TestClient:
    app = create_app(Settings(database_url=url, secret_key="b" * 40))
    client = TestClient(app)
    client.__enter__()
    page = client.get("/login").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    coordinator = next(u for u in DEMO_USERS if u.role.value == "coordinator")
    answer = client.post(
        "/login",
        data={"csrf_token": token.group(1), "email": coordinator.email, "password": DEMO_PASSWORD},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.status_code
    return client


@contextmanager
def _filter_off() -> Iterator[None]:
    page_text, hidden = auth_dependencies.__dict__["page_text"], sharing.__dict__["_hidden"]
    setattr(auth_dependencies, "page_text", lambda _session, _team: None)  # noqa: B010
    setattr(sharing, "_hidden", lambda *_args, **_kwargs: {})  # noqa: B010
    try:
        yield
    finally:
        setattr(auth_dependencies, "page_text", page_text)  # noqa: B010
        setattr(sharing, "_hidden", hidden)  # noqa: B010


def _medians(client: TestClient, path: str, runs: int) -> tuple[float, float]:
    """The page with the rule and without it, request by request in turn, so whatever else
    the machine does slows both alike."""
    on: list[float] = []
    off: list[float] = []
    for n in range(runs + 1):
        for times, patched in ((on, False), (off, True)):
            with _filter_off() if patched else nullcontext():
                start = time.perf_counter()
                answer = client.get(path)
                elapsed = time.perf_counter() - start
            assert answer.status_code == 200, (path, answer.status_code)
            if n:  # the first of each is a warm-up: templates compiled, caches filled
                times.append(elapsed)
    return statistics.median(on), statistics.median(off)


Row = tuple[str, float, float, float, float]  # page; half kept: on, off; none kept: on, off


def measure(runs: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        kept = _client(_demo(Path(tmp) / "kept.db", keep_half=True))
        shared = _client(_demo(Path(tmp) / "shared.db", keep_half=False))
        rows = [
            (path, *_medians(kept, path, runs), *_medians(shared, path, runs)) for path in PAGES
        ]
        for client in (kept, shared):
            client.__exit__(None, None, None)
        return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=25, help="requests per page and way")
    args = parser.parse_args(argv)
    rows = measure(args.runs)
    print("median of", args.runs, "requests; ratio = with the rule ÷ filter off, same data")
    print(f"{'page':16} {'half the names kept':>30} {'every name shared':>30}")
    for path, kept_on, kept_off, shared_on, shared_off in rows:
        print(
            f"{path:16} {_ms(kept_on)} / {_ms(kept_off)} = {kept_on / kept_off:.2f}×"
            f"   {_ms(shared_on)} / {_ms(shared_off)} = {shared_on / shared_off:.2f}×"
        )
    return 0


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:5.1f} ms"


if __name__ == "__main__":
    raise SystemExit(main())
