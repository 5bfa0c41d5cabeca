"""Translation. Source strings are Dutch; other languages are catalogues in
app/locale/<lang>/LC_MESSAGES/messages.mo, extracted with `pybabel extract -F babel.cfg`.

The language is per request (a context variable, so it follows the request into its worker
thread): `use_locale` sets it, and `gettext`, the templates, the labels and the dates all read
it. Without a catalogue for a language the Dutch source strings show. For the team's pages
app.locale_choice picks it per request: the user's own language, else the browser's.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LOCALE = "nl"
# The team's pages in Dutch and English; a bewoner's own page in these four.
TEAM_LOCALES = ("nl", "en")
LOCALES = (*TEAM_LOCALES, "tr", "ar")
RIGHT_TO_LEFT = frozenset({"ar"})


class _Choice:
    """The language in force. A cell, not a plain string: the user's own language is known
    only once a dependency has read the session, in a worker thread whose context is a copy;
    `prefer_locale` changes the cell that the request's context and all its copies share."""

    __slots__ = ("locale",)

    def __init__(self, locale: str) -> None:
        self.locale = locale


_locale: ContextVar[_Choice | None] = ContextVar("locale", default=None)


@functools.cache
def load_translations(locale: str = DEFAULT_LOCALE) -> NullTranslations:
    if locale == DEFAULT_LOCALE:
        return NullTranslations()  # the source strings are Dutch
    return Translations.load(str(LOCALE_DIR), locales=[locale], domain="messages")


def current_locale() -> str:
    choice = _locale.get()
    return choice.locale if choice is not None else DEFAULT_LOCALE


def text_direction(locale: str | None = None) -> str:
    return "rtl" if (locale or current_locale()) in RIGHT_TO_LEFT else "ltr"


@contextmanager
def use_locale(locale: str) -> Iterator[str]:
    """Everything said inside, in this language (the default for one not offered)."""
    chosen = locale if locale in LOCALES else DEFAULT_LOCALE
    token = _locale.set(_Choice(chosen))
    try:
        yield chosen
    finally:
        _locale.reset(token)


def prefer_locale(locale: str) -> None:
    """From here on, the innermost `use_locale` says everything in this language (one not
    offered is ignored), in this thread and in every other that shares its context: so a
    dependency can set the user's language for the endpoint that runs after it."""
    choice = _locale.get()
    if choice is not None and locale in LOCALES:
        choice.locale = locale


def gettext(message: str) -> str:
    return load_translations(current_locale()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return load_translations(current_locale()).ngettext(singular, plural, n)
