"""Pull: what changed since a device's cursor, in the order it was committed, scoped to what
a phone needs to link offline — tombstones and records that left its user's scope included
(DESIGN.md §4)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, not_, or_
from sqlmodel import Session, col, select

from app.attachments.models import Attachment
from app.auth.service import Principal
from app.changes.models import ChangeCounter, Tombstone
from app.conversations.models import Conversation, Discovery, DiscoveryKind, FollowUp
from app.errors import AppError
from app.i18n import gettext as _
from app.people.sharing import sight
from app.sync.engine import SCOPE_FIELDS
from app.sync.entities import ENTITIES, Entity
from app.sync.schemas import PulledChange
from app.sync.shown_text import shown_fields

# Discoveries every device of the team gets, so it can link to them offline.
SHARED_DISCOVERY_KINDS = (
    DiscoveryKind.idea.value,
    DiscoveryKind.group.value,
    DiscoveryKind.place.value,
    DiscoveryKind.institution.value,
)


class CursorGoneError(AppError):
    status_code = 410


def parse_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    # ASCII digits that fit the 64-bit sequence column (app.validation.parse_whole_number's
    # rule; int() alone takes "+1_0" and "١٢", and any size, which no database column holds).
    if len(cursor) > 18 or not (cursor.isascii() and cursor.isdigit()):
        raise AppError(_("Deze cursor kent de server niet."))
    return int(cursor)


def _scope(entity: Entity, principal: Principal) -> ColumnElement[bool] | None:
    """Which records of the team a device gets: enough to link offline, no more.

    Every term is NOT NULL-safe, so ``not_(scope)`` selects exactly the records outside it.
    """
    me = principal.user.id
    if entity.model is Conversation:
        return col(Conversation.created_by_id) == me
    if entity.model is Attachment:
        return col(Attachment.created_by_id) == me
    if entity.model is FollowUp:
        return or_(
            and_(col(FollowUp.owner_id).is_not(None), col(FollowUp.owner_id) == me),
            col(FollowUp.created_by_id) == me,
        )
    if entity.model is Discovery:
        own_conversations = select(Conversation.id).where(Conversation.created_by_id == me)
        return or_(
            col(Discovery.created_by_id) == me,
            and_(
                col(Discovery.conversation_id).is_not(None),
                col(Discovery.conversation_id).in_(own_conversations),
            ),
            and_(
                col(Discovery.kind).in_(SHARED_DISCOVERY_KINDS),
                col(Discovery.visibility) != "private",
            ),
        )
    return None


@dataclass(frozen=True, slots=True)
class _ScopeExit:
    """A record that changed and is now outside the user's scope: their devices must drop it."""

    entity: str
    record_id: uuid.UUID
    version: int


def pull_changes_since(
    session: Session, principal: Principal, cursor: int, limit: int
) -> tuple[list[PulledChange], int, bool]:
    team_id = principal.team.id
    counter = session.get(ChangeCounter, team_id)
    assert counter is not None
    if 0 < cursor < counter.purged_through_seq:
        raise CursorGoneError(
            _("Deze gegevens zijn te oud om bij te werken; het apparaat laadt alles opnieuw.")
        )
    # Everything up to the high-water mark is committed: a writer holds the counter's lock
    # until it commits, so no lower number can still appear later.
    high_water = counter.last_seq
    found: list[tuple[int, Entity | None, Any]] = []
    for entity in ENTITIES.values():
        model = entity.model
        query = select(model).where(
            model.team_id == team_id,
            col(model.change_seq) > cursor,
            col(model.change_seq) <= high_water,
        )
        scope = _scope(entity, principal)
        if scope is not None:
            query = query.where(scope)
        # Plain rows, not ORM objects: a pull only reads them (a fifth less CPU per page).
        rows = query.with_only_columns(*model.__table__.columns)  # type: ignore[attr-defined]
        for record in session.execute(rows.order_by(col(model.change_seq)).limit(limit + 1)):
            found.append((record.change_seq, entity, record))
        if scope is not None and model in SCOPE_FIELDS:
            # Out of scope now, and its scope changed since the cursor: the device may hold it
            # (also from scratch: after a 410 a device keeps records with unsent changes).
            # Deleting what a device lacks is a no-op; only ids go out, never contents.
            scope_seq = col(model.scope_changed_seq)  # type: ignore[attr-defined]
            exits = (
                select(model.id, model.change_seq, model.version)
                .where(
                    model.team_id == team_id,
                    col(model.change_seq) > cursor,
                    col(model.change_seq) <= high_water,
                    scope_seq > cursor,
                    not_(scope),
                )
                .order_by(col(model.change_seq))
                .limit(limit + 1)
            )
            for record_id, seq, version in session.exec(exits):
                found.append((seq, None, _ScopeExit(entity.name, record_id, version)))
    for tombstone in session.exec(
        select(Tombstone)
        .where(
            Tombstone.team_id == team_id,
            col(Tombstone.change_seq) > cursor,
            col(Tombstone.change_seq) <= high_water,
        )
        .order_by(col(Tombstone.change_seq))
        .limit(limit + 1)
    ):
        found.append((tombstone.change_seq, None, tombstone))
    found.sort(key=lambda item: item[0])
    page, more = found[:limit], len(found) > limit
    next_cursor = page[-1][0] if more else max(cursor, high_water)
    return _serialise(session, principal, page), next_cursor, more


def _serialise(
    session: Session, principal: Principal, page: list[tuple[int, Entity | None, Any]]
) -> list[PulledChange]:
    live: dict[str, list[Any]] = {}  # rows of the records' tables
    for _seq, entity, record in page:
        if entity is not None and record.deleted_at is None:
            live.setdefault(entity.name, []).append(record)
    fields = {name: ENTITIES[name].fields_of(session, records) for name, records in live.items()}
    # A roepnaam not shared in the team stays off the phones of those who did not hear it,
    # and so does free text naming her.
    names = sight(session, principal.team.id, principal.user.id)
    if names.names:
        for name, by_id in fields.items():
            for record_id, record_fields in by_id.items():
                if name == "person" and record_id in names.names:
                    record_fields["first_name"] = None
                shown_fields(names, name, record_fields)
    changes = []
    for _seq, entity, record in page:
        if entity is None:  # a tombstone, or a record that left the user's scope
            changes.append(
                PulledChange.model_construct(
                    entity=record.entity,
                    id=record.record_id,
                    version=record.version if isinstance(record, _ScopeExit) else 0,
                    deleted=True,
                    fields=None,
                )
            )
        elif record.deleted_at is not None:
            changes.append(
                PulledChange.model_construct(
                    entity=entity.name,
                    id=record.id,
                    version=record.version,
                    deleted=True,
                    fields=None,
                )
            )
        else:
            changes.append(
                PulledChange.model_construct(
                    entity=entity.name,
                    id=record.id,
                    version=record.version,
                    deleted=False,
                    fields=fields[entity.name][record.id],
                )
            )
    return changes
