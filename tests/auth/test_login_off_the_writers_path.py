"""A login checks the password (Argon2, most of a second on a phone-server) before it takes a
turn to write, so it never holds up the team's pushes; and the per-account throttle stays
exact when wrong passwords for one account arrive all at once. Against a database of its own
with real connections (SQLite file or a fresh PostgreSQL database), not the suite's shared one."""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Iterator
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlmodel import Session, col, select

from app.auth import passwords
from app.auth.models import LoginAttempt, User
from app.config import Settings
from app.db import create_db_engine, make_session_factory
from app.main import create_app
from app.schema import upgrade_database
from testkit.postgres import fresh_postgres_database
from testkit.wire import conversation_with_quality
from tests.conftest import TEST_SECRET
from tests.factories import PASSWORD, make_neighbourhood, make_team, make_user

MAX_FAILURES = 3
GUESSES = 10


@pytest.fixture
def own_database(database_url: str, tmp_path: Path) -> Iterator[tuple[FastAPI, Any, User]]:
    with ExitStack() as stack:
        if database_url.startswith("sqlite"):
            url = f"sqlite:///{tmp_path / 'login.db'}"
        else:
            server = os.environ["TEST_DATABASE_URL"].rsplit("/", 1)[0]
            url = stack.enter_context(fresh_postgres_database(server))
        engine = create_db_engine(url)
        stack.callback(engine.dispose)
        upgrade_database(engine)
        factory = make_session_factory(engine)
        with factory(True) as session:
            team = make_team(session)
            user = make_user(session, team)
            buurt = make_neighbourhood(session, team)
            session.commit()
            buurt_id = buurt.id
        settings = Settings(
            database_url=url, secret_key=TEST_SECRET, login_max_failures=MAX_FAILURES
        )
        app = create_app(settings, session_factory=factory)
        app.state.buurt_id = buurt_id
        yield app, engine, user


def _client(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver", timeout=30
    )


def test_a_push_goes_on_while_a_login_is_hashing(
    own_database: tuple[FastAPI, Any, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, _engine, user = own_database
    hashing, release = threading.Event(), threading.Event()
    real_verify = passwords.verify_password

    def slow_verify(password: str, hashed: str | None) -> bool:
        hashing.set()
        assert release.wait(20), "the push never finished while the login was hashing"
        return real_verify(password, hashed)

    async def scenario() -> tuple[int, int]:
        async with _client(app) as phone, _client(app) as other:
            first = await phone.post(
                "/api/session", json={"email": user.email, "password": PASSWORD}
            )
            assert first.status_code == 200
            monkeypatch.setattr("app.auth.service.verify_password", slow_verify)
            login = asyncio.create_task(
                other.post("/api/session", json={"email": user.email, "password": PASSWORD})
            )
            while not hashing.is_set():
                await asyncio.sleep(0.01)
            talk, _quality = conversation_with_quality(str(app.state.buurt_id), "", 1)
            pushed = await phone.post(
                "/api/sync/push",
                json={"device_id": "00000000-0000-4000-8000-0000000000aa", "changes": [talk]},
            )
            release.set()
            return pushed.status_code, (await login).status_code

    pushed, logged_in = asyncio.run(scenario())
    assert pushed == 200
    assert logged_in == 200


def test_wrong_passwords_at_once_for_one_account_are_counted_exactly(
    own_database: tuple[FastAPI, Any, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, engine, user = own_database
    # All guesses are in the hashing step together before any of them writes.
    arrived = threading.Barrier(GUESSES, timeout=10)
    real_verify = passwords.verify_password

    def together(password: str, hashed: str | None) -> bool:
        with suppress(threading.BrokenBarrierError):
            arrived.wait()
        return real_verify(password, hashed)

    monkeypatch.setattr("app.auth.service.verify_password", together)
    monkeypatch.setattr(passwords, "_HASHING", threading.BoundedSemaphore(GUESSES))
    limiter_tokens = GUESSES + 20

    async def scenario() -> list[int]:
        import anyio.to_thread

        anyio.to_thread.current_default_thread_limiter().total_tokens = limiter_tokens
        async with _client(app) as client:
            answers = await asyncio.gather(
                *(
                    client.post(
                        "/api/session", json={"email": user.email, "password": f"fout-{n}-xxxxxx"}
                    )
                    for n in range(GUESSES)
                )
            )
            right = await client.post(
                "/api/session", json={"email": user.email, "password": PASSWORD}
            )
            return [a.status_code for a in answers] + [right.status_code]

    codes = asyncio.run(scenario())
    guesses, right = codes[:-1], codes[-1]
    assert sorted(guesses) == [401] * MAX_FAILURES + [429] * (GUESSES - MAX_FAILURES)
    assert right == 429  # the throttle holds for the right password too
    with Session(engine) as session:
        failures = session.exec(
            select(LoginAttempt).where(col(LoginAttempt.succeeded).is_(False))
        ).all()
    assert len(failures) == MAX_FAILURES
