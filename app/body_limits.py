"""How large a request body may be, counted on the bytes actually received (pure ASGI, no
database). A Content-Length is only a promise, and a chunked body makes none: the limit holds
for what arrives. Past it the request is answered 413 in Dutch, whatever the route made of
the part it had read."""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.exception_handlers import DEFAULT_MESSAGES, error_response
from app.i18n import gettext as _

# A phone's outbox after days offline, photos excluded (app/sync).
MAX_PUSH_BYTES = 8 * 1024 * 1024
# The doors anyone may knock on: an e-mail address, a password, a code.
MAX_LOGIN_BYTES = 16 * 1024
# Every HTML form and the rest of /api: the longest is a few thousand characters of notes.
MAX_FORM_BYTES = 256 * 1024

# One chunk of a photo or voice note (app.attachments.files.CHUNK_SIZE), and a little room.
MAX_CHUNK_BYTES = 1024 * 1024 + 1024
CHUNK_PATH = re.compile(r"^/api/files/[0-9a-f]{64}/chunks/[0-9]+$")

LOGIN_PATHS = frozenset({"/login", "/login/code", "/login/tweestaps-instellen", "/api/session"})


def body_limit(path: str) -> int:
    if path == "/api/sync/push":
        return MAX_PUSH_BYTES
    if CHUNK_PATH.match(path):
        return MAX_CHUNK_BYTES
    if path in LOGIN_PATHS:
        return MAX_LOGIN_BYTES
    return MAX_FORM_BYTES


class _BodyTooLargeError(Exception):
    """Stops the app reading on; the middleware answers in its place."""


def _declared_length(scope: Scope) -> int | None:
    """The largest Content-Length sent, or -1 for one that is not a number. Only ASCII digits
    count: "²".isdigit() is true, yet int("²") fails."""
    longest: int | None = None
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            if not value or not value.isdigit():  # bytes.isdigit() is ASCII only
                return -1
            longest = max(longest or 0, int(value))
    return longest


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope["path"])
        declared = _declared_length(scope)
        if declared == -1:
            await _answer(scope, receive, send, 400)
            return
        if declared is not None and declared > limit:
            await _answer(scope, receive, send, 413)
            return

        received = 0
        too_large = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    too_large = True
                    raise _BodyTooLargeError
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if too_large and not started:
                return  # the app's answer to a body it never saw whole: ours goes instead
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            # The framework may wrap the stop in an error of its own; past the limit any
            # error is that stop.
            if not too_large or started:
                raise
        if too_large and not started:
            await _answer(scope, receive, send, 413)


async def _answer(scope: Scope, receive: Receive, send: Send, status_code: int) -> None:
    response = error_response(Request(scope), status_code, _(DEFAULT_MESSAGES[status_code]))
    await response(scope, receive, send)
