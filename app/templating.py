"""The one Jinja2 environment: translations and Dutch dates. The domain's words for its
values are added as globals by the app factory (app.main), so this module stays low."""

from __future__ import annotations

import json
from collections.abc import Callable
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates
from markupsafe import Markup
from starlette.types import ASGIApp, Receive, Scope, Send

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


class _Viewer:
    """The text filter of one request's viewer. A dependency learns who that is in a worker
    thread whose context is a copy; it fills in this cell, which the request's context and
    all its copies share (as app.i18n does for the language)."""

    __slots__ = ("text",)

    def __init__(self) -> None:
        self.text: Callable[[str], str] | None = None


_viewer: ContextVar[_Viewer | None] = ContextVar("viewer", default=None)


class ViewerMiddleware:
    """A cell per request for its viewer's text filter (`print_for_viewer`)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        token = _viewer.set(_Viewer() if scope["type"] == "http" else None)
        try:
            await self.app(scope, receive, send)
        finally:
            _viewer.reset(token)


def print_for_viewer(text: Callable[[str], str] | None) -> None:
    """From here on, every value this request's templates print passes `text` (None: as it
    is). Set by the auth deps from app.people.sharing: a name not shared with the viewer
    reads "een bewoner"."""
    cell = _viewer.get()
    if cell is not None:
        cell.text = text


def as_the_viewer_may_see(value: Any) -> Any:
    """Every value a template prints (Jinja's `finalize`), macros included, through the
    request viewer's text filter, if any."""
    if value is None or isinstance(value, bool | int | float):
        return value
    cell = _viewer.get()
    text = cell.text if cell is not None else None
    if text is None:
        return value
    if not isinstance(value, str):
        # Printed as text anyway: a list or a dict shows its strings.
        value = Markup(value.__html__()) if hasattr(value, "__html__") else str(value)  # noqa: S704
    if not value:
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
