"""The batch path for what phones mostly push: new records.

New records of a batch are checked one by one with the same domain rules as always (through
one shared TeamRefs, so each referenced record is read once), then written with one
multi-row INSERT per table, one block of change numbers, and one INSERT each for their
revisions and sync operations. Anything else — edits, deletes, replays, a database
constraint tripping — goes through the one-change-at-a-time path in app.sync.push.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from functools import cache
from typing import Any

from pydantic_core import PydanticUndefined
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from app.auth.service import Principal
from app.changes.models import Revision, RevisionAction
from app.changes.service import allocate_change_seqs
from app.conversations.models import (
    Conversation,
    ConversationPerson,
    Discovery,
    DiscoveryPerson,
    DiscoveryTheme,
    FollowUp,
)
from app.db import utcnow
from app.errors import AppError
from app.people.models import Consent, Person
from app.search.index import SEARCHED_ENTITIES, SearchDoc, doc_for, index_docs
from app.sync.entities import ENTITIES, Entity, Planned, RowRecord
from app.sync.insert import insert_rows
from app.sync.models import Device, SyncOperation
from app.sync.schemas import ChangeIn, ChangeResult, ChangeStatus
from app.sync.validation import Rejected, validate
from app.teams.refs import TeamRefs

# Parents before children, so foreign keys within one batch hold.
INSERT_ORDER: tuple[type[Any], ...] = (
    Person,
    Consent,
    Conversation,
    ConversationPerson,
    Discovery,
    DiscoveryPerson,
    DiscoveryTheme,
    FollowUp,
)


@cache
def _defaults(model: type[Any]) -> dict[str, Any]:
    """Every column of a model with its default, so all rows of one INSERT have all keys."""
    defaults: dict[str, Any] = {}
    for name, field in model.model_fields.items():
        if field.default_factory is not None:
            defaults[name] = field.default_factory()
        elif field.default is not PydanticUndefined:
            defaults[name] = field.default
        else:
            defaults[name] = None
    return defaults


def _search_docs(
    planned: list[tuple[int, ChangeIn, Entity, Planned]], actor_id: Any
) -> list[SearchDoc]:
    """The new conversations and discoveries, as record_change would index them."""
    docs = []
    for _index, _change, entity, plan in planned:
        if entity.name not in SEARCHED_ENTITIES:
            continue
        row = {**_defaults(plan.model), **plan.row, "created_by_id": actor_id}
        doc = doc_for(entity.name, plan.model(**row))
        if doc is not None:
            docs.append(doc)
    return docs


def _fresh_creates(changes: Sequence[ChangeIn]) -> list[tuple[int, ChangeIn, Entity]]:
    """Creates that look like a plain insert: no base version, op id and record id once in
    the batch. Whether they are really new (no replay, no existing record) is left to the
    primary keys: if one trips, nothing of the batch path is kept."""
    ops = Counter(c.op_id for c in changes)
    records = Counter((c.entity, c.id) for c in changes)
    candidates = []
    for index, change in enumerate(changes):
        entity = ENTITIES.get(change.entity)
        if (
            entity is None
            or entity.plan is None
            or change.base_version is not None
            or change.deleted
            or ops[change.op_id] > 1
            or records[(change.entity, change.id)] > 1
        ):
            continue
        candidates.append((index, change, entity))
    return candidates


def push_new_records(
    session: Session,
    principal: Principal,
    device: Device,
    changes: Sequence[ChangeIn],
) -> dict[int, ChangeResult]:
    """Answers for the changes handled here, by their index in the batch. An empty answer
    means: nothing was written, handle the whole batch one change at a time."""
    team = principal.team
    actor_id = principal.user.id
    refs = TeamRefs(session, team)
    results: dict[int, ChangeResult] = {}
    planned: list[tuple[int, ChangeIn, Entity, Planned]] = []
    for index, change, entity in _fresh_creates(changes):
        try:
            # PushIn cleaned every string of the batch already.
            data = validate(entity, change.fields or {}, strings_clean=True)
            assert entity.plan is not None
            plan = entity.plan(refs, actor_id, data, change.id)
        except (AppError, Rejected) as exc:
            reason = exc.message if isinstance(exc, AppError) else exc.reason
            results[index] = ChangeResult(
                op_id=change.op_id, id=change.id, status=ChangeStatus.rejected, reason=reason
            )
            continue
        refs.add(plan.model, RowRecord(plan.row))
        planned.append((index, change, entity, plan))
    if not planned:
        return results

    now = utcnow()
    # One object for all rows: app.sync.insert binds a value shared by every row once, so the
    # batch's creation revisions cost one JSON encoding each, not one per row.
    no_changes: dict[str, Any] = {}
    no_conflicts: list[str] = []
    rows: dict[type[Any], list[dict[str, Any]]] = defaultdict(list)
    revisions, operations = [], []
    try:
        with session.begin_nested():
            first_seq = allocate_change_seqs(session, team.id, len(planned)) - len(planned) + 1
            for offset, (index, change, entity, plan) in enumerate(planned):
                seq = first_seq + offset
                rows[plan.model].append(
                    {
                        **_defaults(plan.model),
                        **plan.row,
                        "version": 1,
                        "change_seq": seq,
                        "created_at": now,
                        "updated_at": now,
                        "created_by_id": actor_id,
                        "updated_by_id": actor_id,
                    }
                )
                for model, row in plan.rows:
                    rows[model].append(row)
                revisions.append(
                    {
                        "team_id": team.id,
                        "entity": entity.name,
                        "record_id": change.id,
                        "version": 1,
                        "change_seq": seq,
                        "action": RevisionAction.create.value,
                        "op_id": change.op_id,
                        "changed_by_id": actor_id,
                        "changed_at": now,
                        "changes": no_changes,
                        "conflict_fields": no_conflicts,
                        "resolved_at": None,
                        "resolved_by_id": None,
                    }
                )
                operations.append(
                    {
                        "op_id": change.op_id,
                        "team_id": team.id,
                        "device_id": device.id,
                        "user_id": actor_id,
                        "entity": entity.name,
                        "record_id": change.id,
                        "status": ChangeStatus.applied.value,
                        "version": 1,
                        "reason": None,
                        "received_at": now,
                    }
                )
                # Built from values already typed: no validation per answer.
                results[index] = ChangeResult.model_construct(
                    op_id=change.op_id, id=change.id, status=ChangeStatus.applied, version=1
                )
            # Loaded records this batch changed (a bewoner's last contact) go first.
            session.flush()
            # One executemany per table, bound at the driver (app.sync.insert).
            for model in INSERT_ORDER:
                insert_rows(session, model.__table__, rows[model])
            insert_rows(session, Revision.__table__, revisions)  # type: ignore[attr-defined]
            insert_rows(session, SyncOperation.__table__, operations)  # type: ignore[attr-defined]
            index_docs(session, _search_docs(planned, actor_id), new=True)
            session.flush()
    except IntegrityError:
        # A replay, a racing delivery, an id in use or a taken pseudonym: the one-by-one
        # path answers each change properly.
        session.expire_all()
        return {}
    return results
