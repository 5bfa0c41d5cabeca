"""The app shell: what the service worker keeps so the app opens offline. None of it holds
resident data; the records live in the device's IndexedDB, not in these files."""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from app import __version__

APP_DIR = Path(__file__).resolve().parent.parent
STATIC_DIR = APP_DIR / "static"
# What the shell is made of besides SHELL_STATIC: its pages' templates, their wording, and
# the words for the domain's values (served as /labels.json).
# The modules pages import only when used (js/on_demand/) are not precached (the shell stays
# small); the service worker keeps them on first fetch, so a change to them is a new version too.
SHELL_SOURCES = (
    APP_DIR / "templates",
    APP_DIR / "locale",
    APP_DIR / "conversations" / "labels.py",
    STATIC_DIR / "js" / "on_demand",
)

# Pages that are pure shells: rendered without any data, filled in by the browser.
SHELL_PAGES = ("/", "/gesprekken/nieuw", "/offline")
# Generated files the shell needs, kept with it (no resident data in either).
SHELL_FILES = ("/manifest.webmanifest", "/labels.json")

SHELL_STATIC = (
    "css/app.css",
    "vendor/alpinejs-csp-3.17.4/alpine-csp.min.js",
    "vendor/idb-8.0.4/idb.js",
    "js/app.js",
    "js/store.js",
    "js/sync.js",
    "js/sensitive.js",
    "js/labels.js",
    "js/capture_fields.js",
    "sensitive.json",
    "js/components/today.js",
    "js/components/capture_form.js",
    "js/components/sync_status.js",
    "icons/favicon.svg",
    "icons/icon-192.png",
)


@functools.cache
def shell_version(build_id: str = "") -> str:
    """The app version plus a digest of every file the shell is made of: any change to the
    shell is a new service worker (and so "Nieuwe versie beschikbaar" on every phone), while
    an unchanged shell keeps its cache. `build_id` (APP_BUILD_ID) lets a deployment force one."""
    digest = hashlib.sha256()
    files = [STATIC_DIR / p for p in SHELL_STATIC]
    for source in SHELL_SOURCES:
        if source.is_dir():
            files += sorted(f for f in source.rglob("*") if f.is_file())
        elif source.is_file():
            files.append(source)
    for path in files:
        digest.update(str(path.relative_to(APP_DIR)).encode())
        digest.update(path.read_bytes())
    version = f"{__version__}-{digest.hexdigest()[:12]}"
    return f"{version}-{build_id}" if build_id else version


def cache_name(build_id: str = "") -> str:
    return f"ot-shell-{shell_version(build_id)}"


def shell_urls() -> list[str]:
    missing = [p for p in SHELL_STATIC if not (STATIC_DIR / p).is_file()]
    if missing:
        raise RuntimeError(f"app shell files missing: {missing}")
    return [*SHELL_PAGES, *SHELL_FILES, *(f"/static/{p}" for p in SHELL_STATIC)]
