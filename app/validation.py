"""What every input obeys, wherever it comes from (a phone's push, a page's form, a URL):

- unknown fields are an error, never silently ignored (`StrictInput`);
- text loses the characters no one can have meant (`clean_text`): C0 controls other than tab,
  newline and carriage return, lone surrogates, and the noncharacters U+FFFE, U+FFFF and
  U+FDD0–U+FDEF. They are invisible, PostgreSQL refuses NUL, UTF-8 cannot carry a lone
  surrogate and XML (so XLSX) forbids most of them. Stripped rather than refused, the same on
  both databases: the rest of what the worker wrote is worth keeping, and a phone could not
  correct what it cannot show;
- dates lie in a window every page can show (`DayInWindow`, `MomentInWindow`, `HappenedAt`,
  and `parse_day` for forms and URLs): from 2000 to the end of the fifth year from now. Far
  enough from year 1 and year 9999 that converting to any time zone, or adding a retention
  period, cannot overflow;
- numbers are plain ASCII digits of a bounded length (`parse_whole_number`).
"""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError
from sqlmodel import SQLModel
from sqlmodel._compat import SQLModelConfig

from app.i18n import gettext as _

UNMEANT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
EARLIEST_DAY = date(2000, 1, 1)
YEARS_AHEAD = 5
# A conversation has happened; a little ahead of the server's clock is a phone's clock or time
# zone being off (time zones alone span 26 hours), more is a wrong date the worker can correct.
FUTURE_SLACK = timedelta(days=2)

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class InputError(ValueError):
    """A value that cannot be meant, with the Dutch sentence that says so."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def clean_text(text: str) -> str:
    return UNMEANT.sub("", text)


# A form field's text, cleaned like every pushed text: `Annotated[FormText, Form(...)]`.
FormText = Annotated[str, AfterValidator(clean_text)]


def clean_strings(value: object) -> object:
    """Every string in a parsed JSON or form value, keys included, cleaned."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict | list) and _surely_clean(value):
        return value
    return _clean_walk(value)


# What an unmeant character looks like in json.dumps (ASCII only): an escape of a control
# character (\u0001, \b, \f), of a surrogate or of a noncharacter. A written backslash
# followed by "b", or an emoji (a surrogate pair), matches too; that only costs the full walk.
_UNMEANT_IN_JSON = re.compile(r"\\(?:u(?:00[01]|d[89a-f]|fd[de]|fff[ef])|[bf])")


def _surely_clean(value: dict[object, object] | list[object]) -> bool:
    """One scan of the whole value in C, instead of a Python call per string: a push of 200
    changes has a few thousand strings, and nearly always nothing to clean."""
    try:
        dumped = json.dumps(value)
    except (TypeError, ValueError):
        return False
    return _UNMEANT_IN_JSON.search(dumped) is None


def _clean_walk(value: object) -> object:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {_clean_walk(k): _clean_walk(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_clean_walk(v) for v in value)
    return value


# Validation context of a value every string of which was cleaned already (a pushed change's
# fields, cleaned with the whole batch by PushIn): cleaning is idempotent, so not again.
STRINGS_CLEAN = {"strings_clean": True}


class StrictInput(SQLModel):
    model_config = SQLModelConfig(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _clean_strings(cls, data: object, info: ValidationInfo) -> object:
        if info.context is STRINGS_CLEAN:
            return data
        return clean_strings(data)


# ------------------------------------------------------------------------------ dates


def latest_day() -> date:
    return date(datetime.now(UTC).year + YEARS_AHEAD, 12, 31)


def _window_error() -> InputError:
    return InputError(
        _("Deze datum kan niet kloppen: kies een datum tussen {first} en {last}.").format(
            first=EARLIEST_DAY.year, last=latest_day().year
        )
    )


def check_day(day: date) -> date:
    if not EARLIEST_DAY <= day <= latest_day():
        raise _window_error()
    return day


def parse_day(text: str) -> date:
    """A day typed in a form or a URL: jjjj-mm-dd in ASCII digits, inside the window."""
    text = text.strip()
    if not ISO_DAY.fullmatch(text):
        raise InputError(_("Vul een datum in als jjjj-mm-dd."))
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise InputError(_("Vul een datum in als jjjj-mm-dd.")) from None
    return check_day(day)


def _in_window(day: date) -> date:
    try:
        return check_day(day)
    except InputError as exc:
        raise PydanticCustomError("date_window", exc.message) from None


def _moment_in_window(moment: datetime) -> datetime:
    # The calendar day as the sender wrote it: no conversion, so nothing can overflow.
    _in_window(moment.date())
    return moment


def _not_in_future(moment: datetime) -> datetime:
    # Aware datetimes subtract to a timedelta: no overflow, whatever the offsets.
    if moment - datetime.now(UTC) > FUTURE_SLACK:
        raise PydanticCustomError(
            "in_future",
            _("Deze datum ligt in de toekomst. Klopt de datum, en de klok van je telefoon?"),
        )
    return moment


DayInWindow = Annotated[date, AfterValidator(_in_window)]
MomentInWindow = Annotated[AwareDatetime, AfterValidator(_moment_in_window)]
# When something happened, as the worker typed it (and can correct it). Moments a phone stamps
# by itself (consent given, follow-up done) only get the window: a phone whose clock runs ahead
# would have no way to send them at all.
HappenedAt = Annotated[MomentInWindow, AfterValidator(_not_in_future)]


# ------------------------------------------------------------------------------ numbers


def parse_whole_number(text: str, *, max_digits: int = 9) -> int | None:
    """A whole number as typed, or None: ASCII digits only (str.isdigit() also passes "²",
    which int() refuses, and int() takes " 1_000 " and "١٢"), at most max_digits of them."""
    if len(text) > max_digits or not (text.isascii() and text.isdigit()):
        return None
    return int(text)
