"""A simulated offline-first device and a server that can crash and restart, for the sync
state machine (tests/sync/test_state_machine.py). The device follows DESIGN.md §4: records get
client-made UUIDs, every change goes to an outbox first, a change leaves the outbox only on
applied / duplicate / merged, and a rejected change is kept in a "needs attention" list.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx2
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlmodel import Session

from app.db import SessionFactory, create_db_engine, make_session_factory

Key = tuple[str, uuid.UUID]
Fields = dict[str, Any]
Fetch = Callable[[str | None, int], dict[str, Any]]
ACKNOWLEDGED = frozenset({"applied", "duplicate", "merged"})


class ServerCrash(RuntimeError):
    """The server process dies after doing the work of a request, just before its commit."""


def _crash(session: Session) -> None:
    # Savepoints fire the session's commit events too; only the real commit crashes.
    if not session.in_nested_transaction():
        raise ServerCrash("the server died before the commit")


class Server:
    """The database outlives the server process. A restart throws away the engine with every
    pooled connection and opens a new one on the same database; only committed data stays."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = create_db_engine(url)
        self._factory: SessionFactory = make_session_factory(self.engine)
        self.crash_before_next_commit = False

    def open_session(self, write: bool) -> Session:
        """The app's session factory; the next writing request can be made to crash."""
        session = self._factory(write)
        if write and self.crash_before_next_commit:
            self.crash_before_next_commit = False
            event.listen(session, "before_commit", _crash)
        return session

    def restart(self) -> None:
        self.engine.dispose()
        self.engine = create_db_engine(self.url)
        self._factory = make_session_factory(self.engine)

    def close(self) -> None:
        self.engine.dispose()


@dataclass(frozen=True)
class Change:
    """One entry of the outbox, exactly as it goes over the wire."""

    op_id: uuid.UUID
    entity: str
    id: uuid.UUID
    base_version: int | None
    deleted: bool
    fields: Fields | None

    @property
    def key(self) -> Key:
        return (self.entity, self.id)

    @property
    def is_create(self) -> bool:
        return self.base_version is None and not self.deleted and self.fields is not None

    def wire(self) -> dict[str, Any]:
        return {
            "op_id": str(self.op_id),
            "entity": self.entity,
            "id": str(self.id),
            "base_version": self.base_version,
            "deleted": self.deleted,
            "fields": self.fields,
        }


@dataclass
class Copy:
    """The server's state of one record, as this device last pulled it."""

    version: int
    deleted: bool
    fields: Fields | None


@dataclass
class Device:
    name: str
    user_id: uuid.UUID
    client: TestClient
    cookie: str  # the Cookie header of this device's login
    # How many changes a pull asks for at a time (small pages exercise the paging).
    page_size: int = 500
    # How a page of pull is fetched: (cursor, limit) -> the JSON body. Default: over HTTP.
    fetch: Fetch | None = None
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    # What pull delivered.
    copy: dict[Key, Copy] = field(default_factory=dict)
    # Records this device knows of, pulled or made here, in order of first appearance (so
    # that choices among them replay the same way).
    known: dict[Key, None] = field(default_factory=dict)
    outbox: list[Change] = field(default_factory=list)
    attention: list[tuple[Change, str]] = field(default_factory=list)  # refused, with reason
    acked: dict[uuid.UUID, tuple[str, int]] = field(default_factory=dict)
    # The newest version the server confirmed per record, by pull or by push answer.
    server_version: dict[Key, int] = field(default_factory=dict)
    made: list[Change] = field(default_factory=list)  # every change the user made here
    cursor: str | None = None

    # ------------------------------------------------------------------ offline

    def save(self, change: Change) -> None:
        """Saving never waits for the network: straight into the outbox."""
        self.made.append(change)
        self.outbox.append(change)
        self.known.setdefault(change.key, None)

    def base_version(self, key: Key) -> int | None:
        return self.server_version.get(key)

    def is_live(self, key: Key) -> bool:
        """Whether the user sees this record: the pulled state with unsent changes on top."""
        copy = self.copy.get(key)
        if copy is not None and copy.deleted:
            return False  # the server said it is gone, whatever is still unsent
        live = copy is not None
        unsent = {c.op_id for c in self.outbox} | {c.op_id for c, _ in self.attention}
        for change in self.made:
            if change.key == key and change.op_id in unsent:
                live = not change.deleted
        return live

    def live_keys(self, entities: frozenset[str]) -> list[Key]:
        return [k for k in self.known if k[0] in entities and self.is_live(k)]

    # ------------------------------------------------------------------ push

    def send(self, batch: list[Change]) -> httpx2.Response:
        return self.client.post(
            "/api/sync/push",
            json={"device_id": str(self.id), "changes": [c.wire() for c in batch]},
            headers={"cookie": self.cookie},
        )

    def settle(self, batch: list[Change], results: list[dict[str, Any]]) -> None:
        """Applied / duplicate / merged leave the outbox; rejected is kept for the user."""
        for change, result in zip(batch, results, strict=True):
            if change.op_id not in {c.op_id for c in self.outbox}:
                continue  # settled by an earlier answer (a duplicate delivery)
            self.outbox.remove(change)
            status, version = result["status"], result["version"]
            if status == "rejected":
                self.attention.append((change, str(result["reason"])))
                continue
            assert status in ACKNOWLEDGED, result
            assert isinstance(version, int), result
            self.acked[change.op_id] = (status, version)
            self.server_version[change.key] = max(version, self.server_version.get(change.key, 0))

    # ------------------------------------------------------------------ pull

    def fetch_over_http(self, cursor: str | None, limit: int) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": limit}
        if cursor is not None:
            params["cursor"] = cursor
        response = self.client.get("/api/sync/pull", params=params, headers={"cookie": self.cookie})
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def pull(self, limit: int | None = None, pages: int | None = None) -> None:
        """Pull page after page until there is no more (or `pages` pages came in)."""
        fetch = self.fetch or self.fetch_over_http
        done = 0
        while True:
            body = fetch(self.cursor, limit or self.page_size)
            for change in body["changes"]:
                self.receive(change)
            cursor = str(body["cursor"])
            assert self.cursor is None or int(cursor) >= int(self.cursor), (self.cursor, body)
            self.cursor = cursor
            done += 1
            if not body["more"] or (pages is not None and done >= pages):
                return

    def receive(self, change: dict[str, Any]) -> None:
        key: Key = (change["entity"], uuid.UUID(change["id"]))
        version, deleted, fields = change["version"], change["deleted"], change["fields"]
        before = self.copy.get(key)
        if before is not None:
            # No record goes back in time. One that left this user's scope (delivered as
            # deleted) may come back with a newer version; that nothing the server deleted
            # comes back is checked against the server (SyncMachine.converged).
            assert not before.deleted or deleted or version > before.version, (
                f"{self.name}: {key} came back: {change}"
            )
            assert version >= before.version, f"{self.name}: {key} went back: {before} {change}"
        assert deleted == (fields is None), change
        self.copy[key] = Copy(version=version, deleted=deleted, fields=fields)
        self.known.setdefault(key, None)
        self.server_version[key] = max(version, self.server_version.get(key, 0))
