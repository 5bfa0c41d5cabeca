"""A discovery as the overview shows it: only the columns the overview needs, read as plain
rows (a buurt can have 100,000 of them; full ORM objects cost five times as much), and a
value that can be changed (redacted) without ever touching the stored record."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import Text, cast
from sqlmodel import col

from app.conversations.models import Discovery


@dataclass(frozen=True, slots=True)
class Shown:
    id: uuid.UUID
    kind: str
    title: str
    description: str
    visibility: str
    status: str | None
    highlight: bool
    created_at: datetime
    dimensions: list[str]
    willingness: list[str]
    offers: list[str]
    place_type: str | None
    exchange_type: str | None
    connection_kind: str | None
    from_ref_type: str | None
    from_ref_id: uuid.UUID | None
    to_ref_type: str | None
    to_ref_id: uuid.UUID | None
    group_would_like: str
    group_if_asked: str
    idea_self: str
    idea_little_help: str
    idea_outside: str
    asks: list[dict[str, Any]]  # an idea's asks of partners (see app.export.asks)


SHOWN_FIELDS = tuple(f.name for f in fields(Shown))
JSON_FIELDS = ("dimensions", "willingness", "offers", "asks")
# JSON lists are read as text and parsed here: most are "[]", and SQLAlchemy's JSON type
# processing costs more than the parsing (measured at 100,000 rows).
SHOWN_COLUMNS: tuple[Any, ...] = tuple(
    cast(col(getattr(Discovery, name)), Text)
    if name in JSON_FIELDS
    else col(getattr(Discovery, name))
    for name in SHOWN_FIELDS
)
_JSON_AT = tuple(SHOWN_FIELDS.index(name) for name in JSON_FIELDS)


def json_list(raw: str | None) -> list[Any]:
    if not raw or raw == "[]":
        return []
    value = json.loads(raw)
    return value if isinstance(value, list) else []


def shown(row: Any) -> Shown:
    """From a row selected with SHOWN_COLUMNS first."""
    values = list(row[: len(SHOWN_FIELDS)])
    for index in _JSON_AT:
        values[index] = json_list(values[index])
    return Shown(*values)
