"""Responses gzipped for the phone's slow network (pure ASGI, no database).

Static files (public, the same for everyone) are compressed once per version of a file and
kept in memory. Pages and API answers are compressed as they are sent, but only text, only a
whole answer (never a byte range: a download resumed from a range must get the very bytes it
began with) and only for a request the browser says this site made itself, or the person did
(Fetch Metadata `Sec-Fetch-Site: same-origin | none`). Compressing a secret next to what
another site can make a page echo (a search, a query string) leaks the secret through the
answer's length (BREACH); another site's requests are answered uncompressed, so it learns
nothing from lengths. Photos, recordings, PDF, XLSX and ZIP are compressed already.
"""

from __future__ import annotations

import functools
import gzip
import os
import zlib
from pathlib import Path

from starlette.datastructures import Headers, MutableHeaders
from starlette.responses import FileResponse, Response
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

COMPRESSIBLE = frozenset(
    {
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/manifest+json",
        "image/svg+xml",
        "text/plain",
    }
)
# Below about one network packet, compressing saves no round trip.
MINIMUM_SIZE = 1024
# nginx's default for what is compressed anew each time: a pull page of 500 changes (70-100 KB
# of JSON) shrinks to under a quarter for under a millisecond, a third of zlib's level 6 time
# for 15-20% more bytes. The server's CPU per pull counts too (bench: "server CPU a pull page").
DYNAMIC_LEVEL = 1
# Same-origin: the pages' own fetches and navigations; none: typed, a bookmark, the home screen.
OWN_REQUESTS = frozenset({"same-origin", "none"})


def accepts_gzip(headers: Headers) -> bool:
    for coding in headers.get("accept-encoding", "").split(","):
        name, _, params = coding.partition(";")
        if name.strip().lower() in ("gzip", "*"):
            quality = params.strip().lower().removeprefix("q=")
            return not (params.strip() and _is_zero(quality))
    return False


def _is_zero(quality: str) -> bool:
    try:
        return float(quality) == 0
    except ValueError:
        return False


def _media_type(content_type: str | None) -> str:
    return (content_type or "").partition(";")[0].strip().lower()


@functools.lru_cache(maxsize=256)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    """One file's bytes, gzipped at the highest level: done once per version of the file
    (its modification time and size are part of the key), then served from memory."""
    return gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)


class CompressedStaticFiles(StaticFiles):
    """StaticFiles that answers a browser taking gzip with the file gzipped (a weak ETag: the
    bytes differ from the file's, the content does not), and a byte range with the file."""

    def file_response(
        self,
        full_path: str | os.PathLike[str],
        stat_result: os.stat_result,
        scope: Scope,
        status_code: int = 200,
    ) -> Response:
        response = FileResponse(full_path, status_code=status_code, stat_result=stat_result)
        if status_code != 200 or _media_type(response.media_type) not in COMPRESSIBLE:
            return super().file_response(full_path, stat_result, scope, status_code)
        response.headers.add_vary_header("Accept-Encoding")
        request = Headers(scope=scope)
        compress = (
            "range" not in request and accepts_gzip(request) and stat_result.st_size >= MINIMUM_SIZE
        )
        not_modified = self.is_not_modified(response.headers, request)
        if compress:
            response.headers["etag"] = "W/" + response.headers["etag"]
        if not_modified:
            return NotModifiedResponse(response.headers)
        if not compress:
            return response
        headers = {
            "content-type": response.headers["content-type"],
            "last-modified": response.headers["last-modified"],
            "etag": response.headers["etag"],
            "vary": "Accept-Encoding",
            "content-encoding": "gzip",
        }
        body = _gzipped(os.fspath(full_path), stat_result.st_mtime_ns, stat_result.st_size)
        return Response(body, headers=headers)


class CompressionMiddleware:
    """gzip for pages and API answers (static files do their own, above)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/static/"):
            await self.app(scope, receive, send)
            return
        request = Headers(scope=scope)
        if request.get("sec-fetch-site") not in OWN_REQUESTS or not accepts_gzip(request):
            await self.app(scope, receive, send)
            return
        await _Compressor(send).run(self.app, scope, receive)


class _Compressor:
    """One response: holds its start until the first body says whether to compress."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.start: Message | None = None
        self.compressor: zlib._Compress | None = None
        self.passing = False

    async def run(self, app: ASGIApp, scope: Scope, receive: Receive) -> None:
        await app(scope, receive, self.on_message)

    async def on_message(self, message: Message) -> None:
        kind = message["type"]
        if self.start is not None and kind != "http.response.body":
            # Not a body after all (a file sent by path, trailers): the answer goes as it is.
            start, self.start, self.passing = self.start, None, True
            await self.send(start)
        if self.passing or kind not in ("http.response.start", "http.response.body"):
            await self.send(message)
        elif kind == "http.response.start":
            headers = Headers(raw=message.get("headers", []))
            if (
                message["status"] in (204, 206, 304)
                or "content-encoding" in headers
                or "content-range" in headers
                or _media_type(headers.get("content-type")) not in COMPRESSIBLE
            ):
                self.passing = True
                await self.send(message)
            else:
                self.start = message
        else:
            await self._body(message)

    async def _body(self, message: Message) -> None:
        body: bytes = message.get("body", b"")
        more = bool(message.get("more_body", False))
        if self.start is not None:  # the first body of a response that may be compressed
            start, self.start = self.start, None
            start["headers"] = list(start.get("headers", []))
            headers = MutableHeaders(scope=start)
            headers.add_vary_header("Accept-Encoding")
            if not more and len(body) < MINIMUM_SIZE:
                self.passing = True
                await self.send(start)
                await self.send(message)
                return
            self.compressor = zlib.compressobj(DYNAMIC_LEVEL, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
            compressed = self._compress(body, more)
            headers["content-encoding"] = "gzip"
            if more:
                del headers["content-length"]
            else:
                headers["content-length"] = str(len(compressed))
            await self.send(start)
            await self.send({**message, "body": compressed})
            return
        await self.send({**message, "body": self._compress(body, more)})

    def _compress(self, body: bytes, more: bool) -> bytes:
        assert self.compressor is not None
        if more:  # a streamed page: each part goes out as it comes, not held back
            return self.compressor.compress(body) + self.compressor.flush(zlib.Z_SYNC_FLUSH)
        return self.compressor.compress(body) + self.compressor.flush()
