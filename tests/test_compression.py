"""Compressed answers for the phone's slow network: static text once per file version, pages
and API answers for the site's own requests only (BREACH), never a byte range or a file that is
compressed already."""

from __future__ import annotations

import asyncio
import zlib
from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient
from sqlmodel import Session
from starlette.datastructures import Headers
from starlette.types import Message, Receive, Scope, Send

from app.compression import MINIMUM_SIZE, CompressionMiddleware, accepts_gzip
from app.main import STATIC_DIR
from tests.factories import login, make_team, make_user

GZIP = {"accept-encoding": "gzip, deflate, br"}
OWN = {**GZIP, "sec-fetch-site": "same-origin"}
ALPINE = "/static/vendor/alpinejs-csp-3.17.4/alpine-csp.min.js"


def _file(path: str) -> bytes:
    return (STATIC_DIR / path.removeprefix("/static/")).read_bytes()


def test_static_text_is_sent_gzipped_to_a_browser_that_takes_it(client: TestClient) -> None:
    data = _file(ALPINE)
    answer = client.get(ALPINE, headers=GZIP)
    assert answer.status_code == 200
    assert answer.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in answer.headers["vary"].lower()
    assert int(answer.headers["content-length"]) < len(data) / 2
    assert answer.content == data  # httpx undoes the gzip
    # The bytes differ from the file's, its content does not: a weak validator.
    assert answer.headers["etag"].startswith('W/"')
    assert "accept-ranges" not in answer.headers
    again = client.get(ALPINE, headers={**GZIP, "if-none-match": answer.headers["etag"]})
    assert again.status_code == 304
    assert again.headers["etag"] == answer.headers["etag"]


def test_static_file_without_gzip_or_as_a_range_is_the_file_itself(client: TestClient) -> None:
    data = _file(ALPINE)
    plain = client.get(ALPINE, headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.headers["content-length"] == str(len(data))
    assert not plain.headers["etag"].startswith("W/")
    assert "accept-encoding" in plain.headers["vary"].lower()
    refused = client.get(ALPINE, headers={"accept-encoding": "gzip;q=0"})
    assert "content-encoding" not in refused.headers
    part = client.get(ALPINE, headers={**GZIP, "range": "bytes=100-199"})
    assert part.status_code == 206
    assert "content-encoding" not in part.headers
    assert part.content == data[100:200]
    icon = client.get("/static/icons/icon-192.png", headers=GZIP)
    assert "content-encoding" not in icon.headers
    assert icon.content == _file("/static/icons/icon-192.png")


def test_pages_are_compressed_only_for_the_sites_own_requests(client: TestClient) -> None:
    for site in ("same-origin", "none"):
        answer = client.get("/login", headers={**GZIP, "sec-fetch-site": site})
        assert answer.headers["content-encoding"] == "gzip", site
        assert "<form" in answer.text
    # Another site's request (or a client that does not say) could be made to echo a guess
    # beside a secret, and learn from the answer's length whether it matched: no gzip.
    for headers in (
        {**GZIP, "sec-fetch-site": "cross-site"},
        {**GZIP, "sec-fetch-site": "same-site"},
        GZIP,
    ):
        answer = client.get("/login", headers=headers)
        assert answer.status_code == 200
        assert "content-encoding" not in answer.headers, headers


def test_the_pull_is_compressed_and_says_the_same(client: TestClient, session: Session) -> None:
    team = make_team(session)
    user = make_user(session, team)
    session.flush()
    login(client, user)
    plain = client.get("/api/sync/pull?limit=500", headers={"accept-encoding": "identity"})
    packed = client.get("/api/sync/pull?limit=500", headers=OWN)
    assert "content-encoding" not in plain.headers
    assert len(plain.content) >= MINIMUM_SIZE  # the team's themes and prompt cards at least
    assert packed.headers["content-encoding"] == "gzip"
    assert int(packed.headers["content-length"]) < len(plain.content)
    assert packed.json() == plain.json()


def _run(app: CompressionMiddleware, headers: dict[str, str]) -> list[Message]:
    scope: Scope = {
        "type": "http",
        "method": "GET",
        "path": "/stroom",
        "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    # In a thread of its own: after the browser tests (same process) this thread may already
    # run Playwright's event loop, and asyncio.run refuses to start a second one in it.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    return sent


PARTS = [b"<p>" + bytes(str(n), "ascii") * 600 + b"</p>" for n in range(3)]


async def _streamed_page(scope: Scope, receive: Receive, send: Send) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/html; charset=utf-8")],
        }
    )
    for n, part in enumerate(PARTS):
        await send({"type": "http.response.body", "body": part, "more_body": n < len(PARTS) - 1})


def test_a_streamed_page_goes_out_part_by_part() -> None:
    sent = _run(CompressionMiddleware(_streamed_page), OWN)
    start, *bodies = sent
    headers = Headers(raw=start["headers"])
    assert headers["content-encoding"] == "gzip"
    assert "content-length" not in headers
    assert len(bodies) == len(PARTS)
    reader = zlib.decompressobj(16 + zlib.MAX_WBITS)
    for part, body in zip(PARTS, bodies, strict=True):
        # Each part can be read as soon as it arrives: nothing is held back for the next.
        assert reader.decompress(body["body"]) == part
    assert reader.eof


def test_accepts_gzip_reads_the_header_as_browsers_write_it() -> None:
    def takes(value: str) -> bool:
        return accepts_gzip(Headers({"accept-encoding": value}))

    assert takes("gzip, deflate, br, zstd")
    assert takes("GZIP")
    assert takes("deflate, gzip;q=0.5")
    assert takes("*")
    assert not takes("gzip;q=0")
    assert not takes("gzip; q=0.0")
    assert not takes("br")
    assert not takes("identity")
    assert not accepts_gzip(Headers({}))


async def _page_sent_by_path(scope: Scope, receive: Receive, send: Send) -> None:
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/css")]}
    )
    await send({"type": "http.response.pathsend", "path": str(STATIC_DIR / "css" / "app.css")})


def test_an_answer_without_a_body_message_goes_out_unchanged() -> None:
    start, sent_by_path = _run(CompressionMiddleware(_page_sent_by_path), OWN)
    assert start["type"] == "http.response.start"
    assert "content-encoding" not in Headers(raw=start["headers"])
    assert sent_by_path["type"] == "http.response.pathsend"
