"""Security middleware (pure ASGI, no database): response headers on everything, and the
cross-site request guard that every unsafe request passes before any route runs."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

from starlette.datastructures import MutableHeaders
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.config import Settings
from app.i18n import gettext as _

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # blob: photos and recordings on the phone, shown before (or without) the network.
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)


def session_cookie_name(settings: Settings) -> str:
    # __Host- cookies must be Secure, which needs HTTPS: production only.
    return "__Host-ot_session" if settings.is_production else "ot_session"


def csrf_cookie_name(settings: Settings) -> str:
    return "__Host-ot_csrf" if settings.is_production else "ot_csrf"


def csrf_token_for(settings: Settings, csrf_secret: str) -> str:
    """The form token: an HMAC of the browser's CSRF cookie (signed double submit)."""
    return hmac.new(
        settings.secret_key.encode(), f"csrf:{csrf_secret}".encode(), hashlib.sha256
    ).hexdigest()


def csrf_token_matches(settings: Settings, csrf_secret: str | None, token: str | None) -> bool:
    if not csrf_secret or not token:
        return False
    return hmac.compare_digest(csrf_token_for(settings, csrf_secret), token)


def add_security_headers(headers: MutableHeaders, path: str, *, production: bool) -> None:
    headers.setdefault("content-security-policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("x-content-type-options", "nosniff")
    headers.setdefault("referrer-policy", "same-origin")
    headers.setdefault("x-frame-options", "DENY")
    headers.setdefault("cross-origin-opener-policy", "same-origin")
    # The microphone for voice notes, from this origin only; photos come through a file input
    # (the phone's own camera app), so no page needs the camera itself.
    headers.setdefault("permissions-policy", "camera=(), geolocation=(), microphone=(self)")
    if not path.startswith("/static/"):
        # Pages and API answers may hold resident data: never keep them in any cache.
        headers.setdefault("cache-control", "no-store")
    if production:
        headers.setdefault("strict-transport-security", "max-age=63072000; includeSubDomains")


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _own_origin(scope: Scope) -> str:
    host = _header(scope, b"host") or ""
    return f"{scope.get('scheme', 'http')}://{host}"


def is_cross_site(scope: Scope) -> bool:
    """Fetch-Metadata first, Origin second. Clients that send neither (scripts, the sync
    client of another program) are not browsers and cannot be tricked into a request."""
    site = _header(scope, b"sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = _header(scope, b"origin")
    if origin is not None:
        return origin == "null" or origin != _own_origin(scope)
    return False


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.csrf_cookie = csrf_cookie_name(settings)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        if scope["method"] in UNSAFE_METHODS and is_cross_site(scope):
            await self._refuse(scope, send)
            return

        # Starlette's lenient parser: one odd cookie of another app must not hide ours.
        existing = cookie_parser(_header(scope, b"cookie") or "").get(self.csrf_cookie)
        csrf_secret = existing or secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_secret"] = csrf_secret
        path: str = scope["path"]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                add_security_headers(headers, path, production=self.settings.is_production)
                if existing is None:
                    headers.append("set-cookie", self._csrf_cookie_header(csrf_secret))
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _csrf_cookie_header(self, value: str) -> str:
        secure = "; Secure" if self.settings.is_production else ""
        return f"{self.csrf_cookie}={value}; Path=/; HttpOnly; SameSite=Strict{secure}"

    async def _refuse(self, scope: Scope, send: Send) -> None:
        # In the request's language: app.locale_choice runs around this middleware.
        message = _("Dit verzoek komt van een andere site en is geweigerd.")
        if scope["path"].startswith("/api/"):
            body = json.dumps({"detail": message}).encode()
            content_type = b"application/json"
        else:
            body = message.encode()
            content_type = b"text/plain; charset=utf-8"
        headers = MutableHeaders(
            raw=[(b"content-type", content_type), (b"content-length", str(len(body)).encode())]
        )
        add_security_headers(headers, scope["path"], production=self.settings.is_production)
        await send({"type": "http.response.start", "status": 403, "headers": headers.raw})
        await send({"type": "http.response.body", "body": body})
