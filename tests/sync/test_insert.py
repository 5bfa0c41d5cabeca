"""The batch path's driver-level INSERT stores exactly what SQLAlchemy's own INSERT stores:
UUIDs, aware datetimes, JSON and NULLs read back the same on both databases."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Table, insert, select
from sqlmodel import Session

from app.changes.models import Revision
from app.conversations.models import FollowUp
from app.sync.insert import insert_rows
from tests.factories import make_team, make_user


def _read(session: Session, table: Table, ids: list[Any]) -> list[dict[str, Any]]:
    key = next(iter(table.primary_key.columns))
    rows = session.execute(select(table).where(key.in_(ids)).order_by(key)).mappings()
    return [dict(row) for row in rows]


def test_rows_inserted_at_the_driver_read_back_as_core_inserted_ones(session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    table: Table = FollowUp.__table__  # type: ignore[attr-defined]
    seq = iter(range(10_000, 10_100))
    # Not in UTC: both ways must store the same moment.
    moment = datetime(2026, 11, 20, 10, 30, 15, 123456, tzinfo=timezone(timedelta(hours=1)))

    def row(what: str) -> dict[str, Any]:
        return {
            "id": uuid.uuid4(),
            "team_id": team.id,
            "version": 1,
            "change_seq": next(seq),
            "deleted_at": None,
            "created_at": moment,
            "created_by_id": user.id,
            "updated_at": datetime.now(UTC),
            "updated_by_id": None,
            "what": what,
            "due_on": date(2026, 12, 1),
            "owner_id": user.id,
            "conversation_id": None,
            "person_id": None,
            "discovery_id": None,
            "done_at": None,
            "scope_changed_seq": None,
            "kind": "talk_to",
        }

    core = [row("via Core: bel 't even"), row("via Core: 100% zeker")]
    driver = [{**r, "id": uuid.uuid4(), "change_seq": next(seq)} for r in core]
    session.execute(insert(table), core)
    insert_rows(session, table, driver)

    def comparable(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(
            ({k: v for k, v in r.items() if k not in ("id", "change_seq")} for r in rows),
            key=lambda r: str(r["what"]),
        )

    stored_core = _read(session, table, [r["id"] for r in core])
    stored_driver = _read(session, table, [r["id"] for r in driver])
    assert comparable(stored_driver) == comparable(stored_core)
    assert stored_driver[0]["created_at"] == moment


def test_json_columns_and_a_database_made_key_are_stored_alike(session: Session) -> None:
    team = make_team(session)
    table: Table = Revision.__table__  # type: ignore[attr-defined]

    def row(changes: dict[str, Any], conflicts: list[str]) -> dict[str, Any]:
        return {
            "team_id": team.id,
            "entity": "follow_up",
            "record_id": uuid.uuid4(),
            "version": 1,
            "change_seq": 1,
            "action": "create",
            "op_id": None,
            "changed_by_id": None,
            "changed_at": datetime.now(UTC),
            "changes": changes,
            "conflict_fields": conflicts,
            "resolved_at": None,
            "resolved_by_id": None,
        }

    rows = [row({}, []), row({"what": {"old": "a", "new": 'b"é'}}, ["what"])]
    insert_rows(session, table, rows)
    stored = session.execute(
        select(table.c.record_id, table.c.changes, table.c.conflict_fields, table.c.id).where(
            table.c.record_id.in_([r["record_id"] for r in rows])
        )
    ).all()
    by_record = {s.record_id: s for s in stored}
    for r in rows:
        assert by_record[r["record_id"]].changes == r["changes"]
        assert by_record[r["record_id"]].conflict_fields == r["conflict_fields"]
        assert by_record[r["record_id"]].id is not None
