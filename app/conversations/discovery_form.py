"""The discovery page's form as wire fields (app.sync.entities.discovery_fields' names and
shapes), so the page's save is the same change a phone pushes. Which fields a form carries
depends on the kind; the schema and app.conversations.service judge the values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.datastructures import FormData

from app.conversations.models import DiscoveryKind
from app.i18n import gettext as _
from app.validation import InputError, clean_text, parse_whole_number

Fields = dict[str, Any]
TEXT = ("title", "description")
# What each kind adds to the title, description, themes and visibility every kind has.
KIND_FIELDS: Mapping[str, tuple[str, ...]] = {
    DiscoveryKind.quality: ("person_ids", "quality_type", "dimensions", "willingness"),
    DiscoveryKind.group: ("person_ids", "group_would_like", "group_if_asked"),
    DiscoveryKind.institution: ("person_ids", "offers"),
    DiscoveryKind.place: ("person_ids", "place_type"),
    DiscoveryKind.exchange: ("person_ids", "exchange_type"),
    DiscoveryKind.story: ("person_ids",),
    DiscoveryKind.connection: ("connection_kind", "status", "from_ref", "to_ref"),
    DiscoveryKind.idea: (
        "status",
        "trekker_ids",
        "supporter_ids",
        "idea_self",
        "idea_little_help",
        "idea_outside",
        "asks",
    ),
}
LISTS = {"person_ids", "trekker_ids", "supporter_ids", "themes", "dimensions", "willingness"}
LISTS |= {"offers"}
CHOICES = {"status", "quality_type", "place_type", "exchange_type", "connection_kind"}
REFS = {"from_ref", "to_ref"}
LONG = {"group_would_like", "group_if_asked", "idea_self", "idea_little_help", "idea_outside"}
# What the weekoverleg lets the team fill in on an item, per kind.
COMPLETE_FIELDS: Mapping[str, tuple[str, ...]] = {
    DiscoveryKind.group: ("group_would_like", "group_if_asked"),
    DiscoveryKind.idea: ("idea_self", "idea_little_help", "idea_outside"),
}


def fields_for(kind: str, *, may_highlight: bool) -> tuple[str, ...]:
    names = (*TEXT, "themes", "visibility", *KIND_FIELDS.get(kind, ()))
    return (*names, "highlight") if may_highlight else names


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return clean_text(value).strip() if isinstance(value, str) else ""


def _texts(form: FormData, name: str) -> list[str]:
    return [clean_text(v).strip() for v in form.getlist(name) if isinstance(v, str)]


def _ref(text: str) -> dict[str, str] | None:
    if not text:
        return None
    kind, _sep, ref_id = text.partition(":")
    return {"type": kind, "id": ref_id}


def form_version(form: FormData) -> int:
    version = parse_whole_number(_text(form, "version"))
    if version is None or version < 1:
        raise InputError(_("Deze pagina was verlopen. Laad de pagina opnieuw."))
    return version


def _asks(form: FormData) -> list[dict[str, Any]]:
    """The rows of the asks table: an empty new row is no ask, a ticked "weg" removes one."""
    removed = set(_texts(form, "ask_remove"))
    known = set(_texts(form, "ask_known"))
    columns = [
        _texts(form, name)
        for name in ("ask_id", "ask_what", "ask_offer", "ask_institution", "ask_partner")
    ]
    statuses = _texts(form, "ask_status")
    if len({len(c) for c in columns}) != 1 or len(statuses) != len(columns[0]):
        raise InputError(_("Deze pagina was verlopen. Laad de pagina opnieuw."))
    asks = []
    for ask_id, what, offer, institution, partner, status in zip(*columns, statuses, strict=True):
        if ask_id in removed or (not what and ask_id not in known):
            continue
        asks.append(
            {
                "id": ask_id,
                "what": what,
                "offer": offer or None,
                "institution_id": institution or None,
                "partner": "" if institution else partner,
                "status": status,
            }
        )
    return asks


def parse_fields(form: FormData, names: tuple[str, ...]) -> Fields:
    """The named wire fields from a form; empty choices are none."""
    fields: Fields = {}
    for name in names:
        if name in LISTS:
            fields[name] = list(dict.fromkeys(v for v in _texts(form, name) if v))
        elif name in CHOICES:
            fields[name] = _text(form, name) or None
        elif name in REFS:
            fields[name] = _ref(_text(form, name))
        elif name == "asks":
            fields[name] = _asks(form)
        elif name == "highlight":
            fields[name] = _text(form, name) == "1"
        else:
            fields[name] = _text(form, name)
    return fields


def discovery_form(form: FormData, kind: str, *, may_highlight: bool) -> Fields:
    return parse_fields(form, fields_for(kind, may_highlight=may_highlight))
