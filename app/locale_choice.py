"""Which language a request of the team's pages is answered in (pure ASGI, no database).

The user's own language (User.language) is read with the session by app.auth.dependencies,
which then prefers it (app.i18n.prefer_locale): no query of its own. Pages that read no
session — the shell's Vandaag and Nieuw gesprek, kept by the service worker, and the login —
know it from a cookie this middleware keeps in step with it on every page that did read the
session. Without either, the browser's Accept-Language among app.i18n.TEAM_LOCALES; else
Dutch. Set before any route or worker thread runs, so every page, error page, label and date
of the request follows it."""

from __future__ import annotations

from collections.abc import Sequence

from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import Settings
from app.i18n import DEFAULT_LOCALE, TEAM_LOCALES, current_locale, use_locale, users_locale

# An Accept-Language header longer than this is no browser's; its start is read.
MAX_HEADER = 500
COOKIE_MAX_AGE = 400 * 24 * 3600  # the longest browsers keep a cookie


def language_cookie_name(settings: Settings) -> str:
    return "__Host-ot_lang" if settings.is_production else "ot_lang"


def first_offered(accept_language: str | None, offered: Sequence[str]) -> str | None:
    """The first of the browser's languages (by weight, then order) among `offered`:
    "en-GB,en;q=0.9" is English, "fr,en;q=0.5" too, "de" none."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate((accept_language or "")[:MAX_HEADER].split(",")):
        tag, _, params = item.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        language = tag.strip().split("-")[0].lower()
        if weight > 0 and language in offered:
            ranked.append((-weight, position, language))
    return min(ranked)[2] if ranked else None


def browser_locale(accept_language: str | None) -> str:
    """The browser's language among the team's pages' (nl, en), else Dutch."""
    return first_offered(accept_language, TEAM_LOCALES) or DEFAULT_LOCALE


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class LocaleMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.cookie = language_cookie_name(settings)
        self.secure = "; Secure" if settings.is_production else ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        browser = browser_locale(_header(scope, b"accept-language"))
        kept = cookie_parser(_header(scope, b"cookie") or "").get(self.cookie, "")
        kept = kept if kept in TEAM_LOCALES else ""

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # Read as the answer starts: by then the user's own language is known. The
                # service worker compares it with its kept shell pages (app/templates/pwa/sw.js).
                # No Vary: Accept-Language: no cache may keep a page (app.security), and the
                # service worker's Cache.match would then miss its kept shell files.
                headers.setdefault("content-language", current_locale())
                users = users_locale()
                if users is not None and users != kept:
                    headers.append("set-cookie", self._cookie(users))
            await send(message)

        with use_locale(kept or browser, fallback=browser):
            await self.app(scope, receive, send_with_language)

    def _cookie(self, language: str) -> str:
        age = COOKIE_MAX_AGE if language else 0
        return (
            f"{self.cookie}={language}; Path=/; Max-Age={age}; HttpOnly; SameSite=Lax{self.secure}"
        )
