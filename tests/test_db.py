import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import OperationalError

from app.db import UnsafeDatabaseError, check_durability, create_db_engine


def test_configured_database_passes_the_durability_check(engine: Engine) -> None:
    check_durability(engine)


@pytest.mark.sqlite_only
def test_sqlite_runs_wal_full_sync_foreign_keys_and_busy_timeout(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'a.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert int(conn.exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 5000
    engine.dispose()


@pytest.mark.sqlite_only
def test_start_up_check_refuses_sqlite_without_full_sync(tmp_path: Path) -> None:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'b.db'}")

    @event.listens_for(engine, "connect")
    def weaken(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA synchronous=NORMAL")

    with pytest.raises(UnsafeDatabaseError, match="synchronous"):
        check_durability(engine)
    engine.dispose()


@pytest.mark.sqlite_only
def test_sqlite_write_transactions_take_the_write_lock_at_begin(tmp_path: Path) -> None:
    """BEGIN IMMEDIATE: a second writer waits at BEGIN instead of failing mid-transaction."""
    engine = create_db_engine(f"sqlite:///{tmp_path / 'c.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
    impatient = create_db_engine(f"sqlite:///{tmp_path / 'c.db'}")

    @event.listens_for(impatient, "connect")
    def no_wait(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA busy_timeout=0")

    with engine.connect() as first:
        first.begin()  # no statement yet: only the lock taken at BEGIN
        with impatient.connect() as second, pytest.raises(OperationalError, match="locked"):
            second.begin()
        first.rollback()
    engine.dispose()
    impatient.dispose()


@pytest.mark.sqlite_only
def test_many_processes_opening_a_fresh_sqlite_file_together_all_get_wal(
    tmp_path: Path,
) -> None:
    """Switching a new file to WAL needs it to itself, and SQLite says "database is locked"
    without waiting when another connection opens it at that moment (CI saw it when two
    instances started together). Every opener must wait its turn instead."""
    failures: list[str] = []
    for round_ in range(30):
        url = f"sqlite:///{tmp_path / f'fresh{round_}.db'}"
        engines = [create_db_engine(url) for _ in range(6)]
        barrier = threading.Barrier(len(engines))

        def open_it(engine: Engine, n: int, barrier: threading.Barrier) -> None:
            barrier.wait()
            try:
                with engine.begin() as conn:
                    conn.exec_driver_sql(f"CREATE TABLE t{n} (x INTEGER)")
                with engine.connect() as conn:
                    assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            except OperationalError as exc:
                failures.append(str(exc))

        threads = [
            threading.Thread(target=open_it, args=(e, n, barrier)) for n, e in enumerate(engines)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for engine in engines:
            engine.dispose()
    assert failures == []


def test_every_connection_talks_utc(engine: Engine) -> None:
    """The app stores and compares UTC; on PostgreSQL a server in another zone must not turn
    stored moments into its own (a far-future one then overflows)."""
    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            assert connection.exec_driver_sql("SHOW TimeZone").scalar() == "UTC"
        else:
            assert connection.exec_driver_sql("SELECT datetime('now')").scalar()
