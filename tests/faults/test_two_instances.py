"""The scale-out path: two app processes on one database (PostgreSQL in the PostgreSQL suite,
one SQLite file in the SQLite suite). Phones push through instance A while others pull
through instance B at the same time: every pushed record reaches every puller, once per
version, and in the order it was acknowledged."""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, text

from app.attachments.files import CHUNK_SIZE
from app.db import create_db_engine
from app.demo.seed import DEMO_PASSWORD, DEMO_USERS
from app.schema import upgrade_database
from testkit.files import recording, sha256
from testkit.postgres import fresh_postgres_database
from testkit.server import ServerProcess

WRITERS = 3
BATCHES = 25
BATCH_SIZE = 20
READERS = 2


@pytest.fixture(scope="module")
def two_instances(
    database_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    tmp_path = tmp_path_factory.mktemp("two")
    with ExitStack() as stack:
        if database_url.startswith("sqlite"):
            url = f"sqlite:///{tmp_path / 'shared.db'}"
        else:
            server = os.environ["TEST_DATABASE_URL"].rsplit("/", 1)[0]
            url = stack.enter_context(fresh_postgres_database(server))
        a = ServerProcess(tmp_path / "a", url)
        b = ServerProcess(tmp_path / "b", url)
        a.start()  # migrates and seeds the demo team
        stack.callback(a.stop)
        b.start()
        stack.callback(b.stop)
        yield a.url, b.url


@contextmanager
def _client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=60, trust_env=False) as client:
        user = DEMO_USERS[0]
        body = {"email": user.email, "password": DEMO_PASSWORD}
        answer = client.post("/api/session", json=body)
        if answer.status_code != 200:
            raise RuntimeError(f"login: {answer.status_code} {answer.text[:200]}")
        yield client


class Writer(threading.Thread):
    def __init__(self, base_url: str, name: str) -> None:
        super().__init__(daemon=True)
        self.base_url = base_url
        self.device_id = str(uuid.uuid4())
        self.label = name
        # Record ids in the order their batches were acknowledged.
        self.acked: list[list[str]] = []
        self.failure: str | None = None

    def run(self) -> None:
        try:
            self.push_all()
        except Exception as exc:
            self.failure = repr(exc)

    def push_all(self) -> None:
        with _client(self.base_url) as client:
            for batch in range(BATCHES):
                ids = [str(uuid.uuid4()) for _ in range(BATCH_SIZE)]
                changes = [
                    {
                        "op_id": str(uuid.uuid4()),
                        "entity": "follow_up",
                        "id": record_id,
                        "base_version": None,
                        "deleted": False,
                        "fields": {"what": f"{self.label} batch {batch}"},
                    }
                    for record_id in ids
                ]
                answer = client.post(
                    "/api/sync/push", json={"device_id": self.device_id, "changes": changes}
                )
                if answer.status_code != 200:
                    self.failure = f"{answer.status_code}: {answer.text[:300]}"
                    return
                statuses = {r["status"] for r in answer.json()["results"]}
                if statuses != {"applied"}:
                    self.failure = f"not applied: {statuses}"
                    return
                self.acked.append(ids)


class Reader(threading.Thread):
    def __init__(self, base_url: str, writers_done: threading.Event) -> None:
        super().__init__(daemon=True)
        self.base_url = base_url
        self.writers_done = writers_done
        self.seen: list[dict[str, Any]] = []
        self.cursors: list[int] = []
        self.failure: str | None = None

    def pull_all(self, client: httpx.Client, cursor: str | None) -> str | None:
        while True:
            params: dict[str, Any] = {"limit": 200}
            if cursor is not None:
                params["cursor"] = cursor
            answer = client.get("/api/sync/pull", params=params)
            if answer.status_code != 200:
                self.failure = f"{answer.status_code}: {answer.text[:300]}"
                return cursor
            body = answer.json()
            self.seen += body["changes"]
            cursor = str(body["cursor"])
            self.cursors.append(int(cursor))
            if not body["more"]:
                return cursor

    def run(self) -> None:
        try:
            self.follow()
        except Exception as exc:
            self.failure = repr(exc)

    def follow(self) -> None:
        with _client(self.base_url) as client:
            cursor: str | None = None
            while not self.writers_done.is_set() and self.failure is None:
                cursor = self.pull_all(client, cursor)
            # Once every push was answered: one last pull picks up the rest.
            self.pull_all(client, cursor)


def test_push_through_one_instance_pull_through_the_other(
    two_instances: tuple[str, str],
) -> None:
    url_a, url_b = two_instances
    done = threading.Event()
    writers = [Writer(url_a, f"telefoon {n}") for n in range(WRITERS)]
    readers = [Reader(url_b, done) for _ in range(READERS)]
    for thread in [*readers, *writers]:
        thread.start()
    for writer in writers:
        writer.join(timeout=300)
    done.set()
    for reader in readers:
        reader.join(timeout=300)

    assert [w.failure for w in writers] == [None] * WRITERS
    assert [r.failure for r in readers] == [None] * READERS
    for reader in readers:
        assert reader.cursors == sorted(reader.cursors), "the cursor never goes back"
        follow_ups = [c for c in reader.seen if c["entity"] == "follow_up"]
        positions: dict[str, int] = {}
        for position, change in enumerate(follow_ups):
            assert change["id"] not in positions, "each version arrives once"
            positions[change["id"]] = position
        assert len(reader.seen) > 0
        for writer in writers:
            pushed = [record_id for batch in writer.acked for record_id in batch]
            assert len(pushed) == BATCHES * BATCH_SIZE
            missing = [record_id for record_id in pushed if record_id not in positions]
            assert not missing, f"{len(missing)} of {writer.label}'s records never arrived"
            # A batch acknowledged after another arrives after it.
            last_of_batch = [max(positions[r] for r in batch) for batch in writer.acked]
            first_of_batch = [min(positions[r] for r in batch) for batch in writer.acked]
            for earlier, later in zip(last_of_batch, first_of_batch[1:], strict=False):
                assert earlier < later, "a later push arrived before an earlier one"


def test_a_file_sent_through_both_instances_is_served_by_either(
    two_instances: tuple[str, str],
) -> None:
    """A phone behind a load balancer: its chunks land on either instance, and either serves
    the file — the bytes live in the database, no disk is shared."""
    url_a, url_b = two_instances
    data = recording(2 * CHUNK_SIZE + 4321, seed=11)
    with _client(url_a) as a, _client(url_b) as b:
        digest = sha256(data)
        started = a.post(
            "/api/files", json={"sha256": digest, "size": len(data), "media_type": "audio/webm"}
        )
        assert started.status_code == 200, started.text
        for position, client in enumerate((b, a, b)):
            chunk = data[position * CHUNK_SIZE : (position + 1) * CHUNK_SIZE]
            sent = client.put(
                f"/api/files/{digest}/chunks/{position}",
                content=chunk,
                headers={"content-type": "application/octet-stream"},
            )
            assert sent.status_code == 200, sent.text
        assert b.post(f"/api/files/{digest}/complete").json()["complete"] is True
        talk = a.get("/api/sync/pull", params={"limit": 500}).json()["changes"]
        conversation_id = next(c["id"] for c in talk if c["entity"] == "conversation")
        memo_id = str(uuid.uuid4())
        pushed = b.post(
            "/api/sync/push",
            json={
                "device_id": str(uuid.uuid4()),
                "changes": [
                    {
                        "op_id": str(uuid.uuid4()),
                        "entity": "attachment",
                        "id": memo_id,
                        "base_version": None,
                        "deleted": False,
                        "fields": {
                            "conversation_id": conversation_id,
                            "kind": "voice",
                            "sha256": digest,
                            "media_type": "audio/webm",
                            "size": len(data),
                        },
                    }
                ],
            },
        )
        assert pushed.json()["results"][0]["status"] == "applied", pushed.text
        assert a.get(f"/bestanden/{memo_id}").content == data
        assert b.get(f"/bestanden/{memo_id}").content == data


def test_instances_starting_together_migrate_one_after_the_other(
    database_url: str, tmp_path: Path
) -> None:
    with ExitStack() as stack:
        if database_url.startswith("sqlite"):
            url = f"sqlite:///{tmp_path / 'fresh.db'}"
        else:
            server = os.environ["TEST_DATABASE_URL"].rsplit("/", 1)[0]
            url = stack.enter_context(fresh_postgres_database(server))
        engines = [create_db_engine(url) for _ in range(3)]
        failures: list[str] = []

        def migrate(engine: Engine) -> None:
            try:
                upgrade_database(engine)
            except Exception as exc:  # reported by the test, not lost in a thread
                failures.append(repr(exc))

        threads = [threading.Thread(target=migrate, args=(e,)) for e in engines]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        for engine in engines:
            engine.dispose()
        assert failures == []
        check = create_db_engine(url)
        with check.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        check.dispose()
        assert len(versions) == 1
