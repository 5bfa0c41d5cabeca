"""The one Jinja2 environment: translations, Dutch dates, versioned static URLs."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from fastapi import Request
from fastapi.templating import Jinja2Templates

from app.conversations.labels import label, status_label
from app.conversations.sensitive import sensitive_warnings
from app.i18n import DEFAULT_LOCALE, translations
from app.security import csrf_token_for

TEMPLATE_DIR = Path(__file__).parent / "templates"
DISPLAY_TIMEZONE = ZoneInfo("Europe/Amsterdam")


def request_context(request: Request) -> dict[str, Any]:
    """What every page needs: the form token and who is logged in (set by the auth deps)."""
    return {
        "csrf_token": csrf_token_for(request.app.state.settings, request.state.csrf_secret),
        "principal": getattr(request.state, "principal", None),
    }


templates = Jinja2Templates(directory=TEMPLATE_DIR, context_processors=[request_context])
env = templates.env
env.add_extension("jinja2.ext.i18n")
env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]


def nl_date(value: date | datetime | None, fmt: str = "EEEE d MMMM") -> str:
    """A date or moment in Dutch, in Amsterdam time. A stored value that cannot be converted
    (year 1 or 9999, from before pushes were checked) is shown unconverted rather than
    failing the page: the team sees the odd date and can correct it."""
    if value is None:
        return ""
    try:
        if isinstance(value, datetime):
            try:
                return format_datetime(value, fmt, locale=DEFAULT_LOCALE, tzinfo=DISPLAY_TIMEZONE)
            except (OverflowError, ValueError):
                return format_datetime(value, fmt, locale=DEFAULT_LOCALE)
        return format_date(value, fmt, locale=DEFAULT_LOCALE)
    except (OverflowError, ValueError):
        return value.isoformat()


env.filters["nl_date"] = nl_date
env.globals["label"] = label
env.globals["status_label"] = status_label
env.globals["sensitive_warnings"] = sensitive_warnings
