"""Running the Alembic migrations from code (CLI, start-up, tests)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, text

from app.config import PROJECT_ROOT


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.attributes["configure_logger"] = False
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade_database(engine: Engine) -> None:
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Instances starting together migrate one after the other: the second finds the
            # schema at head and does nothing. (SQLite: BEGIN IMMEDIATE already serialises.)
            connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('alembic-upgrade'))"))
        command.upgrade(alembic_config(connection), "head")
