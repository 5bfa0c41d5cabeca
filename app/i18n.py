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
    `prefer_locale` changes the cell that the request's context and all its copies share.
    `fallback` is the language when the user has none of their own (the browser's); `users`
    what the user chose: None while unknown, "" for the browser's."""

    __slots__ = ("fallback", "locale", "users")

    def __init__(self, locale: str, fallback: str) -> None:
        self.locale = locale
        self.fallback = fallback
        self.users: str | None = None


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
def use_locale(locale: str, *, fallback: str | None = None) -> Iterator[str]:
    """Everything said inside, in this language (the default for one not offered), or in
    `fallback` once a user without a language of their own is known (`prefer_locale`)."""
    chosen = locale if locale in LOCALES else DEFAULT_LOCALE
    token = _locale.set(_Choice(chosen, fallback if fallback in LOCALES else chosen))
    try:
        yield chosen
    finally:
        _locale.reset(token)


def prefer_locale(locale: str | None) -> None:
    """The user's own language (None: the browser's): from here on the innermost `use_locale`
    says everything in it, in this thread and in every other that shares its context, so a
    dependency can set it for the endpoint that runs after it."""
    choice = _locale.get()
    if choice is None:
        return
    chosen = locale if locale in LOCALES else None
    choice.users = chosen or ""
    choice.locale = chosen or choice.fallback


def users_locale() -> str | None:
    """What the user of this request chose, once known: a language, or "" for the browser's;
    None when no user was read."""
    choice = _locale.get()
    return choice.users if choice is not None else None


def speak_locale(locale: str) -> None:
    """This request's pages in this language, which is not a user's choice (a bewoner's own
    page: app.residents.language); one not offered is ignored."""
    choice = _locale.get()
    if choice is not None and locale in LOCALES:
        choice.locale = locale


def gettext(message: str) -> str:
    return load_translations(current_locale()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return load_translations(current_locale()).ngettext(singular, plural, n)
