"""A login checks the password (Argon2) holding no connection and no turn to write, so a
team's pushes never wait for it; and the per-account throttle stays exact when wrong passwords
for one account are checked at the same moment (app.auth.login).

On a database of its own with the production session factory (a SQLite file, or a fresh
PostgreSQL database when the suite runs there): every request has connections of its own and
they really compete, unlike in the shared-connection fixtures. The hasher is held by a test
hook (no sleeping): the tests decide when a password check ends."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from fastapi import FastAPI
from pwdlib import PasswordHash
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from app.auth import passwords
from app.auth.models import AuthSession, LoginAttempt
from app.config import Settings
from app.db import create_db_engine, is_sqlite, make_session_factory
from app.main import create_app
from app.schema import upgrade_database
from testkit.postgres import fresh_postgres_database
from testkit.wire import conversation_with_quality
from tests.conftest import TEST_SECRET
from tests.factories import PASSWORD, make_neighbourhood, make_team, make_user

MAX_FAILURES = 3
GUESSES = 10
WAIT_S = 20  # only ever reached when the code under test is wrong
DEVICE = "00000000-0000-4000-8000-0000000000aa"
T = TypeVar("T")


def run_in_own_loop(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """asyncio.run in a thread of its own: in the full suite the browser tests' Playwright
    keeps an event loop running on the main thread, where asyncio.run refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(main())).result()


@dataclass
class OwnDatabase:
    app: FastAPI
    engine: Engine
    email: str
    buurt_id: str

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app),
            base_url="http://testserver",
            timeout=WAIT_S * 2,
        )

    def count(self, *, succeeded: bool) -> int:
        with Session(self.engine) as session:
            return session.exec(
                select(func.count())
                .select_from(LoginAttempt)
                .where(col(LoginAttempt.succeeded).is_(succeeded))
            ).one()


@pytest.fixture
def own_database(database_url: str, tmp_path: Path) -> Iterator[Callable[[int], OwnDatabase]]:
    """An app on a database of its own, with this many connections (and as many requests
    admitted at once)."""
    with ExitStack() as stack:

        def make(connections: int) -> OwnDatabase:
            if is_sqlite(database_url):
                url = f"sqlite:///{tmp_path / 'login.db'}"
            else:
                server = os.environ["TEST_DATABASE_URL"].rsplit("/", 1)[0]
                url = stack.enter_context(fresh_postgres_database(server))
            engine = create_db_engine(
                url, pool_size=connections, max_overflow=0, pool_timeout=WAIT_S
            )
            stack.callback(engine.dispose)  # before the database is dropped (LIFO)
            upgrade_database(engine)
            factory = make_session_factory(engine)
            with factory(True) as session:
                team = make_team(session)
                user = make_user(session, team)
                buurt = make_neighbourhood(session, team)
                session.commit()
                email, buurt_id = user.email, str(buurt.id)
            settings = Settings(
                database_url=url,
                secret_key=TEST_SECRET,
                login_max_failures=MAX_FAILURES,
                db_connections=connections,
            )
            app = create_app(settings, session_factory=factory)
            return OwnDatabase(app=app, engine=engine, email=email, buurt_id=buurt_id)

        yield make


class HeldHasher:
    """The suite's (cheap) hasher behind a gate: each check says it started, then waits
    until the test lets checks end."""

    def __init__(self, inner: PasswordHash) -> None:
        self.inner = inner
        self.started = threading.Semaphore(0)
        self.go_on = threading.Event()

    def verify(self, password: str, hashed: str) -> bool:
        self.started.release()
        if not self.go_on.wait(WAIT_S):
            raise AssertionError("the test never let the password check end")
        return self.inner.verify(password, hashed)

    def hash(self, password: str) -> str:
        return self.inner.hash(password)


@pytest.fixture
def held_hasher(monkeypatch: pytest.MonkeyPatch) -> HeldHasher:
    held = HeldHasher(passwords.password_hash)
    monkeypatch.setattr(passwords, "password_hash", held)
    return held


async def _wait_for(event: threading.Semaphore, n: int = 1) -> None:
    for _ in range(n):
        assert await asyncio.to_thread(event.acquire, True, WAIT_S), "no password check began"


def test_a_push_completes_while_a_login_checks_its_password(
    own_database: Callable[[int], OwnDatabase], held_hasher: HeldHasher
) -> None:
    # One connection and one request at a time: a login that kept its connection or its
    # admission while checking would leave nothing for the push.
    db = own_database(1)
    held_hasher.go_on.set()  # the phone's own login goes through

    async def scenario() -> tuple[int, int, int]:
        async with db.client() as phone, db.client() as laptop:
            first = await phone.post("/api/session", json={"email": db.email, "password": PASSWORD})
            assert first.status_code == 200, first.text
            await _wait_for(held_hasher.started)
            held_hasher.go_on.clear()
            login = asyncio.create_task(
                laptop.post("/api/session", json={"email": db.email, "password": PASSWORD})
            )
            talk, _quality = conversation_with_quality(db.buurt_id, "", 1)
            try:
                await _wait_for(held_hasher.started)  # the laptop's login checks its password
                pushed = await asyncio.wait_for(
                    phone.post("/api/sync/push", json={"device_id": DEVICE, "changes": [talk]}),
                    WAIT_S / 2,
                )
            finally:
                was_checking = not login.done()
                held_hasher.go_on.set()  # a failure too leaves no request behind
                await asyncio.wait([login])
            assert was_checking  # it was still checking while the push went through
            return pushed.status_code, (await login).status_code, len(pushed.json()["results"])

    pushed, logged_in, results = run_in_own_loop(scenario)
    assert (pushed, results) == (200, 1)
    assert logged_in == 200
    assert db.count(succeeded=True) == 2


def test_wrong_passwords_checked_together_get_exactly_the_throttles_attempts(
    own_database: Callable[[int], OwnDatabase],
    held_hasher: HeldHasher,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A connection for each guess: on PostgreSQL their writing steps really run at once.
    db = own_database(GUESSES)
    # Room for every guess to be checking its password at once, so all of them read the
    # account before any failure is written: the race the throttle must decide exactly.
    monkeypatch.setattr(passwords, "HASHING_AT_ONCE", GUESSES)
    monkeypatch.setattr(passwords, "_HASHING", threading.BoundedSemaphore(GUESSES))

    async def scenario() -> tuple[list[int], int]:
        async with db.client() as client:
            guesses = [
                asyncio.create_task(
                    client.post(
                        "/api/session", json={"email": db.email, "password": f"fout-{n}-raden"}
                    )
                )
                for n in range(GUESSES)
            ]
            try:
                await _wait_for(held_hasher.started, GUESSES)  # all read before any wrote
            finally:
                held_hasher.go_on.set()  # a failure too leaves no request behind
                answered = await asyncio.gather(*guesses, return_exceptions=True)
            answers = [a.status_code if isinstance(a, httpx.Response) else -1 for a in answered]
            right = await client.post(
                "/api/session", json={"email": db.email, "password": PASSWORD}
            )
            return answers, right.status_code

    answers, right = run_in_own_loop(scenario)
    assert sorted(answers) == [401] * MAX_FAILURES + [429] * (GUESSES - MAX_FAILURES)
    assert right == 429  # past the throttle the right password opens nothing either
    assert db.count(succeeded=False) == MAX_FAILURES
    assert db.count(succeeded=True) == 0
    with Session(db.engine) as session:
        assert session.exec(select(func.count()).select_from(AuthSession)).one() == 0


def test_a_throttled_account_is_refused_before_its_password_is_checked(
    own_database: Callable[[int], OwnDatabase], held_hasher: HeldHasher
) -> None:
    db = own_database(1)
    held_hasher.go_on.set()

    async def scenario() -> list[int]:
        async with db.client() as client:
            return [
                (
                    await client.post(
                        "/api/session", json={"email": db.email, "password": f"fout-{n}-raden"}
                    )
                ).status_code
                for n in range(MAX_FAILURES + 2)
            ]

    answers = run_in_own_loop(scenario)
    assert answers == [401] * MAX_FAILURES + [429, 429]
    checked = 0
    while held_hasher.started.acquire(blocking=False):
        checked += 1
    assert checked == MAX_FAILURES  # no Argon2 spent on a throttled account
