"""Many phones pushing at once never stall the server (app.admission).

Each sync dependency and the endpoint run as separate calls in anyio's 40 worker threads. With
more writing requests than threads, the threads filled up with pushes waiting for SQLite's write
lock, while the push that held it waited for a thread to go on: every waiter failed after the
busy timeout ("database is locked", a 500). The load run (bench/load.py) found it; here it is
with the busy timeout cut to 3 s so a stall fails fast instead of waiting 30 s."""

import asyncio
import uuid
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import app.admission
import app.db
from app.admission import AdmissionTimeoutError, DatabaseAdmission
from app.config import Settings
from app.db import create_db_engine, make_session_factory
from app.demo.seed import DEMO_PASSWORD, DEMO_USERS, seed_demo
from app.main import create_app
from app.schema import upgrade_database
from testkit.wire import conversation_with_quality
from tests.conftest import TEST_SECRET

# Its own SQLite file, whatever TEST_DATABASE_URL says: the PostgreSQL run leaves it out.
pytestmark = pytest.mark.sqlite_only

PHONES = 80  # twice anyio's default number of worker threads
T = TypeVar("T")


def run_in_own_loop(main: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """asyncio.run in a thread of its own: in the full suite the browser tests' Playwright
    keeps an event loop running on the main thread, where asyncio.run refuses to start."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(main())).result()


@pytest.fixture
def busy_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FastAPI]:
    monkeypatch.setattr(app.db, "SQLITE_BUSY_TIMEOUT_MS", 3000)
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    # A pool as big as the crowd: what is tested is the waiting, not a small pool.
    engine = create_db_engine(url, pool_size=PHONES, max_overflow=0)
    upgrade_database(engine)
    factory = make_session_factory(engine)
    with factory(True) as session:
        seed_demo(session)
        session.commit()
    yield create_app(Settings(database_url=url, secret_key=TEST_SECRET), session_factory=factory)
    engine.dispose()


def test_a_crowd_of_phones_pushing_at_once_all_get_their_answer(busy_app: FastAPI) -> None:
    with TestClient(busy_app) as client:
        login = client.post(
            "/api/session", json={"email": DEMO_USERS[1].email, "password": DEMO_PASSWORD}
        )
        assert login.status_code == 200, login.text
        neighbourhood_id = str(login.json()["neighbourhoods"][0]["id"])
        pulled = client.get("/api/sync/pull").json()["changes"]
        theme_id = next(
            str(c["id"])
            for c in pulled
            if c["entity"] == "theme" and not c["fields"]["is_special_category"]
        )
        cookies = dict(client.cookies)

    async def crowd() -> list[int]:
        transport = httpx.ASGITransport(app=busy_app)
        async with httpx.AsyncClient(
            transport=transport, base_url="http://testserver", cookies=cookies, timeout=60
        ) as phones:

            async def push(n: int) -> int:
                body = {
                    "device_id": str(uuid.uuid4()),
                    "changes": list(conversation_with_quality(neighbourhood_id, theme_id, n)),
                }
                response = await phones.post("/api/sync/push", json=body)
                return response.status_code

            return await asyncio.gather(*(push(n) for n in range(PHONES)))

    statuses = run_in_own_loop(crowd)
    assert statuses == [200] * PHONES


def test_a_request_that_waits_too_long_for_its_turn_gets_503_and_when_to_retry(
    busy_app: FastAPI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app.admission, "WAIT_AT_MOST_S", 0.2)
    admission: DatabaseAdmission = busy_app.state.db_admission

    async def while_every_turn_is_taken() -> tuple[httpx.Response, httpx.Response]:
        transport = httpx.ASGITransport(app=busy_app)
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
            async with AsyncExitStack() as taken:
                for _ in range(admission.connections):
                    await taken.enter_async_context(admission.admit(write=False))
                busy = await c.get("/api/sync/pull")
            after = await c.get("/api/sync/pull")  # turns given back: on as usual
            return busy, after

    busy, after = run_in_own_loop(while_every_turn_is_taken)
    assert busy.status_code == 503
    assert busy.headers["retry-after"] == "30"
    assert "druk" in busy.json()["detail"]
    assert after.status_code == 401  # not logged in: admitted, answered


def test_a_writer_that_gives_up_waiting_leaves_the_turns_as_they_were(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app.admission, "WAIT_AT_MOST_S", 0.1)
    admission = DatabaseAdmission(2, one_writer=True)

    async def scenario() -> None:
        async with admission.admit(write=True):
            with pytest.raises(AdmissionTimeoutError):
                async with admission.admit(write=True):
                    pass
            async with admission.admit(write=False):  # a reader still gets the other slot
                pass
        async with admission.admit(write=True), admission.admit(write=False):
            pass

    run_in_own_loop(scenario)
