"""The crash harness's pushes: devices that push batches of new follow-ups and edits of
acknowledged ones, resending an unanswered batch unchanged (same op ids) until it is answered,
as the PWA's outbox does; and the verdict on what the server holds afterwards: every
acknowledged change exactly once (one sync_operation row and one revision per acknowledged op
id), each record at the version and text its acknowledged changes give it, nothing the devices
did not make, and a pull from cursor 0 without duplicates.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import Engine, Uuid, bindparam, text

from app.demo.seed import DEMO_PASSWORD, DEMO_USERS
from testkit.server import REQUEST_TIMEOUT_S
from testkit.wire import pull

ACKNOWLEDGED = frozenset({"applied", "duplicate", "merged"})
RETRY_PAUSE_S = 0.05


@dataclass
class Op:
    op_id: uuid.UUID
    record_id: uuid.UUID
    base_version: int | None
    what: str

    def wire(self) -> dict[str, Any]:
        return {
            "op_id": str(self.op_id),
            "entity": "follow_up",
            "id": str(self.record_id),
            "base_version": self.base_version,
            "deleted": False,
            "fields": {"what": self.what},
        }


@dataclass
class Record:
    version: int
    what: str
    edits_acked: int = 0


@dataclass
class Device:
    """One phone: an outbox of one batch at a time, resent until answered."""

    name: str
    base_url: str
    rng: random.Random
    max_batch: int
    id: uuid.UUID = field(default_factory=uuid.uuid4)
    records: dict[uuid.UUID, Record] = field(default_factory=dict)
    acked: dict[uuid.UUID, Op] = field(default_factory=dict)
    in_flight: list[Op] = field(default_factory=list)
    sends: int = 0
    resends: int = 0
    answers: int = 0
    statuses: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    logged_in: threading.Event = field(default_factory=threading.Event)
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(
            base_url=self.base_url, timeout=REQUEST_TIMEOUT_S, trust_env=False
        )

    def log_in(self, stop: threading.Event) -> None:
        user = DEMO_USERS[0]
        while not stop.is_set():
            try:
                answer = self.client.post(
                    "/api/session", json={"email": user.email, "password": DEMO_PASSWORD}
                )
            except httpx.TransportError:
                time.sleep(RETRY_PAUSE_S)
                continue
            if answer.status_code == 200:
                self.logged_in.set()
                return
            time.sleep(RETRY_PAUSE_S)

    def next_batch(self) -> list[Op]:
        size = self.rng.randint(1, self.max_batch)
        editable = list(self.records)
        self.rng.shuffle(editable)
        ops = []
        for _n in range(size):
            op_id = uuid.uuid4()
            if editable and self.rng.random() < 0.3:
                # An edit of an acknowledged record (at most one per record and batch), with
                # a text of its own so every edit really changes the record.
                rid = editable.pop()
                record = self.records[rid]
                what = f"{record.what.split(' ·')[0]} · bewerkt {op_id.hex[:8]}"
                ops.append(Op(op_id, rid, record.version, what))
            else:
                rid = uuid.uuid4()
                ops.append(Op(op_id, rid, None, f"Terugbellen {self.name} {rid.hex[:8]}"))
        return ops

    def run(self, stop: threading.Event) -> None:
        self.log_in(stop)
        while not stop.is_set():
            batch = self.next_batch()
            with self.lock:
                self.in_flight = batch
            self.deliver(batch, stop)
            with self.lock:
                self.in_flight = []

    def deliver(self, batch: list[Op], stop: threading.Event) -> None:
        """Send until answered; only an answer takes a change out of the outbox."""
        body = {"device_id": str(self.id), "changes": [op.wire() for op in batch]}
        first = True
        while True:
            if not first:
                self.resends += 1
            first = False
            self.sends += 1
            try:
                answer = self.client.post("/api/sync/push", json=body)
            except httpx.TransportError:
                if stop.is_set() and not self.server_up():
                    return  # the run is over and the server gone: the batch stays unsent
                time.sleep(RETRY_PAUSE_S)
                continue
            if answer.status_code == 401:
                self.log_in(stop)
                continue
            if answer.status_code >= 500:
                self.errors.append(f"{answer.status_code}: {answer.text[:200]}")
                time.sleep(RETRY_PAUSE_S)
                continue
            if answer.status_code != 200:
                self.errors.append(f"{answer.status_code}: {answer.text[:200]}")
                return
            self.settle(batch, answer.json()["results"])
            self.answers += 1
            return

    def server_up(self) -> bool:
        try:
            self.client.get("/login", timeout=1.0)
        except httpx.TransportError:
            return False
        return True

    def settle(self, batch: list[Op], results: list[dict[str, Any]]) -> None:
        for op, result in zip(batch, results, strict=True):
            status = str(result["status"])
            self.statuses[status] += 1
            if status not in ACKNOWLEDGED:
                self.errors.append(f"{op.op_id}: {status} {result.get('reason')}")
                continue
            version = int(result["version"])
            self.acked[op.op_id] = op
            record = self.records.get(op.record_id)
            if record is None:
                self.records[op.record_id] = Record(version, op.what)
            else:
                record.version = max(record.version, version)
                record.what = op.what
                record.edits_acked += 1


def ops_on_server(engine: Engine, op_ids: Sequence[uuid.UUID]) -> int:
    query = text("SELECT COUNT(*) FROM sync_operation WHERE op_id IN :ids").bindparams(
        bindparam("ids", expanding=True, type_=Uuid())
    )
    with engine.connect() as connection:
        return int(connection.execute(query, {"ids": list(op_ids)}).scalar_one())


def _uuid(value: Any) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


@dataclass
class Verdict:
    acknowledged_ops: int
    records: int
    missing_ops: list[str]
    duplicate_ops: list[str]
    revision_mismatches: list[str]
    record_mismatches: list[str]
    unexpected_ops: int
    pull_duplicates: int
    pull_missing: int

    @property
    def ok(self) -> bool:
        return not (
            self.missing_ops
            or self.duplicate_ops
            or self.revision_mismatches
            or self.record_mismatches
            or self.unexpected_ops
            or self.pull_duplicates
            or self.pull_missing
        )


def verify(engine: Engine, devices: Sequence[Device], base_url: str) -> Verdict:
    acked = {op_id: op for d in devices for op_id, op in d.acked.items()}
    records = {rid: r for d in devices for rid, r in d.records.items()}
    device_ids = [d.id for d in devices]
    with engine.connect() as connection:
        op_rows = Counter(
            _uuid(row[0])
            for row in connection.execute(
                text("SELECT op_id FROM sync_operation WHERE device_id IN :ids").bindparams(
                    bindparam("ids", expanding=True, type_=Uuid())
                ),
                {"ids": device_ids},
            )
        )
        revision_rows = Counter(
            _uuid(row[0])
            for row in connection.execute(
                text("SELECT op_id FROM revision WHERE entity = 'follow_up' AND op_id IS NOT NULL")
            )
        )
        stored = {
            _uuid(row[0]): (int(row[1]), str(row[2]))
            for row in connection.execute(text("SELECT id, version, what FROM follow_up"))
        }
    missing = [str(o) for o in acked if op_rows[o] == 0]
    duplicate = [str(o) for o, n in op_rows.items() if n > 1]
    made = {o for d in devices for o in d.acked} | {op.op_id for d in devices for op in d.in_flight}
    unexpected = sum(1 for o in op_rows if o not in made)
    revision_mismatches = [
        f"{o}: {revision_rows[o]} revisions" for o in acked if revision_rows[o] != 1
    ]
    record_mismatches = []
    for rid, record in records.items():
        on_server = stored.get(rid)
        if on_server is None:
            record_mismatches.append(f"{rid}: missing")
        elif on_server[1] != record.what or on_server[0] != record.version:
            record_mismatches.append(f"{rid}: server {on_server}, device {record}")
    with httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT_S, trust_env=False) as client:
        user = DEMO_USERS[0]
        client.post("/api/session", json={"email": user.email, "password": DEMO_PASSWORD})
        pulled = pull(client).changes
    ids = Counter(str(c["id"]) for c in pulled if c["entity"] == "follow_up")
    pull_duplicates = sum(1 for n in ids.values() if n > 1)
    pull_missing = sum(1 for rid in records if ids[str(rid)] == 0)
    return Verdict(
        acknowledged_ops=len(acked),
        records=len(records),
        missing_ops=missing[:10],
        duplicate_ops=duplicate[:10],
        revision_mismatches=revision_mismatches[:10],
        record_mismatches=record_mismatches[:10],
        unexpected_ops=unexpected,
        pull_duplicates=pull_duplicates,
        pull_missing=pull_missing,
    )
