"""Which language a bewoner's own page speaks: the one she chose on it (remembered in a
cookie for her pages only), else her browser's among the four her page speaks, else Dutch.
Each translation awaits review by a native speaker before use with residents
(app/locale/<lang>/LC_MESSAGES/messages.po says so)."""

from __future__ import annotations

from fastapi import Request, Response

from app.i18n import DEFAULT_LOCALE, LOCALES, speak_locale
from app.locale_choice import first_offered

COOKIE = "taal"
COOKIE_PATH = "/mijn"
COOKIE_AGE = 365 * 24 * 3600
# Each language named in itself, for the switcher.
NAMES = {"nl": "Nederlands", "en": "English", "tr": "Türkçe", "ar": "العربية"}


def browser_language(accept_language: str | None) -> str | None:
    """The first of her browser's languages that her page speaks: "ar-MA,fr;q=0.8" is
    Arabic, "de,tr;q=0.5" Turkish, "de" none."""
    return first_offered(accept_language, LOCALES)


def chosen(request: Request) -> str | None:
    """A language she picked just now on the page (?taal=ar)."""
    value = request.query_params.get(COOKIE, "")
    return value if value in LOCALES else None


def resident_language(request: Request) -> str:
    remembered = request.cookies.get(COOKIE, "")
    return (
        chosen(request)
        or (remembered if remembered in LOCALES else None)
        or browser_language(request.headers.get("accept-language"))
        or DEFAULT_LOCALE
    )


async def speak_her_language(request: Request) -> None:
    """A router dependency (async, so the endpoint's worker thread inherits it)."""
    speak_locale(resident_language(request))


def remember(request: Request, response: Response) -> Response:
    """Her choice on the page, kept for her pages only."""
    language = chosen(request)
    if language is not None:
        response.set_cookie(
            COOKIE,
            language,
            max_age=COOKIE_AGE,
            path=COOKIE_PATH,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
    return response
