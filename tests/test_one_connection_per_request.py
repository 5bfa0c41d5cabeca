"""Every request needs one pooled connection, never two: a request that holds one and waits
for another can exhaust the pool under load (each request holding one, all waiting). Proven
with a pool of exactly one connection on a real SQLite file, where waiting fails fast."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.db import create_db_engine, make_session_factory
from app.demo.seed import DEMO_PASSWORD, DEMO_USERS, seed_demo
from app.main import create_app
from app.schema import upgrade_database
from tests.conftest import TEST_SECRET

# Its own SQLite file, whatever TEST_DATABASE_URL says: the PostgreSQL run leaves it out.
pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def one_connection(tmp_path: Path) -> Iterator[TestClient]:
    url = f"sqlite:///{tmp_path / 'one.db'}"
    engine = create_db_engine(url, pool_size=1, max_overflow=0, pool_timeout=2)
    upgrade_database(engine)
    factory = make_session_factory(engine)
    with factory(True) as session:
        seed_demo(session)
        session.commit()
    app = create_app(Settings(database_url=url, secret_key=TEST_SECRET), session_factory=factory)
    with TestClient(app) as client:
        yield client
    engine.dispose()


def test_reading_requests_that_write_use_their_own_connection(one_connection: TestClient) -> None:
    client = one_connection
    coordinator = DEMO_USERS[0]
    login = client.post(
        "/api/session", json={"email": coordinator.email, "password": DEMO_PASSWORD}
    )
    assert login.status_code == 200, login.text
    device = {"X-Device-Id": "7b0c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d"}
    # A pull notes the device (a write) in the middle of a read.
    pull = client.get("/api/sync/pull", headers=device)
    assert pull.status_code == 200, pull.text
    person = next(c for c in pull.json()["changes"] if c["entity"] == "person")
    # Audited reads: a profile view and a download.
    assert client.get(f"/bewoners/{person['id']}").status_code == 200
    assert client.get("/overzicht.xlsx").status_code == 200
    assert client.get("/account/tweestaps").status_code == 200
