"""Translation. Source strings are Dutch; an English (or other) catalogue can follow in
app/locale/<lang>/LC_MESSAGES/messages.mo, extracted with `pybabel extract -F babel.cfg`."""

from __future__ import annotations

from pathlib import Path

from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).parent / "locale"
DEFAULT_LOCALE = "nl"


def load_translations(locale: str = DEFAULT_LOCALE) -> NullTranslations:
    return Translations.load(str(LOCALE_DIR), locales=[locale], domain="messages")


translations = load_translations()


def gettext(message: str) -> str:
    return translations.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations.ngettext(singular, plural, n)
