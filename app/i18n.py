"""Translation. Source strings are Dutch; other languages are catalogues in
app/locale/<lang>/LC_MESSAGES/messages.mo, extracted with `pybabel extract -F babel.cfg`.

The language is per request (a context variable, so it follows the request into its worker
thread): `use_locale` sets it, and `gettext`, the templates, the labels and the dates all read
it. Without a catalogue for a language the Dutch source strings show.
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
LOCALES = ("nl", "en", "tr", "ar")
RIGHT_TO_LEFT = frozenset({"ar"})

_locale: ContextVar[str] = ContextVar("locale", default=DEFAULT_LOCALE)


@functools.cache
def load_translations(locale: str = DEFAULT_LOCALE) -> NullTranslations:
    if locale == DEFAULT_LOCALE:
        return NullTranslations()  # the source strings are Dutch
    return Translations.load(str(LOCALE_DIR), locales=[locale], domain="messages")


def current_locale() -> str:
    return _locale.get()


def text_direction(locale: str | None = None) -> str:
    return "rtl" if (locale or current_locale()) in RIGHT_TO_LEFT else "ltr"


@contextmanager
def use_locale(locale: str) -> Iterator[str]:
    """Everything said inside, in this language (the default for one not offered)."""
    chosen = locale if locale in LOCALES else DEFAULT_LOCALE
    token = _locale.set(chosen)
    try:
        yield chosen
    finally:
        _locale.reset(token)


def prefer_locale(locale: str) -> None:
    """From here on, this request says everything in this language (one not offered is
    ignored). Called from an async dependency, so the endpoint's worker thread inherits it."""
    if locale in LOCALES:
        _locale.set(locale)


def gettext(message: str) -> str:
    return load_translations(_locale.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return load_translations(_locale.get()).ngettext(singular, plural, n)
