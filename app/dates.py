"""Time as the team reads it: one time zone (Amsterdam) and one way to write a date in Dutch,
for pages, exports and filters alike. Stored moments are UTC (app.db)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime

from app.i18n import DEFAULT_LOCALE

LOCAL = ZoneInfo("Europe/Amsterdam")


def local_midnight(day: date) -> datetime:
    """The start of a local day, in UTC: where a period of whole days begins."""
    return datetime.combine(day, time(0), tzinfo=LOCAL).astimezone(UTC)


def local_today(now: datetime) -> date:
    return now.astimezone(LOCAL).date()


def nl_date(value: date | datetime | None, fmt: str = "EEEE d MMMM") -> str:
    """A date or moment in Dutch, in Amsterdam time. A stored value that cannot be converted
    (year 1 or 9999, from before pushes were checked) is shown unconverted rather than
    failing the page: the team sees the odd date and can correct it."""
    if value is None:
        return ""
    try:
        if isinstance(value, datetime):
            try:
                return format_datetime(value, fmt, locale=DEFAULT_LOCALE, tzinfo=LOCAL)
            except (OverflowError, ValueError):
                return format_datetime(value, fmt, locale=DEFAULT_LOCALE)
        return format_date(value, fmt, locale=DEFAULT_LOCALE)
    except (OverflowError, ValueError):
        return value.isoformat()
