"""Session touches with the production session factory on a real SQLite file: separate
connections compete for the write lock here, unlike in the shared-connection fixtures."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, update
from sqlmodel import Session, select

from app.auth.models import AuthSession, User
from app.config import Settings
from app.db import create_db_engine, make_session_factory
from app.main import create_app
from app.schema import upgrade_database
from tests.conftest import TEST_SECRET
from tests.factories import PASSWORD, login, make_team, make_user

# Its own SQLite file, whatever TEST_DATABASE_URL says: the PostgreSQL run leaves it out.
pytestmark = pytest.mark.sqlite_only


@dataclass
class FileApp:
    client: TestClient
    engine: Engine
    user: User


@pytest.fixture
def file_app(tmp_path: Path) -> Iterator[FileApp]:
    url = f"sqlite:///{tmp_path / 'real.db'}"
    engine = create_db_engine(url)
    upgrade_database(engine)
    factory = make_session_factory(engine)
    with factory(True) as session:
        user = make_user(session, make_team(session))
        session.commit()
    app = create_app(Settings(database_url=url, secret_key=TEST_SECRET), session_factory=factory)
    with TestClient(app) as client:
        yield FileApp(client=client, engine=engine, user=user)
    engine.dispose()


def _age_session(engine: Engine, by: timedelta) -> None:
    with Session(engine) as session:
        auth_session = session.exec(select(AuthSession)).one()
        session.execute(
            update(AuthSession)
            .where(AuthSession.id == auth_session.id)  # type: ignore[arg-type]
            .values(last_seen_at=auth_session.last_seen_at - by)
        )
        session.commit()


def _last_seen(engine: Engine) -> AuthSession:
    with Session(engine) as session:
        return session.exec(select(AuthSession)).one()


def test_stale_session_is_touched_on_a_read(file_app: FileApp) -> None:
    login(file_app.client, file_app.user, PASSWORD)
    _age_session(file_app.engine, timedelta(minutes=5))
    before = _last_seen(file_app.engine).last_seen_at
    assert file_app.client.get("/api/session").status_code == 200
    assert _last_seen(file_app.engine).last_seen_at > before + timedelta(minutes=4)


def test_stale_session_write_request_does_not_wait_on_its_own_lock(file_app: FileApp) -> None:
    login(file_app.client, file_app.user, PASSWORD)
    _age_session(file_app.engine, timedelta(minutes=5))
    response = file_app.client.delete("/api/session")
    assert response.status_code == 204
    assert _last_seen(file_app.engine).revoked_at is not None
