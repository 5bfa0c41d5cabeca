"""The app shell: what the service worker keeps so the app opens offline. None of it holds
resident data; the records live in the device's IndexedDB, not in these files."""

from __future__ import annotations

from pathlib import Path

from app import __version__

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

# Pages that are pure shells: rendered without any data, filled in by the browser.
SHELL_PAGES = ("/", "/gesprekken/nieuw", "/offline")

SHELL_STATIC = (
    "css/app.css",
    "vendor/alpinejs-csp-3.17.4/alpine-csp.min.js",
    "vendor/idb-8.0.4/idb.js",
    "js/app.js",
    "js/store.js",
    "js/sync.js",
    "js/components/today.js",
    "js/components/capture_form.js",
    "js/components/sync_status.js",
    "js/components/logout_form.js",
    "icons/favicon.svg",
    "icons/icon-192.png",
)

CACHE_NAME = f"ot-shell-{__version__}"


def shell_urls() -> list[str]:
    missing = [p for p in SHELL_STATIC if not (STATIC_DIR / p).is_file()]
    if missing:
        raise RuntimeError(f"app shell files missing: {missing}")
    return [*SHELL_PAGES, "/manifest.webmanifest", *(f"/static/{p}" for p in SHELL_STATIC)]
