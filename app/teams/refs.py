"""Looking up what a change refers to, within one team only.

One TeamRefs serves one use case. It caches what it loaded, and can be filled in advance
(`prefetch`) so that checking a whole sync batch costs one query per table, not per change.
Both the single-record and the batch paths run the same domain checks through it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, TypeVar

from sqlmodel import Session, col, select

from app.changes.models import SyncedRecord
from app.errors import AppError
from app.i18n import gettext as _
from app.teams.models import Membership, Team

RecordT = TypeVar("RecordT", bound=SyncedRecord)


class TeamRefs:
    def __init__(self, session: Session, team: Team) -> None:
        self.session = session
        self.team = team
        self._cache: dict[tuple[type[Any], uuid.UUID], Any] = {}
        self._members: set[uuid.UUID] | None = None

    def prefetch(self, model: type[RecordT], ids: Iterable[uuid.UUID]) -> None:
        missing = {i for i in ids if (model, i) not in self._cache}
        if not missing:
            return
        for record in self.session.exec(
            select(model).where(col(model.id).in_(missing), model.team_id == self.team.id)
        ):
            self._cache[(model, record.id)] = record
        for record_id in missing:
            self._cache.setdefault((model, record_id), None)

    def get(self, model: type[RecordT], record_id: uuid.UUID) -> RecordT | None:
        self.prefetch(model, [record_id])
        record: RecordT | None = self._cache[(model, record_id)]
        return record

    def require(self, model: type[RecordT], ids: Iterable[uuid.UUID]) -> list[RecordT]:
        wanted = list(dict.fromkeys(ids))
        self.prefetch(model, wanted)
        found = [self._cache[(model, i)] for i in wanted]
        if any(record is None for record in found):
            raise AppError(_("Niet alles waarnaar verwezen wordt hoort bij je team."))
        return found

    def add(self, model: type[SyncedRecord], record: Any) -> None:
        """A record made earlier in the same batch, which later changes may refer to."""
        self._cache[(model, record.id)] = record

    def is_member(self, user_id: uuid.UUID) -> bool:
        if self._members is None:
            self._members = set(
                self.session.exec(
                    select(Membership.user_id).where(Membership.team_id == self.team.id)
                )
            )
        return user_id in self._members
