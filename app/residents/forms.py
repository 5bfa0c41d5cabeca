"""Her page's forms as proposals (app.residents.proposals): only the fields a form carries."""

from __future__ import annotations

from starlette.datastructures import FormData

from app.residents.proposals import CHOICE_LISTS, PROPOSABLE, Proposed
from app.validation import clean_text, parse_whole_number

# One value each; the checkbox lists (unticked they send nothing) say the form showed them.
TEXTS = tuple(n for n in PROPOSABLE if n not in CHOICE_LISTS and n != "new_ask")


def _text(form: FormData, name: str) -> str:
    value = form.get(name, "")
    return clean_text(value).strip() if isinstance(value, str) else ""


def proposed_from(form: FormData) -> Proposed:
    fields: dict[str, object] = {name: _text(form, name) for name in TEXTS if name in form}
    for name in CHOICE_LISTS:
        if f"{name}_shown" in form:
            fields[name] = [clean_text(v).strip() for v in form.getlist(name) if isinstance(v, str)]
    if _text(form, "new_ask_what"):
        fields["new_ask"] = {
            "what": _text(form, "new_ask_what"),
            "partner": _text(form, "new_ask_partner"),
        }
    return Proposed(fields, _text(form, "remark"))


def form_version(form: FormData) -> int:
    return parse_whole_number(_text(form, "version"), max_digits=9) or 1


def scopes_from(form: FormData) -> list[str]:
    return [v for v in form.getlist("scope") if isinstance(v, str)]
