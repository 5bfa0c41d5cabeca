"""One engine per run with the schema built by the migrations; every test runs inside a
transaction that is rolled back, so tests never share state and can assert exact counts.

SQLite (a fresh file) by default; set TEST_DATABASE_URL to a PostgreSQL database whose name
contains "test" to run the same suite there, e.g.
TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/ontdekkingstocht_test make test
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import Connection, Engine, create_engine, text
from sqlmodel import Session

from app.auth import passwords
from app.config import Environment, Settings
from app.db import SessionFactory, create_db_engine, is_sqlite, normalise_url
from app.main import create_app
from app.schema import upgrade_database

TEST_SECRET = "test-secret-key-that-is-long-enough"


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    # CI sets FAIL_ON_SKIP: a skipped test there is a missing install step, not a pass.
    if not os.environ.get("FAIL_ON_SKIP"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter is not None else 0
    if skipped:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter is not None:
            reporter.write_line(f"FAIL_ON_SKIP: {skipped} test(s) were skipped", red=True)


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashing() -> Iterator[None]:
    """Argon2id with the smallest cost in this process: the suite makes and logs in over a
    thousand accounts, and the production cost (64 MB, ~0.4 s a hash) measured 2.5 s a test.
    The hashing code runs as it is, only cheaper; the real server of the browser tests and the
    benchmarks keep the production cost."""
    cheap = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1),))
    saved = passwords.password_hash, passwords._DUMMY_HASH
    passwords.password_hash = cheap
    passwords._DUMMY_HASH = cheap.hash("not-a-real-password-just-for-timing")
    yield
    passwords.password_hash, passwords._DUMMY_HASH = saved


def pytest_report_header() -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    return f"database: {url.split('@')[-1] if url else 'SQLite (fresh temporary file)'}"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    url = normalise_url(url)
    server, name = url.rsplit("/", 1)
    if "test" not in name:
        pytest.exit("TEST_DATABASE_URL must name a database with 'test' in its name", 2)
    admin = create_engine(f"{server}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name})
        if exists.first() is None:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url


def _reset_postgres(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def engine(database_url: str) -> Iterator[Engine]:
    engine = create_db_engine(database_url)
    if not is_sqlite(database_url):
        _reset_postgres(engine)
    upgrade_database(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def dialect(engine: Engine) -> str:
    return engine.dialect.name


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with engine.connect() as conn:
        outer = conn.begin()
        try:
            yield conn
        finally:
            outer.rollback()


@pytest.fixture
def session_factory(connection: Connection) -> SessionFactory:
    # Writers get a savepoint their commit releases; readers join without one, so a write
    # made by a separate session meanwhile (as the session touch does) is not rolled back
    # when the reader closes. Everything is undone with the outer transaction.
    def open_session(write: bool) -> Session:
        return Session(
            bind=connection,
            join_transaction_mode="create_savepoint" if write else "rollback_only",
            expire_on_commit=False,
        )

    return open_session


@pytest.fixture
def session(session_factory: SessionFactory) -> Iterator[Session]:
    with session_factory(True) as session:
        yield session


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, secret_key=TEST_SECRET)


@pytest.fixture
def app(settings: Settings, session_factory: SessionFactory) -> FastAPI:
    return create_app(settings, session_factory=session_factory)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture
def production_settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, secret_key=TEST_SECRET, env=Environment.production)


@pytest.fixture
def artifacts_dir() -> Path:
    path = Path(__file__).resolve().parent.parent / "artifacts"
    path.mkdir(exist_ok=True)
    return path
