"""Time as the team reads it: one time zone (Amsterdam) and one way to write a date, in the
request's language (app.i18n; Dutch unless another is chosen), for pages, exports and filters
alike. Stored moments are UTC (app.db)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from app.i18n import current_locale

LOCAL = ZoneInfo("Europe/Amsterdam")


def local_midnight(day: date) -> datetime:
    """The start of a local day, in UTC: where a period of whole days begins."""
    return datetime.combine(day, time(0), tzinfo=LOCAL).astimezone(UTC)


def local_today(now: datetime) -> date:
    return now.astimezone(LOCAL).date()


def nl_date(value: date | datetime | None, fmt: str = "EEEE d MMMM") -> str:
    """A date or moment in the request's language (Dutch by default), in Amsterdam time. A
    stored value that cannot be converted (year 1 or 9999, from before pushes were checked) is
    shown unconverted rather than failing the page: the team sees the odd date and can
    correct it."""
    if value is None:
        return ""
    try:
        if isinstance(value, datetime):
            try:
                return format_datetime(value, fmt, locale=current_locale(), tzinfo=LOCAL)
            except (OverflowError, ValueError):
                return format_datetime(value, fmt, locale=current_locale())
        return format_date(value, fmt, locale=current_locale())
    except (OverflowError, ValueError):
        return value.isoformat()
