"""Several offline devices against the real server, with every fault the network and the server
can throw at them (DESIGN.md §4).

Each example gets a fresh team with two users: Ana with two devices (A1, A2) and Bo with one
(B1). It starts with records they share: A1 made a conversation, a follow-up and a follow-up
for Bo and pushed them, and every device holds what the server has for its user. Then, in any
order, a user makes, edits or deletes records offline on one device (sometimes two devices
change one record before either has seen the other's change), and a device syncs: push the
outbox over HTTP, then pull every page. A sync may hit a fault: the request is lost; the server
commits but the answer is lost (the device sends the same op ids again later); the batch
arrives twice; the server crashes just before its commit; the server restarts; the pull breaks
off after one page.

Invariants, checked against the database whenever the server may have changed, and once more
after a final fault-free round in which every device pushes and then pulls:
- the server holds exactly what it acknowledged: a sync_operation row for every op it answered
  applied/merged and for nothing else (a crashed push leaves no trace), exactly one revision
  per op, and every later answer for an op is `duplicate` with the same version;
- every record's history is whole: one create, versions 1..n, nothing after a delete, current
  values are the newest written values, merges flag exactly the fields changed on both sides;
- nothing deleted comes back: not on the server, not in a pull, not on any device;
- devices never drop a change: each is in the outbox, in "needs attention" or acknowledged;
- once faults stop, every device's copy equals the server's state for its user (and what a
  freshly installed device pulls), and every refused change was refused for a real reason.

Database: the session's test database (conftest's `database_url`, migrated by the `engine`
fixture): a fresh SQLite file by default, PostgreSQL when TEST_DATABASE_URL is set. Unlike the
rolled-back fixtures, this test commits for real, each example in a team of its own, and its
server owns its engine so that a restart can throw the engine away.
"""

from __future__ import annotations

import functools
import itertools
import sys
import uuid
from collections import Counter
from datetime import timedelta
from typing import Any

import hypothesis
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import or_
from sqlmodel import Session, col, select

from app.auth import service as auth_service
from app.auth.models import AuthSession, User
from app.auth.passwords import hash_password
from app.auth.service import Principal, hash_token
from app.changes.models import ChangeCounter, Revision, SyncedRecord
from app.config import Settings
from app.conversations.models import Conversation, FollowUp
from app.db import utcnow
from app.devices.service import register_device
from app.main import create_app
from app.security import session_cookie_name
from app.sync.entities import ENTITIES
from app.sync.models import SyncOperation
from app.sync.pull import parse_cursor, pull_changes_since
from app.sync.push import push_changes
from app.sync.schemas import ChangeIn, PullOut
from app.teams.models import Role, Team
from tests.factories import PASSWORD, make_neighbourhood, make_user
from tests.sync.devices import Change, Device, Fields, Key, Server

SETTINGS = hypothesis.settings(
    max_examples=200,
    stateful_step_count=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

WRITABLE = frozenset({"conversation", "follow_up"})
MODELS: dict[str, type[SyncedRecord]] = {"conversation": Conversation, "follow_up": FollowUp}
# Edits set text fields to a value never used before, so every edit really changes something.
# owner_id hands a follow-up to the other user (or back): it leaves one user's pull scope, and
# their devices must drop it.
EDITABLE: dict[str, list[tuple[str, ...]]] = {
    "follow_up": [("what",), ("owner_id",), ("what", "owner_id")],
    "conversation": [("summary",), ("place",), ("summary", "place")],
}
TRACKED = {"follow_up": ("what", "owner_id"), "conversation": ("summary", "place")}
OCCURRED_AT = "2026-11-20T10:30:00+01:00"
KINDS = ("conversation", "follow_up", "follow_up_for_colleague")
# What a user does offline; "collide" needs a record that two devices show.
ACTIONS = ("create", "create", "edit", "edit", "delete", "collide")
# How a sync goes when there is something to push ("none" first: failures shrink to it).
PUSH_FAULTS = (
    "none",
    "lost_request",
    "lost_response",
    "duplicate_delivery",
    "crash_before_commit",
    "server_restart",
    "pull_interrupted",
)
PULL_FAULTS = ("none", "pull_interrupted")  # with nothing to push
Answer = tuple[str, int | None]


class SyncMachine(RuleBasedStateMachine):
    def __init__(self, server: Server, client: TestClient, cookie: str) -> None:
        super().__init__()
        self.server = server
        self.tokens = itertools.count(1)
        with Session(server.engine, expire_on_commit=False) as session:
            team = _bare_team(session)
            buurt = make_neighbourhood(session, team)
            ana = make_user(session, team, name="Ana")
            bo = make_user(session, team, name="Bo")
            logins = [
                (name, user, page_size, *_open_auth_session(session, user, team))
                for name, user, page_size in (("A1", ana, 500), ("A2", ana, 8), ("B1", bo, 500))
            ]
            session.commit()
        self.team: Team = team
        self.buurt_id = buurt.id
        self.users = (ana.id, bo.id)
        self.devices: list[Device] = []
        self.principals: dict[str, Principal] = {}
        for name, user, page_size, token, auth_session in logins:
            principal = Principal(user, team, Role.worker, auth_session)
            self.principals[name] = principal
            fetch = functools.partial(self.fetch, principal)
            device = Device(name, user.id, client, f"{cookie}={token}", page_size, fetch)
            self.devices.append(device)
        # The network's view: every change delivered, and every answer the server gave to it.
        self.sent: dict[uuid.UUID, tuple[Change, Device]] = {}
        self.answers: dict[uuid.UUID, list[Answer]] = {}
        self.deleted_on_server: set[Key] = set()
        self.server_touched = False  # since the invariants last looked at the database
        self.born: dict[Key, int] = {}  # every record, numbered in the order it was made
        # Pushes that reached the server, and how many there had been at each device's last
        # complete pull: a pull with nothing new on the server is skipped, to save time.
        self.writes = 0
        self.pulled_at: dict[str, int] = {}
        self.start_in_sync()

    def start_in_sync(self) -> None:
        """A1 made three records and pushed them; every device holds what the server has
        for its user, as a pull would give it, but has no cursor yet (its first pull starts
        from the beginning). Through the service functions, not HTTP: it is the same setup
        for every example, and so should cost little."""
        a1 = self.devices[0]
        for kind in KINDS:
            self.create(a1, kind)
        batch = list(a1.outbox)
        with self.server.open_session(True) as session:
            principal = self.principals[a1.name]
            device = register_device(session, principal, a1.id)
            changes = [ChangeIn.model_validate(c.wire()) for c in batch]
            results = push_changes(session, principal, device, changes)
            session.commit()
        self.sending(a1, batch)
        a1.settle(batch, self.answered(batch, [r.model_dump(mode="json") for r in results]))
        views = self.server_views()
        for d in self.devices:
            for (entity, record_id), (version, fields) in views[d.user_id].items():
                d.receive(
                    {
                        "entity": entity,
                        "id": str(record_id),
                        "version": version,
                        "deleted": False,
                        "fields": fields,
                    }
                )

    # ------------------------------------------------------------------ offline work

    @rule(data=st.data())
    def work_offline(self, data: st.DataObject) -> None:
        """The user makes, edits or deletes something on a device, without network.

        One rule for all of it rather than a rule each: Hypothesis switches rules off at
        random per example ("swarm testing"), and most examples should mix work and syncs.
        """
        shared = self.shared_records()
        actions = [a for a in ACTIONS if a != "collide" or shared] if self.with_records() else []
        action = data.draw(st.sampled_from(actions or ["create"]), label="action")
        if action == "create":
            d = self.devices[data.draw(st.integers(0, 2), label="device")]
            self.create(d, data.draw(st.sampled_from(KINDS), label="kind"))
        elif action in ("edit", "delete"):
            d = self.devices[data.draw(st.sampled_from(self.with_records()), label="device")]
            key = data.draw(st.sampled_from(self.live_keys(d)), label="record")
            self.change(data, d, key, delete=action == "delete")
        else:
            # Two devices change one record before either has seen the other's change.
            key, holders = data.draw(st.sampled_from(shared), label="record")
            pair = st.lists(st.sampled_from(holders), min_size=2, max_size=2, unique=True)
            for index in data.draw(pair, label="devices"):
                delete = data.draw(st.booleans(), label="delete")
                self.change(data, self.devices[index], key, delete=delete)

    def create(self, d: Device, kind: str) -> None:
        fields: Fields
        if kind == "conversation":
            fields = {
                "neighbourhood_id": str(self.buurt_id),
                "occurred_at": OCCURRED_AT,
                "summary": self.token(d),
            }
        else:
            fields = {"what": self.token(d)}
            if kind == "follow_up_for_colleague":
                fields["owner_id"] = str(self.colleague_of(d))
        entity = "conversation" if kind == "conversation" else "follow_up"
        change = Change(uuid.uuid4(), entity, uuid.uuid4(), None, False, fields)
        self.born[change.key] = len(self.born)
        d.save(change)

    def change(self, data: st.DataObject, d: Device, key: Key, *, delete: bool) -> None:
        """An edit or delete on the version the device last saw (none: not yet on the server)."""
        fields: Fields | None = None
        if not delete:
            names = data.draw(st.sampled_from(EDITABLE[key[0]]), label="fields")
            fields = {name: self.token(d) for name in names if name != "owner_id"}
            if "owner_id" in names:
                owner = data.draw(st.sampled_from(self.users), label="owner")
                fields["owner_id"] = str(owner)
        d.save(Change(uuid.uuid4(), *key, d.base_version(key), delete, fields))

    def token(self, device: Device) -> str:
        return f"{device.name}-{next(self.tokens)}"

    def colleague_of(self, device: Device) -> uuid.UUID:
        return self.users[1] if device.user_id == self.users[0] else self.users[0]

    def with_records(self) -> list[int]:
        return [i for i, d in enumerate(self.devices) if d.live_keys(WRITABLE)]

    def live_keys(self, d: Device) -> list[Key]:
        """The device's live records in the order they were made. Not in the order the device
        learnt them: a pull page or a query may order records by their random ids, and a
        replayed example must draw the same record from the same choices."""
        return sorted(d.live_keys(WRITABLE), key=self.born.__getitem__)

    def shared_records(self) -> list[tuple[Key, list[int]]]:
        """Records more than one device shows, with those devices."""
        holders: dict[Key, list[int]] = {}
        for i, d in enumerate(self.devices):
            for key in self.live_keys(d):
                holders.setdefault(key, []).append(i)
        return [(key, devices) for key, devices in holders.items() if len(devices) > 1]

    # ------------------------------------------------------------------ sync, with faults

    @rule(data=st.data())
    def sync(self, data: st.DataObject) -> None:
        """Push the outbox, then pull every page; unless a fault gets in the way."""
        # Half the time one with something to push, if there is one.
        pushing = [i for i, d in enumerate(self.devices) if d.outbox]
        anyone = st.integers(0, 2)
        choice = st.one_of(st.sampled_from(pushing), anyone) if pushing else anyone
        d = self.devices[data.draw(choice, label="device")]
        batch = list(d.outbox)
        fault = data.draw(st.sampled_from(PUSH_FAULTS if batch else PULL_FAULTS), label="fault")
        if fault == "lost_request":
            return  # offline, or the request died on the way: the server saw nothing
        if fault == "server_restart":
            self.server.restart()  # the next look at the database checks nothing was lost
        if batch and fault == "crash_before_commit":
            self.sending(d, batch)
            self.server.crash_before_next_commit = True
            response = d.send(batch)
            self.server.crash_before_next_commit = False
            assert response.status_code == 500, response.text
            self.server.restart()
            return
        if batch:
            results = self.deliver(d, batch)
            if fault == "lost_response":
                return  # committed, but the device never heard: it must send it all again
            if fault == "duplicate_delivery":
                d.settle(batch, results)
                results = self.deliver(d, batch)
            d.settle(batch, results)
        if fault == "pull_interrupted":
            if self.pulled_at.get(d.name) != self.writes:
                d.pull(limit=3, pages=1)  # one small page, then the connection drops
                self.pulled_at.pop(d.name, None)
            return
        self.pull(d)
        # Read your writes: what the server confirmed is on the device after the pull.
        for change in batch:
            if change.op_id in d.acked:
                copy = d.copy.get(change.key)
                assert copy is not None, change
                assert copy.version >= d.acked[change.op_id][1], (change, copy)

    def pull(self, d: Device) -> None:
        if self.pulled_at.get(d.name) != self.writes:
            d.pull()
            self.pulled_at[d.name] = self.writes

    def fetch(self, principal: Principal, cursor: str | None, limit: int) -> dict[str, Any]:
        """A page of pull as the route makes it, minus HTTP: pulls are most of the requests,
        and their HTTP side gets its turn in the fresh-install pull at the end."""
        with self.server.open_session(False) as session:
            changes, next_cursor, more = pull_changes_since(
                session, principal, parse_cursor(cursor), limit
            )
            page = PullOut(changes=changes, cursor=str(next_cursor), more=more)
        return page.model_dump(mode="json")

    def sending(self, device: Device, batch: list[Change]) -> None:
        for change in batch:
            self.sent.setdefault(change.op_id, (change, device))
        self.server_touched = True
        self.writes += 1

    def deliver(self, device: Device, batch: list[Change]) -> list[dict[str, Any]]:
        """A push that reaches the server and is answered, whether the device hears it or not."""
        self.sending(device, batch)
        response = device.send(batch)
        assert response.status_code == 200, response.text
        return self.answered(batch, response.json()["results"])

    def answered(self, batch: list[Change], results: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Every answer the server gives, checked against the answers it gave before."""
        assert [(r["op_id"], r["id"]) for r in results] == [
            (str(c.op_id), str(c.id)) for c in batch
        ]
        for change, result in zip(batch, results, strict=True):
            answer: Answer = (result["status"], result["version"])
            earlier = [a for a in self.answers.get(change.op_id, []) if a[0] != "rejected"]
            if earlier:
                # The same op_id again: the same answer again, never applied twice.
                assert answer == ("duplicate", earlier[0][1]), (change, earlier, result)
            else:
                # `duplicate` of something never acknowledged: a push that crashed before
                # its commit left something behind.
                assert answer[0] != "duplicate", (change, result)
            if answer[0] == "rejected":
                assert result["reason"], result
            else:
                assert isinstance(answer[1], int), result
                assert answer[1] >= 1, result
                assert not change.deleted or answer[0] != "merged", result
            self.answers.setdefault(change.op_id, []).append(answer)
        return results

    # ------------------------------------------------------------------ invariants

    @invariant()
    def no_device_ever_drops_a_change(self) -> None:
        for d in self.devices:
            pending = [c.op_id for c in d.outbox]
            refused = [c.op_id for c, _ in d.attention]
            everything = pending + refused + list(d.acked)
            assert sorted(everything) == sorted(c.op_id for c in d.made), d.name
            # ... and sends what is left in the order it was made.
            assert pending == [c.op_id for c in d.made if c.op_id in set(pending)], d.name

    @invariant()
    def server_holds_exactly_what_it_acknowledged(self) -> None:
        if self.server_touched:
            self.check_server()

    def check_server(self) -> None:
        self.server_touched = False
        with Session(self.server.engine) as session:
            self._check_server(session)

    def _check_server(self, session: Session) -> None:
        team_id = self.team.id
        ops = {
            op.op_id: op
            for op in session.exec(select(SyncOperation).where(SyncOperation.team_id == team_id))
        }
        # Acknowledged changes are on the server exactly once; nothing else is.
        acknowledged = {
            op_id: next(a for a in answers if a[0] != "rejected")
            for op_id, answers in self.answers.items()
            if any(a[0] != "rejected" for a in answers)
        }
        assert set(ops) == set(acknowledged), set(ops) ^ set(acknowledged)
        for op_id, op in ops.items():
            change, device = self.sent[op_id]
            assert (op.status, op.version) == acknowledged[op_id], (op, acknowledged[op_id])
            assert (op.entity, op.record_id) == change.key, op
            assert (op.device_id, op.user_id) == (device.id, device.user_id), op
        revisions = session.exec(
            select(Revision)
            .where(Revision.team_id == team_id, col(Revision.entity).in_(WRITABLE))
            .order_by(col(Revision.change_seq))
        ).all()
        counted = Counter(r.op_id for r in revisions)
        assert set(counted.values()) <= {1}, "at most one revision per op"
        assert set(counted) <= set(ops), "a revision only for an acknowledged op"
        for op_id in set(ops) - set(counted):
            # Only handing a follow-up to whoever holds it already can change nothing.
            unchanged = self.sent[op_id][0]
            assert unchanged.fields is not None, unchanged
            assert set(unchanged.fields) == {"owner_id"}, unchanged
        history: dict[Key, list[Revision]] = {}
        for revision in revisions:
            history.setdefault((revision.entity, revision.record_id), []).append(revision)
        records: dict[Key, SyncedRecord] = {}
        for entity, model in MODELS.items():
            for record in session.exec(select(model).where(model.team_id == team_id)):
                records[(entity, record.id)] = record
        created = {self.sent[op_id][0].key for op_id in ops if self.sent[op_id][0].is_create}
        assert set(records) == created, "every record exists once, made by its own create"
        assert set(history) == created
        for key, record in records.items():
            self._check_history(key, record, history[key], ops)
        # Nothing deleted comes back.
        now_deleted = {key for key, record in records.items() if record.is_deleted}
        assert self.deleted_on_server <= now_deleted, self.deleted_on_server - now_deleted
        self.deleted_on_server = now_deleted

    def _check_history(
        self,
        key: Key,
        record: SyncedRecord,
        revisions: list[Revision],
        ops: dict[uuid.UUID, SyncOperation],
    ) -> None:
        assert [r.version for r in revisions] == list(range(1, len(revisions) + 1)), key
        assert record.version == len(revisions), key
        assert record.change_seq == revisions[-1].change_seq, key
        actions = [r.action for r in revisions]
        assert actions[0] == "create", key
        assert "create" not in actions[1:], key
        assert ("delete" in actions) == record.is_deleted, key
        assert "delete" not in actions[:-1], "nothing happens after a delete"
        assert revisions[0].op_id is not None
        create, creator = self.sent[revisions[0].op_id]
        assert create.fields is not None
        assert record.created_by_id == creator.user_id, key
        # Current values are the newest values written, by an edit or else by the create
        # (a follow-up without an owner is its creator's).
        for name in TRACKED[key[0]]:
            default = str(creator.user_id) if name == "owner_id" else ""
            expected = create.fields.get(name, default)
            for revision in revisions[1:]:
                if name in revision.changes:
                    expected = revision.changes[name]["new"]
            value = getattr(record, name)
            assert (str(value) if isinstance(value, uuid.UUID) else value) == expected, (key, name)
        # An update is on the version the device saw; a merge flags exactly the fields that
        # changed on both sides since that version.
        for revision in revisions[1:]:
            assert revision.op_id is not None
            change, _ = self.sent[revision.op_id]
            status = ops[change.op_id].status
            assert status == ("merged" if revision.action == "merge" else "applied"), revision
            if revision.action == "delete":
                assert revision.changes == {"deleted": {"old": False, "new": True}}, revision
                continue
            assert change.fields is not None
            written = set(revision.changes)
            assert set(change.fields) - {"owner_id"} <= written <= set(change.fields), change
            base = change.base_version or 1
            if revision.action == "update":
                assert base == revision.version - 1, (change, revision.version)
                assert revision.conflict_fields == [], revision
            else:
                assert revision.action == "merge", revision
                assert base < revision.version - 1, (change, revision.version)
                since: set[str] = set()
                for other in revisions:
                    if base < other.version < revision.version:
                        since.update(other.changes)
                expected_conflicts = sorted(since & set(revision.changes))
                assert revision.conflict_fields == expected_conflicts, (revision, change)

    # ------------------------------------------------------------------ faults stop

    def teardown(self) -> None:
        if sys.exc_info()[1] is None:  # not after a failed step: report that one
            self.converge()

    def converge(self) -> None:
        for d in self.devices:
            if d.outbox:
                batch = list(d.outbox)
                d.settle(batch, self.deliver(d, batch))
        assert not any(d.outbox for d in self.devices), "a fault-free push empties the outbox"
        for d in self.devices:
            self.pull(d)
        self.check_server()
        # A device installed afresh pulls (over HTTP) exactly what one that synced all along
        # built up; one device per example, taking turns, as every pull costs time.
        d = self.devices[len(self.sent) % len(self.devices)]
        fresh = Device(d.name, d.user_id, d.client, d.cookie, page_size=7)
        fresh.pull()
        assert {k: (c.version, c.fields) for k, c in fresh.copy.items() if not c.deleted} == {
            k: (c.version, c.fields) for k, c in d.copy.items() if not c.deleted
        }
        views = self.server_views()
        for d in self.devices:
            expected = views[d.user_id]
            mine = {
                key: (copy.version, copy.fields)
                for key, copy in d.copy.items()
                if key[0] in WRITABLE and not copy.deleted
            }
            assert mine == expected, f"{d.name} did not converge"
            # Nothing deleted comes back: what the device knew and the server deleted is gone
            # from the device too.
            for key in d.known:
                if key in self.deleted_on_server:
                    assert not d.is_live(key), (d.name, key)
            # The only changes refused here are to records deleted meanwhile.
            for change, reason in d.attention:
                assert change.key in self.deleted_on_server, (change, reason)
                assert "verwijderd" in reason, reason

    def server_views(self) -> dict[uuid.UUID, dict[Key, tuple[int, Fields]]]:
        with Session(self.server.engine) as session:
            return {user_id: _server_view(session, self.team.id, user_id) for user_id in self.users}


def _server_view(
    session: Session, team_id: uuid.UUID, user_id: uuid.UUID
) -> dict[Key, tuple[int, Fields]]:
    """The live conversations and follow-ups a user's devices hold: their own (DESIGN.md §4)."""
    mine = {
        "conversation": col(Conversation.created_by_id) == user_id,
        "follow_up": or_(col(FollowUp.owner_id) == user_id, col(FollowUp.created_by_id) == user_id),
    }
    view: dict[Key, tuple[int, Fields]] = {}
    for entity, scope in mine.items():
        model = MODELS[entity]
        records = session.exec(
            select(model).where(model.team_id == team_id, scope, col(model.deleted_at).is_(None))
        ).all()
        fields = ENTITIES[entity].fields_of(session, records)
        for record in records:
            view[(entity, record.id)] = (record.version, fields[record.id])
    return view


def _bare_team(session: Session) -> Team:
    """A team as create_team makes it, minus its default themes and prompts: devices only
    read those, and every pull of every example would carry 21 more records."""
    team = Team(name=f"Team {uuid.uuid4().hex[:12]}")
    session.add(team)
    session.flush()
    session.add(ChangeCounter(team_id=team.id))
    session.flush()
    return team


def _open_auth_session(session: Session, user: User, team: Team) -> tuple[str, AuthSession]:
    """A logged-in device. The login route itself is tested elsewhere; going through it
    would cost an Argon2 verification per device per example."""
    token = uuid.uuid4().hex + uuid.uuid4().hex
    now = utcnow()
    auth_session = AuthSession(
        token_hash=hash_token(token),
        user_id=user.id,
        team_id=team.id,
        created_at=now,
        last_seen_at=now,
        expires_at=now + timedelta(hours=8),
    )
    session.add(auth_session)
    session.flush()
    return token, auth_session


@pytest.mark.usefixtures("engine")
# A simulated crash abandons the connection of the request it kills, as a dying process would;
# psycopg then warns when that connection object is collected, whenever the collector runs.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_devices_with_faults_converge_and_lose_nothing(
    database_url: str, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every example makes two users; one Argon2 hash of the shared password serves them all.
    shared_hash = hash_password(PASSWORD)
    monkeypatch.setattr(auth_service, "hash_password", lambda _password: shared_hash)
    server = Server(database_url)
    app = create_app(settings, session_factory=server.open_session)
    cookie = session_cookie_name(settings)
    try:
        # One client (one event loop) for every device; each sends its own session cookie.
        with TestClient(app, raise_server_exceptions=False) as client:

            class Machine(SyncMachine):
                def __init__(self) -> None:
                    super().__init__(server, client, cookie)

            run_state_machine_as_test(Machine, settings=SETTINGS)
    finally:
        server.close()
