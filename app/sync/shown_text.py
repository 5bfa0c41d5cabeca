"""Free text as a team member may see it (app.people.sharing): what a phone pulls reads
"een bewoner" where a name not shared with its user was written, and what a page or a phone
sends back of such a text is made on the text as written (`onto_real`), so the name stays
where the one who heard it wrote it. The free-text fields are the ones a withdrawn name is
scrubbed from (app.people.scrub), and a bewoner's herkenning."""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session

from app.changes.models import SyncedRecord
from app.people.names import NameMatcher, onto_real
from app.people.scrub import ENTITY, JSON_TEXT_FIELDS, TEXT_FIELDS
from app.people.sharing import NameSight, bewoner_phrases, hide, unkept_names
from app.sync.entities import Fields
from app.sync.history import fields_at

TEXT: dict[str, tuple[str, ...]] = {
    **{ENTITY[model]: names for model, names in TEXT_FIELDS.items()},
    "person": ("recognition",),
}
# Free text inside a JSON list of a record (an idea's asks): each item's text keys.
JSON_TEXT: dict[str, dict[str, tuple[str, ...]]] = {
    ENTITY[model]: names for model, names in JSON_TEXT_FIELDS.items()
}


def shown_fields(names: NameSight, entity: str, fields: Fields) -> Fields:
    """`fields` (wire fields of one record) as `names`' viewer may see them, changed in place."""
    if not names.names:
        return fields
    for name in TEXT.get(entity, ()):
        value = fields.get(name)
        if isinstance(value, str):
            fields[name] = names.text(value)
    for name, keys in JSON_TEXT.get(entity, {}).items():
        items = fields.get(name)
        if isinstance(items, list):
            fields[name] = [_item(names, item, keys) for item in items]
    return fields


def _item(names: NameSight, item: Any, keys: tuple[str, ...]) -> Any:
    if not isinstance(item, dict):
        return item
    return {**item, **{k: names.text(item[k]) for k in keys if isinstance(item.get(k), str)}}


def as_written(
    session: Session,
    team_id: uuid.UUID,
    editor_id: uuid.UUID,
    entity: str,
    record: SyncedRecord,
    base_version: int,
    fields: Fields,
) -> Fields:
    """A change's text fields made on the text as written at `base_version`, wherever the
    editor left "een bewoner" standing for a name (`onto_real`).

    Not only the names hidden from the editor now: what their form or phone showed them at
    the time may have been hidden since un-hidden, or the other way round. A name they saw
    they sent back as it was, and a phrase they typed themselves lines up with no name, so
    every roepnaam of the team they do not keep is a name "een bewoner" may stand for. Of the
    names they keep, none ever read "een bewoner" to them. Every text field, not only free
    text: a page prints every value through the same filter (a street named after someone
    reads "een bewoner" too)."""
    phrases = bewoner_phrases()
    texts = [n for n, v in fields.items() if isinstance(v, str) and _stands(v, phrases)]
    lists = [n for n, v in fields.items() if isinstance(v, list) and _list_stands(v, phrases)]
    if not (texts or lists):
        return fields
    names = unkept_names(session, team_id, editor_id)
    if not names:
        return fields
    written = fields_at(session, entity, record, base_version)
    out = dict(fields)
    for name in texts:
        out[name] = _onto(names, phrases, written.get(name), fields[name])
    for name in lists:
        before = {
            item.get("id"): item for item in written.get(name) or [] if isinstance(item, dict)
        }
        out[name] = [_item_onto(names, phrases, before, item) for item in fields[name]]
    return out


def _stands(text: str, phrases: tuple[str, ...]) -> bool:
    folded = text.casefold()
    return any(p.casefold() in folded for p in phrases)


def _list_stands(items: list[Any], phrases: tuple[str, ...]) -> bool:
    return any(
        isinstance(item, dict)
        and any(isinstance(v, str) and _stands(v, phrases) for v in item.values())
        for item in items
    )


def _item_onto(
    names: NameMatcher, phrases: tuple[str, ...], before: dict[Any, Any], item: Any
) -> Any:
    if not isinstance(item, dict) or item.get("id") not in before:
        return item  # a new item: all of it is the editor's
    real = before[item["id"]]
    return {k: _onto(names, phrases, real.get(k), v) for k, v in item.items()}


def _onto(names: NameMatcher, phrases: tuple[str, ...], real: Any, edited: Any) -> Any:
    if not isinstance(real, str) or not isinstance(edited, str) or not _stands(edited, phrases):
        return edited
    if not names.contains(real):
        return edited
    return onto_real(real, hide(names, real), edited, phrases)
