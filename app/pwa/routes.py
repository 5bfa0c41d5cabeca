"""The installable, offline app: service worker, manifest, shell pages and the offline page."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import FileResponse, JSONResponse

from app.conversations.labels import all_labels
from app.dependencies import SettingsDep
from app.i18n import current_locale
from app.i18n import gettext as _
from app.pwa.shell import (
    SHELL_FILES,
    SHELL_PAGES,
    STATIC_DIR,
    cache_name,
    shell_urls,
    shell_version,
)
from app.templating import templates

router = APIRouter()


@router.get("/sw.js", include_in_schema=False)
def service_worker(request: Request, settings: SettingsDep) -> Response:
    response = templates.TemplateResponse(
        request,
        "pwa/sw.js",
        {
            "version": shell_version(settings.build_id),
            "cache_name": cache_name(settings.build_id),
            "shell_urls": shell_urls(),
            "shell_pages": list(SHELL_PAGES),
            "shell_files": list(SHELL_FILES),
        },
        media_type="text/javascript",
    )
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response


@router.get("/manifest.webmanifest", include_in_schema=False)
def manifest() -> JSONResponse:
    return JSONResponse(
        {
            "id": "/",
            "name": _("Ontdekkingstocht"),
            "short_name": _("Ontdekking"),
            "description": _("Het notitieboek en gedeelde geheugen van jullie buurtteam."),
            "lang": current_locale(),
            "dir": "ltr",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "orientation": "portrait",
            "theme_color": "#0b5d4b",
            "background_color": "#f6f7f4",
            "icons": [
                {"src": "/static/icons/icon-192.png", "sizes": "192x192", "type": "image/png"},
                {"src": "/static/icons/icon-512.png", "sizes": "512x512", "type": "image/png"},
                {
                    "src": "/static/icons/icon-maskable-512.png",
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        },
        media_type="application/manifest+json",
    )


@router.get("/labels.json", include_in_schema=False)
def labels() -> JSONResponse:
    """The words for the domain's values, from the one list the server's pages use too, so
    the phone and the server can never disagree (kept by the service worker with the shell)."""
    return JSONResponse(all_labels(), headers={"Cache-Control": "no-cache"})


@router.get("/favicon.ico", include_in_schema=False)
def favicon() -> FileResponse:
    return FileResponse(STATIC_DIR / "icons" / "icon-192.png", media_type="image/png")


@router.get("/offline", include_in_schema=False)
def offline(request: Request) -> Response:
    return templates.TemplateResponse(request, "pwa/offline.html", {"shell": True})
