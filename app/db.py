"""Database engines, sessions and the durability rules every deployment must meet.

SQLite (the embedded default) runs in WAL mode with ``synchronous=FULL`` so an acknowledged
commit survives power loss, and write transactions start with ``BEGIN IMMEDIATE`` so a read
that later writes can never fail with "database is locked". PostgreSQL is reached through
psycopg 3.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import Depends, Request
from sqlalchemy import DateTime, Engine, MetaData, create_engine, event, text
from sqlalchemy.engine import Connection, Dialect
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.pool import ConnectionPoolEntry
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, SQLModel

from app.admission import DatabaseAdmission

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
# Set before any table is declared, so every constraint gets a stable, predictable name that
# migrations on both databases can refer to.
SQLModel.metadata.naming_convention = NAMING_CONVENTION
metadata: MetaData = SQLModel.metadata

# How long a writer waits for SQLite's write lock before "database is locked". Writers queue
# here when many phones push at once (bench/load.py: with 10 s, 50 devices syncing every 5 s
# on two shared cores got 13 such errors in 3 minutes); a slow answer beats a failed one.
SQLITE_BUSY_TIMEOUT_MS = 30_000
READ_ONLY_OPTION = "ontdekkingstocht_read_only"
T = TypeVar("T")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on both databases (SQLite keeps no offset itself)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; give a timezone")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class UnsafeDatabaseError(RuntimeError):
    """The database is configured in a way that could lose acknowledged data."""


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def normalise_url(url: str) -> str:
    # A bare postgresql:// URL would pick psycopg2; we ship psycopg 3.
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.removeprefix("postgres://")
    return url


def _sqlite_on_connect(dbapi_connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself instead of pysqlite's implicit one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    _enable_wal(cursor)
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _enable_wal(cursor: Any) -> None:
    """WAL is a property of the file: once set it stays. Switching a fresh file to it needs the
    file to itself, and SQLite answers "database is locked" at once (no busy wait) when other
    connections are opening it at the same moment, so processes starting together take turns."""
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _sqlite_on_begin(conn: Connection) -> None:
    if conn.get_execution_options().get(READ_ONLY_OPTION):
        conn.exec_driver_sql("BEGIN")
    else:
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def create_db_engine(url: str, **kwargs: Any) -> Engine:
    url = normalise_url(url)
    if is_sqlite(url):
        database = url.split("///", 1)[-1]
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
            **kwargs,
        )
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    # Sessions in UTC, whatever the server's own time zone: the app stores and compares UTC,
    # and a far-future moment (9999-12-31 23:30 UTC) overflows when the server converts it
    # to a zone ahead of UTC.
    return create_engine(
        url, pool_pre_ping=True, connect_args={"options": "-c timezone=UTC"}, **kwargs
    )


def check_durability(engine: Engine) -> None:
    """Refuse to start on settings that could drop an acknowledged sync."""
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":
            journal = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            synchronous = conn.exec_driver_sql("PRAGMA synchronous").scalar()
            foreign_keys = conn.exec_driver_sql("PRAGMA foreign_keys").scalar()
            busy = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
            problems = []
            if str(journal).lower() != "wal":
                problems.append(f"journal_mode={journal} (wal vereist)")
            if synchronous is None or int(synchronous) < 2:
                problems.append(f"synchronous={synchronous} (FULL vereist)")
            if foreign_keys != 1:
                problems.append("foreign_keys staat uit")
            if busy is None or int(busy) < 5000:
                problems.append(f"busy_timeout={busy} (minstens 5000)")
        elif engine.dialect.name == "postgresql":
            problems = []
            for setting, safe in (
                ("fsync", {"on"}),
                ("synchronous_commit", {"on", "remote_apply", "remote_write", "local"}),
                ("full_page_writes", {"on"}),
            ):
                value = conn.execute(text(f"SHOW {setting}")).scalar()
                if value not in safe:
                    problems.append(f"{setting}={value}")
        else:
            problems = [f"database {engine.dialect.name} wordt niet ondersteund"]
    if problems:
        raise UnsafeDatabaseError("Onveilige database-instellingen: " + ", ".join(problems))


def write_from_here(session: Session) -> None:
    """In a reading request (whose transaction is read-only): end the read transaction and go
    on in a writing one (BEGIN IMMEDIATE on SQLite), on the same connection."""
    session.commit()
    session.connection(execution_options={READ_ONLY_OPTION: False})


def serialise_on(session: Session, key: str) -> None:
    """Make concurrent transactions that name the same key run one after the other.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: write transactions already start
    with BEGIN IMMEDIATE, which serialises every writer.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:key))"), {"key": key})


SessionFactory = Callable[[bool], Session]


def make_session_factory(engine: Engine) -> SessionFactory:
    read_engine = engine.execution_options(**{READ_ONLY_OPTION: True})

    def open_session(write: bool) -> Session:
        return Session(engine if write else read_engine, expire_on_commit=False)

    return open_session


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@asynccontextmanager
async def _admitted_session(request: Request, *, write: bool) -> AsyncIterator[Session]:
    factory: SessionFactory = request.app.state.session_factory
    admission: DatabaseAdmission = request.app.state.db_admission
    async with admission.admit(write=write):  # or AdmissionTimeoutError: a 503 (app.errors)
        session = factory(write)
        try:
            yield session
        finally:
            with anyio.CancelScope(shield=True):  # a client gone away still gives it back
                await anyio.to_thread.run_sync(session.close)


def _refuse_second_admission(request: Request) -> None:
    # A second admission inside a first would wait for its own turn for ever (a dependency
    # declared without scope="function" is cached apart): refuse it loudly instead.
    if getattr(request.state, "db_admitted", False):
        raise RuntimeError("two admissions at once in one request: use SessionDep or steps")


async def get_session(request: Request) -> AsyncIterator[Session]:
    """A session per request, once the request is admitted (app.admission); reads use a
    deferred transaction, everything else writes. Closed as soon as the endpoint returns, so a
    slow phone receiving the answer holds no connection and no turn to write."""
    _refuse_second_admission(request)
    request.state.db_admitted = True
    async with _admitted_session(request, write=request.method not in SAFE_METHODS) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


class DatabaseSteps:
    """For a request with slow work between its reads and its writes (a login: Argon2, most
    of a second): each step is admitted on its own, as a reader or as a writer, and runs in a
    worker thread with a session of its own, committed or not by the step itself. Between
    steps the request holds no connection, no transaction and no turn to write."""

    def __init__(self, request: Request) -> None:
        self._request = request

    async def read(self, step: Callable[[Session], T]) -> T:
        return await self._run(step, write=False)

    async def write(self, step: Callable[[Session], T]) -> T:
        return await self._run(step, write=True)

    async def _run(self, step: Callable[[Session], T], *, write: bool) -> T:
        request = self._request
        _refuse_second_admission(request)
        request.state.db_admitted = True
        try:
            async with _admitted_session(request, write=write) as session:
                return await anyio.to_thread.run_sync(step, session)
        finally:
            request.state.db_admitted = False


def get_database_steps(request: Request) -> DatabaseSteps:
    return DatabaseSteps(request)


DatabaseStepsDep = Annotated[DatabaseSteps, Depends(get_database_steps)]
