"""A fresh, empty PostgreSQL database for one run of a test or a benchmark, dropped after."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.pool import NullPool

from app.db import normalise_url

POSTGRES_SERVER = "postgresql://postgres@127.0.0.1:5432"
# "test" in the name: the suite refuses any other database (tests/conftest.py).
POSTGRES_DATABASE = "ontdekkingstocht_{pid}_{n}_test"
_databases = itertools.count()


def _admin(server: str) -> Engine:
    return create_engine(
        normalise_url(f"{server}/postgres"), isolation_level="AUTOCOMMIT", poolclass=NullPool
    )


@contextmanager
def fresh_postgres_database(server: str) -> Iterator[str]:
    """A new, empty PostgreSQL database for one run; dropped afterwards."""
    name = POSTGRES_DATABASE.format(pid=os.getpid(), n=next(_databases))
    admin = _admin(server)
    with admin.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        connection.execute(text(f"CREATE DATABASE {name}"))
    try:
        yield f"{server}/{name}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
