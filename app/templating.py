"""The one Jinja2 environment: translations and Dutch dates. The domain's words for its
values are added as globals by the app factory (app.main), so this module stays low."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from app.dates import nl_date
from app.i18n import current_locale, gettext, ngettext, text_direction
from app.security import csrf_token_for

TEMPLATE_DIR = Path(__file__).parent / "templates"


def request_context(request: Request) -> dict[str, Any]:
    """What every page needs: the form token and who is logged in (set by the auth deps)."""
    return {
        "csrf_token": csrf_token_for(request.app.state.settings, request.state.csrf_secret),
        "principal": getattr(request.state, "principal", None),
    }


@pass_context
def as_the_viewer_may_see(context: Context, value: Any) -> Any:
    """Every value a template prints (Jinja's `finalize`), through the text filter the
    request's viewer comes with, if any (`request.state.name_text`, set by the auth deps
    from app.people.sharing: a bewoner's name not shared with them reads "een bewoner")."""
    if not isinstance(value, str) or not value:
        return value
    request = context.get("request")
    text = getattr(getattr(request, "state", None), "name_text", None)
    if text is None:
        return value
    shown = text(value)
    if shown == value:
        return value
    # Safe markup with whole words swapped for a plain constant stays safe.
    return Markup(shown) if isinstance(value, Markup) else shown  # noqa: S704


templates = Jinja2Templates(directory=TEMPLATE_DIR, context_processors=[request_context])
env = templates.env
# Set before any template compiles: Jinja builds the call into the compiled template.
env.finalize = as_the_viewer_may_see
env.add_extension("jinja2.ext.i18n")
# Read per call, so each request's language (app.i18n) shows.
env.install_gettext_callables(gettext, ngettext, newstyle=True)  # type: ignore[attr-defined]


env.filters["nl_date"] = nl_date


def js_string(text: str) -> Markup:
    """A string literal for an Alpine expression in an attribute, whatever a translation
    holds (quotes, apostrophes): JSON, escaped for HTML."""
    return Markup.escape(json.dumps(text))


env.filters["js_string"] = js_string
env.globals.update(current_locale=current_locale, text_direction=text_direction)
