"""A stored value as the weekoverleg's "Twee keer aangepast" card shows it: a moment as a
date, a choice by its word, an idea's asks as what is asked of whom, a list as a list; never
a raw timestamp or a Python list."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from app.conversations.labels import label
from app.dates import nl_date
from app.i18n import gettext as _
from app.i18n import ngettext

# Fields whose values are words of a label group (app.conversations.labels).
GROUPS = {
    "dimensions": "dimension",
    "willingness": "willingness",
    "quality_type": "quality_type",
    "visibility": "visibility",
    "connection_kind": "connection_kind",
    "place_type": "place_type",
    "exchange_type": "exchange_type",
    "offers": "offer",
    "language": "conversation_language",
}
ENTITY_KIND = {"conversation": "conversation_kind", "discovery": "discovery_kind"}
NOTHING = "—"
UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def shown_value(entity: str, name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return NOTHING
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, list):
        ids = [v for v in value if isinstance(v, str) and UUID.match(v)]
        if ids and len(ids) == len(value):  # people, themes, prompts: how many
            return ngettext("%(num)s gekozen", "%(num)s gekozen", len(ids)) % {"num": len(ids)}
        return "; ".join(_one(entity, name, v) for v in value)
    return _one(entity, name, value)


def _one(entity: str, name: str, value: Any) -> str:
    if isinstance(value, dict):
        return _ask(value) if "what" in value else ", ".join(f"{k}: {v}" for k, v in value.items())
    if not isinstance(value, str):
        return str(value)
    moment = _moment(name, value)
    if moment is not None:
        return moment
    if name == "kind" and entity in ENTITY_KIND:
        return label(ENTITY_KIND[entity], value)
    if name in GROUPS:
        return label(GROUPS[name], value)
    if name == "status":
        for group in ("idea_phase", "connection_status", "review_status", "ask_status"):
            shown = label(group, value)
            if shown != value:
                return shown
    return value


def _moment(name: str, value: str) -> str | None:
    try:
        if name.endswith("_at"):
            return nl_date(datetime.fromisoformat(value), "d MMMM yyyy, HH:mm")
        if name.endswith("_on"):
            return nl_date(date.fromisoformat(value), "d MMMM yyyy")
    except ValueError:
        return None
    return None


def _ask(ask: dict[str, Any]) -> str:
    who = ask.get("partner") or _("een instelling")
    status = label("ask_status", ask.get("status") or "asked")
    return f"{ask.get('what', '')} — {who} ({status})"
