"""Judging one pushed change's fields: the entity's input shape, and the refusal a device is
told in Dutch. Shared by the one-by-one engine and the batch path for new records."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from app.i18n import gettext as _
from app.sync.entities import Entity, Fields
from app.validation import STRINGS_CLEAN


class Rejected(Exception):
    """A change the server refuses, with the reason the device shows (it keeps the change)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def validate(entity: Entity, fields: Fields, *, strings_clean: bool = False) -> Any:
    """The entity's input shape of these fields. `strings_clean`: every string in them was
    cleaned already (app.validation.clean_strings), as PushIn does for a whole batch."""
    schema = entity.schema
    assert schema is not None
    try:
        return schema.model_validate(fields, context=STRINGS_CLEAN if strings_clean else None)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in error['loc']) or 'veld'}: {error['msg']}"
            for error in exc.errors()[:5]
        )
        raise Rejected(_("Niet goed ingevuld: {problems}").format(problems=problems)) from None
