"""Judging one pushed change's fields: the entity's input shape, and the refusal a device is
told in Dutch. Shared by the one-by-one engine and the batch path for new records."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from app.i18n import gettext as _
from app.sync.entities import Entity, Fields


class Rejected(Exception):
    """A change the server refuses, with the reason the device shows (it keeps the change)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def validate(entity: Entity, fields: Fields) -> Any:
    assert entity.schema is not None
    try:
        return entity.schema.model_validate(fields)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'veld'}: {error['msg']}"
            for error in exc.errors()[:5]
        )
        raise Rejected(_("Niet goed ingevuld: {problems}").format(problems=problems)) from None
