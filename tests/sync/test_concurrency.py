"""Real concurrency: separate connections and real commits (not the rolled-back fixture).
Meaningful on PostgreSQL, where writers truly overlap; on SQLite writers serialise at BEGIN."""

import random
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, func, select

from app.auth.models import AuthSession
from app.auth.service import Principal
from app.conversations.models import FollowUp
from app.db import make_session_factory, utcnow
from app.devices.service import register_device
from app.sync.engine import apply_change
from app.sync.entities import ENTITIES
from app.sync.pull import pull_changes_since
from app.sync.push import push_changes
from app.sync.schemas import ChangeIn
from app.teams.models import Role
from tests.factories import make_team, make_user

WRITERS, PER_WRITER = 4, 20


@pytest.fixture
def principal(engine: Engine) -> Principal:
    with Session(engine, expire_on_commit=False) as session:
        team = make_team(session)
        user = make_user(session, team)
        session.commit()
    auth_session = AuthSession(
        token_hash=uuid.uuid4().hex,
        user_id=user.id,
        team_id=team.id,
        expires_at=utcnow() + timedelta(hours=1),
    )
    return Principal(user=user, team=team, role=Role.worker, auth_session=auth_session)


def _run_threads(count: int, target: Callable[[int], None]) -> None:
    errors: list[BaseException] = []

    def guarded(i: int) -> None:
        try:
            target(i)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=guarded, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors


def test_a_reader_never_misses_a_change_of_concurrent_writers(
    engine: Engine, principal: Principal
) -> None:
    open_session = make_session_factory(engine)
    written: list[uuid.UUID] = []
    writers_done = threading.Event()
    seen: list[str] = []
    rng = random.Random(7)
    delays = [rng.random() / 500 for _ in range(WRITERS * PER_WRITER)]

    def write_once(i: int, n: int) -> None:
        with open_session(True) as session:
            record_id = uuid.uuid4()
            apply_change(
                session,
                principal,
                entity=ENTITIES["follow_up"],
                record_id=record_id,
                base_version=None,
                deleted=False,
                fields={"what": f"afspraak {i}-{n}"},
            )
            # Widen the window between taking a number and committing it.
            time.sleep(delays[i * PER_WRITER + n])
            session.commit()
            written.append(record_id)

    def write(i: int) -> None:
        for n in range(PER_WRITER):
            # On a heavily loaded machine SQLite's busy timeout can run out; a client then
            # tries again, and only committed writes count.
            for attempt in range(5):
                try:
                    write_once(i, n)
                    break
                except OperationalError:
                    if attempt == 4:
                        raise

    def read() -> None:
        cursor = 0
        while True:
            done = writers_done.is_set()
            with open_session(False) as session:
                changes, cursor, more = pull_changes_since(session, principal, cursor, 7)
            seen.extend(str(c.id) for c in changes if c.entity == "follow_up")
            if done and not more:
                return

    reader = threading.Thread(target=read)
    reader.start()
    _run_threads(WRITERS, write)
    writers_done.set()
    reader.join(timeout=120)
    assert len(seen) == len(set(seen))
    assert set(seen) == {str(r) for r in written}
    assert len(written) == WRITERS * PER_WRITER


def test_the_same_batch_pushed_from_four_threads_applies_once(
    engine: Engine, principal: Principal
) -> None:
    open_session = make_session_factory(engine)
    batch = [
        ChangeIn(
            op_id=uuid.uuid4(),
            entity="follow_up",
            id=uuid.uuid4(),
            fields={"what": f"terugbellen {n}"},
        )
        for n in range(10)
    ]
    statuses: list[str] = []
    lock = threading.Lock()

    def deliver(i: int) -> None:
        with open_session(True) as session:
            device = register_device(session, principal, uuid.UUID(int=i + 1))
            results = push_changes(session, principal, device, batch)
            session.commit()
        with lock:
            statuses.extend(r.status.value for r in results)

    _run_threads(4, deliver)
    assert sorted(set(statuses)) <= ["applied", "duplicate"]
    assert statuses.count("applied") == len(batch)
    with Session(engine) as session:
        stored = session.exec(
            select(func.count()).select_from(FollowUp).where(FollowUp.team_id == principal.team.id)
        ).one()
    assert stored == len(batch)
