"""Free text as a team member may see it (app.people.sharing): what a phone pulls reads
"een bewoner" where a name not shared with its user was written, and what a page or a phone
sends back of such a text is made on the text as written (`onto_real`), so the name stays
where the one who heard it wrote it. The free-text fields are the ones a withdrawn name is
scrubbed from (app.people.scrub), and a bewoner's herkenning."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app.auth.service import Principal
from app.changes.models import SyncedRecord
from app.people.names import onto_real
from app.people.scrub import ENTITY, JSON_TEXT_FIELDS, TEXT_FIELDS
from app.people.sharing import NameSight, sight
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
    principal: Principal,
    entity: str,
    record: SyncedRecord,
    base_version: int,
    fields: Fields,
) -> Fields:
    """The free text of a change, made on the text as written at `base_version`: the
    principal saw it (and edited it) with names not shared with them as "een bewoner"."""
    names = sight(session, principal.team.id, principal.user.id)
    texts = [n for n in TEXT.get(entity, ()) if isinstance(fields.get(n), str)]
    lists = [n for n in JSON_TEXT.get(entity, {}) if isinstance(fields.get(n), list)]
    if not names.names or not (texts or lists):
        return fields
    written = fields_at(session, entity, record, base_version)
    out = dict(fields)
    for name in texts:
        out[name] = _onto(names, written.get(name), fields[name])
    for name in lists:
        before = {
            item.get("id"): item for item in written.get(name) or [] if isinstance(item, dict)
        }
        keys = JSON_TEXT[entity][name]
        out[name] = [
            {
                **item,
                **{k: _onto(names, before[item["id"]].get(k), item[k]) for k in keys if k in item},
            }
            if isinstance(item, dict) and item.get("id") in before
            else item
            for item in fields[name]
        ]
    return out


def _onto(names: NameSight, real: Any, edited: Any) -> Any:
    if not isinstance(real, str) or not isinstance(edited, str) or not names.matcher.contains(real):
        return edited
    return onto_real(real, names.text(real), edited)
