"""What the app shell costs on a first visit, gzipped: the login page and the start page, every
file they name (<script src>, <link rel=stylesheet|icon|manifest|…>, <img src>), every ES
module those scripts import, the service worker and everything it precaches on install.

Each file is counted once, by path. KB here is 1,000 bytes; gzip level 6 is what nginx and
most CDNs are configured with. Files that do not exist (yet) are listed, not counted.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import httpx

from testkit.server import client_for, log_in

GZIP_LEVEL = 6
SERVICE_WORKER = "/sw.js"
# Tried only when no page links a manifest.
FALLBACK_MANIFEST = "/static/manifest.webmanifest"
LINK_RELS = frozenset(
    {"stylesheet", "icon", "manifest", "apple-touch-icon", "modulepreload", "preload"}
)
# A shell of more files than this is a crawl gone wrong, not a big shell.
MAX_FILES = 200
MODULE_IMPORT = re.compile(
    r"""(?:\bimport|\bexport)\s*(?:[\w*{}\s,$]+?\s*from\s*)?["']([^"']+\.m?js)["']"""
)
STRING_ARRAY = re.compile(r"""\[\s*"/[^\]]*\]""")


class _AssetCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.links_manifest = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        rels = set(attributes.get("rel", "").lower().split())
        if tag in ("script", "img") and attributes.get("src"):
            self.urls.append(attributes["src"])
        elif tag == "link" and attributes.get("href") and rels & LINK_RELS:
            self.urls.append(attributes["href"])
            self.links_manifest = self.links_manifest or "manifest" in rels


@dataclass(frozen=True)
class ShellFile:
    path: str
    kind: str
    # Why the browser fetches it: page, asset, import, service worker, precache.
    reason: str
    raw_bytes: int
    gzip_bytes: int


@dataclass
class ShellReport:
    files: list[ShellFile] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    precached: set[str] = field(default_factory=set)

    def gzip_total(self, kind: str | None = None) -> int:
        return sum(f.gzip_bytes for f in self.files if kind is None or f.kind == kind)

    def refetched_gzip(self) -> int:
        """Bytes the service worker downloads again on install although a page already did
        (precaching bypasses the HTTP cache), on top of gzip_total() on a first visit."""
        return sum(
            f.gzip_bytes for f in self.files if f.path in self.precached and f.reason != "precache"
        )


def _kind(path: str, content_type: str) -> str:
    if "javascript" in content_type or path.endswith((".js", ".mjs")):
        return "js"
    if "text/css" in content_type or path.endswith(".css"):
        return "css"
    if "text/html" in content_type:
        return "html"
    return "other"


def _path(url: str) -> str:
    return urlsplit(url).path or "/"


def _gzip_size(body: bytes) -> int:
    return len(gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))


def _module_imports(response: httpx.Response) -> list[str]:
    return [urljoin(str(response.url), spec) for spec in MODULE_IMPORT.findall(response.text)]


def _precache_list(response: httpx.Response) -> list[str]:
    """Same-origin paths in the service worker's JSON string arrays (its precache list)."""
    paths: list[str] = []
    for literal in STRING_ARRAY.findall(response.text):
        try:
            values = json.loads(literal)
        except ValueError:
            continue
        paths += [v for v in values if isinstance(v, str) and v.startswith("/")]
    return paths


class _Crawler:
    def __init__(self, client: httpx.Client, base_url: str, report: ShellReport) -> None:
        self.client = client
        self.base_url = base_url
        self.own_host = urlsplit(base_url).netloc
        self.report = report
        self.seen: set[str] = set()
        self.links_manifest = False

    def add_page(self, page: httpx.Response) -> None:
        page.raise_for_status()
        self.seen.add(_path(str(page.url)))
        self._record(page, "page")
        self.crawl(self._assets_of(page), "asset")

    def _assets_of(self, page: httpx.Response) -> list[str]:
        collector = _AssetCollector()
        collector.feed(page.text)
        self.links_manifest = self.links_manifest or collector.links_manifest
        return [urljoin(str(page.url), url) for url in collector.urls]

    def _record(self, response: httpx.Response, reason: str) -> None:
        path = _path(str(response.url))
        self.report.files.append(
            ShellFile(
                path=path,
                kind=_kind(path, response.headers.get("content-type", "")),
                reason=reason,
                raw_bytes=len(response.content),
                gzip_bytes=_gzip_size(response.content),
            )
        )

    def crawl(self, urls: Iterable[str], reason: str) -> list[httpx.Response]:
        """Fetch each not yet seen file and what it pulls in, breadth first."""
        fetched = []
        queue = deque((urljoin(self.base_url, url), reason) for url in urls)
        while queue and len(self.seen) < MAX_FILES:
            url, why = queue.popleft()
            path = _path(url)
            if path in self.seen:
                continue
            self.seen.add(path)
            if urlsplit(url).netloc != self.own_host:
                self.report.external.append(url)  # CSP forbids these; nothing to measure offline
                continue
            response = self.client.get(url)
            if response.status_code != 200:
                self.report.missing.append(f"{path} ({response.status_code})")
                continue
            self._record(response, why)
            fetched.append(response)
            kind = self.report.files[-1].kind
            if kind == "js":
                queue += ((u, "import") for u in _module_imports(response))
            elif kind == "html":
                queue += ((u, why) for u in self._assets_of(response))
        return fetched


def measure_shell(base_url: str) -> ShellReport:
    report = ShellReport()
    with client_for(base_url) as visitor, client_for(base_url) as member:
        crawler = _Crawler(member, base_url, report)
        crawler.add_page(visitor.get("/login"))
        log_in(member)
        crawler.add_page(member.get("/"))
        if not crawler.links_manifest:
            crawler.crawl([FALLBACK_MANIFEST], "manifest")
        for worker in crawler.crawl([SERVICE_WORKER], "service worker"):
            report.precached = {_path(p) for p in _precache_list(worker)}
            crawler.crawl(sorted(report.precached), "precache")
    return report
