"""Which language a request of the team's pages is answered in (pure ASGI, no database): the
browser's Accept-Language among app.i18n.TEAM_LOCALES, else Dutch. Set before any route or
worker thread runs, so every page, error page, label and date of the request follows it. The
user's own language (User.language) is read with the session, by app.auth.dependencies,
which then prefers it (app.i18n.prefer_locale): no query of its own."""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.i18n import DEFAULT_LOCALE, TEAM_LOCALES, current_locale, use_locale

# An Accept-Language header longer than this is no browser's; its start is read.
MAX_HEADER = 500


def browser_locale(accept_language: str | None) -> str:
    """The first of the browser's languages (by weight, then order) that the team's pages
    speak: "en-GB,en;q=0.9" is English, "fr,en;q=0.5" too, "de" is Dutch."""
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
        if weight > 0 and language in TEAM_LOCALES:
            ranked.append((-weight, position, language))
    return min(ranked)[2] if ranked else DEFAULT_LOCALE


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


class LocaleMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return

        async def send_with_language(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                # Read as the answer starts: by then the user's own language is known. The
                # service worker compares it with its cached shell pages (app/templates/pwa/sw.js).
                headers.setdefault("content-language", current_locale())
                headers.add_vary_header("Accept-Language")
            await send(message)

        with use_locale(browser_locale(_header(scope, b"accept-language"))):
            await self.app(scope, receive, send_with_language)
