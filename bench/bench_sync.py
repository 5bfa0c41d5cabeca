"""Sync through the real HTTP endpoints, side by side with plain SQLAlchemy Core on the same
SQLite schema and engine settings (WAL, synchronous=FULL, one transaction per batch).

Both sides get exactly the same rows (ids, texts, owners); only the way they are written
differs. Building payloads and rows is kept outside the timed part on both sides.
"""

from __future__ import annotations

import secrets
import statistics
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar

import httpx
from sqlalchemy import Engine, Table, insert
from sqlmodel import Session, SQLModel, col, select

from app.auth.service import create_user
from app.changes.models import ChangeCounter
from app.db import READ_ONLY_OPTION, check_durability, create_db_engine, utcnow
from app.schema import upgrade_database
from app.teams.models import Role, Theme
from app.teams.service import create_neighbourhood, create_team
from testkit.wire import MAX_PULL_PAGES, pull

T = TypeVar("T")
Payload = dict[str, Any]


@dataclass(frozen=True)
class Run:
    """One timed pass: how many rows (or changes) and how long each batch took."""

    rows: int
    batch_seconds: tuple[float, ...]

    @property
    def seconds(self) -> float:
        return sum(self.batch_seconds)

    @property
    def rate(self) -> float:
        return self.rows / self.seconds

    @property
    def median_batch(self) -> float:
        return statistics.median(self.batch_seconds)

    @property
    def p95_batch(self) -> float:
        ordered = sorted(self.batch_seconds)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def median_run(runs: Sequence[Run]) -> Run:
    ordered = sorted(runs, key=lambda run: run.seconds)
    return ordered[len(ordered) // 2]


def batched(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def table(name: str) -> Table:
    return SQLModel.metadata.tables[name]


# ------------------------------------------------------------------------------ the rows


@dataclass(frozen=True)
class NewFollowUp:
    op_id: uuid.UUID
    record_id: uuid.UUID
    what: str


@dataclass(frozen=True)
class NewConversation:
    """A gesprek and the one ontdekking it surfaced: two changes, as a device sends them."""

    op_id: uuid.UUID
    record_id: uuid.UUID
    discovery_op_id: uuid.UUID
    discovery_id: uuid.UUID
    summary: str
    description: str
    minutes_ago: int


def make_follow_ups(count: int) -> list[NewFollowUp]:
    return [
        NewFollowUp(uuid.uuid4(), uuid.uuid4(), f"Terugbellen over de buurtmoestuin ({n + 1})")
        for n in range(count)
    ]


def make_conversations(count: int) -> list[NewConversation]:
    return [
        NewConversation(
            op_id=uuid.uuid4(),
            record_id=uuid.uuid4(),
            discovery_op_id=uuid.uuid4(),
            discovery_id=uuid.uuid4(),
            summary=f"Praatje bij de speeltuin over wat er in de straat gebeurt ({n + 1}).",
            description="Repareert fietsen voor de kinderen uit de straat en wil het leren.",
            minutes_ago=n,
        )
        for n in range(count)
    ]


# ------------------------------------------------------------------------ through HTTP


def _expect_applied(response: httpx.Response, expected: int) -> None:
    if response.status_code != 200:
        raise RuntimeError(f"push answered {response.status_code}: {response.text[:300]}")
    results = response.json()["results"]
    not_applied = [r for r in results if r["status"] != "applied"]
    if len(results) != expected or not_applied:
        raise RuntimeError(f"push did not apply everything: {not_applied[:3]}")


def _push(client: httpx.Client, payloads: Sequence[Payload]) -> Run:
    timings = []
    rows = 0
    for payload in payloads:
        start = time.perf_counter()
        response = client.post("/api/sync/push", json=payload)
        timings.append(time.perf_counter() - start)
        _expect_applied(response, len(payload["changes"]))
        rows += len(payload["changes"])
    return Run(rows, tuple(timings))


def follow_up_payloads(follow_ups: Sequence[NewFollowUp], batch_size: int) -> list[Payload]:
    """Push bodies creating these follow-ups, `batch_size` changes each, from one device."""
    device_id = str(uuid.uuid4())
    return [
        {
            "device_id": device_id,
            "changes": [
                {
                    "op_id": str(f.op_id),
                    "entity": "follow_up",
                    "id": str(f.record_id),
                    "base_version": None,
                    "deleted": False,
                    "fields": {"what": f.what},
                }
                for f in batch
            ],
        }
        for batch in batched(follow_ups, batch_size)
    ]


def push_follow_ups(
    client: httpx.Client, follow_ups: Sequence[NewFollowUp], batch_size: int
) -> Run:
    return _push(client, follow_up_payloads(follow_ups, batch_size))


def push_conversations(
    client: httpx.Client,
    conversations: Sequence[NewConversation],
    pairs_per_batch: int,
    *,
    neighbourhood_id: str,
    theme_id: str,
) -> Run:
    device_id = str(uuid.uuid4())
    now = utcnow()
    payloads = []
    for batch in batched(conversations, pairs_per_batch):
        changes: list[Payload] = []
        for c in batch:
            changes.append(
                {
                    "op_id": str(c.op_id),
                    "entity": "conversation",
                    "id": str(c.record_id),
                    "base_version": None,
                    "deleted": False,
                    "fields": {
                        "neighbourhood_id": neighbourhood_id,
                        "occurred_at": (now - timedelta(minutes=c.minutes_ago)).isoformat(),
                        "kind": "street",
                        "place": "Speeltuin",
                        "summary": c.summary,
                    },
                }
            )
            changes.append(
                {
                    "op_id": str(c.discovery_op_id),
                    "entity": "discovery",
                    "id": str(c.discovery_id),
                    "base_version": None,
                    "deleted": False,
                    "fields": {
                        "conversation_id": str(c.record_id),
                        "kind": "quality",
                        "title": "Fietsen maken",
                        "description": c.description,
                        "quality_type": "skill",
                        "dimensions": ["hands"],
                        "willingness": ["teach"],
                        "themes": [theme_id],
                    },
                }
            )
        payloads.append({"device_id": device_id, "changes": changes})
    return _push(client, payloads)


@dataclass(frozen=True)
class Pulled:
    run: Run
    changes: list[Payload]


def pull_everything(client: httpx.Client, limit: int) -> Pulled:
    """From cursor 0 (no cursor) to the end, page by page, as a fresh device does."""
    pulled = pull(client, None, limit)
    return Pulled(Run(len(pulled.changes), pulled.page_seconds), pulled.changes)


def ordinary_theme_id(changes: Sequence[Payload]) -> str:
    for change in changes:
        if change["entity"] == "theme" and not change["fields"]["is_special_category"]:
            return str(change["id"])
    raise RuntimeError("the pull delivered no theme to link discoveries to")


# ------------------------------------------------------------- raw SQLAlchemy Core


@dataclass(frozen=True)
class RawDatabase:
    engine: Engine
    team_id: uuid.UUID
    user_id: uuid.UUID
    neighbourhood_id: uuid.UUID
    theme_id: uuid.UUID
    first_free_seq: int


@contextmanager
def raw_database(path: Path) -> Iterator[RawDatabase]:
    """A fresh file with the migrated schema, one team with its defaults, one user and one
    buurt: what the rows point at. The engine comes from the app's own factory."""
    engine = create_db_engine(f"sqlite:///{path}")
    try:
        upgrade_database(engine)
        check_durability(engine)
        with Session(engine, expire_on_commit=False) as session:
            team = create_team(session, name="Bench")
            user = create_user(
                session,
                team,
                email="bench@example.org",
                name="Bench",
                password=secrets.token_urlsafe(24),
                role=Role.worker,
            )
            neighbourhood = create_neighbourhood(session, team, name="Oost")
            theme = session.exec(
                select(Theme)
                .where(Theme.team_id == team.id, col(Theme.is_special_category).is_(False))
                .order_by(col(Theme.position))
            ).first()
            counter = session.get(ChangeCounter, team.id)
            if theme is None or counter is None:
                raise RuntimeError("create_team made no ordinary theme or no change counter")
            database = RawDatabase(
                engine=engine,
                team_id=team.id,
                user_id=user.id,
                neighbourhood_id=neighbourhood.id,
                theme_id=theme.id,
                first_free_seq=counter.last_seq + 1,
            )
            session.commit()
        yield database
    finally:
        engine.dispose()


def _stamps(db: RawDatabase, seq: int) -> dict[str, Any]:
    """The bookkeeping columns the sync layer fills on a create, filled the same way."""
    now = utcnow()
    return {
        "team_id": db.team_id,
        "version": 1,
        "change_seq": seq,
        "created_at": now,
        "created_by_id": db.user_id,
        "updated_at": now,
        "updated_by_id": db.user_id,
    }


def raw_insert_follow_ups(
    db: RawDatabase, follow_ups: Sequence[NewFollowUp], batch_size: int
) -> Run:
    seq = db.first_free_seq
    batches = []
    for batch in batched(follow_ups, batch_size):
        rows = []
        for f in batch:
            rows.append(
                {**_stamps(db, seq), "id": f.record_id, "what": f.what, "owner_id": db.user_id}
            )
            seq += 1
        batches.append(rows)
    follow_up = table("follow_up")
    timings = []
    for rows in batches:
        start = time.perf_counter()
        with db.engine.begin() as connection:
            connection.execute(insert(follow_up), rows)
        timings.append(time.perf_counter() - start)
    return Run(len(follow_ups), tuple(timings))


def raw_insert_conversations(
    db: RawDatabase, conversations: Sequence[NewConversation], pairs_per_batch: int
) -> Run:
    seq = db.first_free_seq
    now = utcnow()
    batches = []
    for batch in batched(conversations, pairs_per_batch):
        conversation_rows, discovery_rows, theme_rows = [], [], []
        for c in batch:
            conversation_rows.append(
                {
                    **_stamps(db, seq),
                    "id": c.record_id,
                    "neighbourhood_id": db.neighbourhood_id,
                    "occurred_at": now - timedelta(minutes=c.minutes_ago),
                    "kind": "street",
                    "place": "Speeltuin",
                    "summary": c.summary,
                    "prompt_ids": [],
                }
            )
            discovery_rows.append(
                {
                    **_stamps(db, seq + 1),
                    "id": c.discovery_id,
                    "conversation_id": c.record_id,
                    "kind": "quality",
                    "title": "Fietsen maken",
                    "description": c.description,
                    "quality_type": "skill",
                    "dimensions": ["hands"],
                    "willingness": ["teach"],
                    "offers": [],
                }
            )
            theme_rows.append({"discovery_id": c.discovery_id, "theme_id": db.theme_id})
            seq += 2
        batches.append((conversation_rows, discovery_rows, theme_rows))
    conversation, discovery, discovery_theme = (
        table("conversation"),
        table("discovery"),
        table("discovery_theme"),
    )
    timings = []
    for conversation_rows, discovery_rows, theme_rows in batches:
        start = time.perf_counter()
        with db.engine.begin() as connection:
            connection.execute(insert(conversation), conversation_rows)
            connection.execute(insert(discovery), discovery_rows)
            connection.execute(insert(discovery_theme), theme_rows)
        timings.append(time.perf_counter() - start)
    return Run(2 * len(conversations), tuple(timings))


def raw_select_follow_ups(db: RawDatabase, limit: int) -> Run:
    """Keyset pages by change_seq, each in a read transaction of its own, like pull pages."""
    follow_up = table("follow_up")
    reader = db.engine.execution_options(**{READ_ONLY_OPTION: True})
    cursor = 0
    timings = []
    rows = 0
    for _page in range(MAX_PULL_PAGES):
        start = time.perf_counter()
        with reader.connect() as connection:
            page = [
                dict(row)
                for row in connection.execute(
                    follow_up.select()
                    .where(follow_up.c.team_id == db.team_id, follow_up.c.change_seq > cursor)
                    .order_by(follow_up.c.change_seq)
                    .limit(limit)
                ).mappings()
            ]
        timings.append(time.perf_counter() - start)
        rows += len(page)
        if len(page) < limit:
            return Run(rows, tuple(timings))
        cursor = page[-1]["change_seq"]
    raise RuntimeError(f"the raw select did not end within {MAX_PULL_PAGES} pages")
