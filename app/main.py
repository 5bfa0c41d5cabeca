"""The ASGI application: create_app(settings) for tests and tools, `app` for uvicorn."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from app import __version__
from app.admission import DatabaseAdmission
from app.attachments.routes import downloads_router
from app.attachments.routes import router as files_router
from app.audit.routes import router as audit_router
from app.auth.language import router as language_router
from app.auth.mfa_routes import router as mfa_router
from app.auth.routes import api_router as auth_api_router
from app.auth.routes import router as auth_router
from app.body_limits import BodyLimitMiddleware
from app.compression import CompressedStaticFiles, CompressionMiddleware
from app.config import Settings, get_settings
from app.connections.routes import router as connections_router
from app.conversations.labels import label, status_label
from app.conversations.routes import router as conversations_router
from app.conversations.sensitive import sensitive_warnings
from app.db import (
    SessionFactory,
    check_durability,
    create_db_engine,
    is_sqlite,
    make_session_factory,
    normalise_url,
)
from app.devices.routes import router as devices_router
from app.exception_handlers import install_error_handlers
from app.export.routes import router as export_router
from app.ideas.routes import router as ideas_router
from app.journey.routes import router as journey_router
from app.locale_choice import LocaleMiddleware
from app.matches.routes import router as matches_router
from app.people.routes import router as people_router
from app.people.sharing import name_of
from app.pwa.js_messages import js_messages
from app.pwa.routes import router as pwa_router
from app.residents.routes import mine as resident_pages
from app.residents.routes import router as residents_router
from app.review.routes import router as review_router
from app.security import SecurityMiddleware
from app.sync.routes import router as sync_router
from app.teams.register import router as register_router
from app.teams.routes import router as teams_router
from app.templating import ViewerMiddleware, templates

STATIC_DIR = Path(__file__).parent / "static"


def install_template_globals() -> None:
    """The domain's words for its values, for every template. Registered here, above the
    domains, so app.templating (which every page imports) depends on none of them."""
    templates.env.globals.update(
        label=label,
        status_label=status_label,
        sensitive_warnings=sensitive_warnings,
        js_messages=js_messages,
        name_of=name_of,  # a bewoner's name as this request's viewer may see it
    )


def create_app(
    settings: Settings | None = None, *, session_factory: SessionFactory | None = None
) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if session_factory is not None:
            yield
            return
        engine = create_db_engine(
            settings.database_url,
            pool_size=settings.db_connections,
            max_overflow=2,  # for work outside requests, e.g. the start-up checks
        )
        check_durability(engine)
        app.state.session_factory = make_session_factory(engine)
        try:
            yield
        finally:
            engine.dispose()

    docs_off = settings.is_production
    app = FastAPI(
        title="Ontdekkingstocht",
        version=__version__,
        lifespan=lifespan,
        docs_url=None if docs_off else "/docs",
        redoc_url=None,
        openapi_url=None if docs_off else "/openapi.json",
    )
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    app.state.settings = settings
    if session_factory is not None:
        app.state.session_factory = session_factory
    app.state.db_admission = DatabaseAdmission(
        settings.db_connections, one_writer=is_sqlite(normalise_url(settings.database_url))
    )

    install_error_handlers(app)
    install_template_globals()
    app.add_middleware(BodyLimitMiddleware)  # inside the security one: refusals get its headers
    app.add_middleware(SecurityMiddleware, settings=settings)
    app.add_middleware(ViewerMiddleware)  # the viewer's text filter, a cell per request
    app.add_middleware(LocaleMiddleware, settings=settings)  # around routes, errors, limits
    app.add_middleware(CompressionMiddleware)  # outermost: it sees the final headers
    app.mount("/static", CompressedStaticFiles(directory=STATIC_DIR), name="static")
    for router in (
        auth_router,
        auth_api_router,
        devices_router,
        mfa_router,
        language_router,
        conversations_router,
        journey_router,
        people_router,
        ideas_router,
        connections_router,
        matches_router,
        teams_router,
        register_router,
        review_router,
        export_router,
        residents_router,
        resident_pages,
        audit_router,
        sync_router,
        files_router,
        downloads_router,
        pwa_router,
    ):
        app.include_router(router)
    return app


# What a refused request really answers (app/errors.py): a Dutch message and the fields.
VALIDATION_ERROR_SCHEMA = {
    "title": "HTTPValidationError",
    "type": "object",
    "properties": {
        "detail": {"type": "string", "title": "Detail"},
        "errors": {"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}},
    },
    "required": ["detail"],
}


def _openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, routes=app.routes)
        components = schema.get("components", {}).get("schemas", {})
        if "HTTPValidationError" in components:
            components["HTTPValidationError"] = VALIDATION_ERROR_SCHEMA
        app.openapi_schema = schema
    return app.openapi_schema


def __getattr__(name: str) -> FastAPI:
    # `uvicorn app.main:app` builds the app on first use, so importing this module (tests,
    # tools) reads no environment and opens no database.
    if name == "app":
        application = create_app()
        globals()["app"] = application
        return application
    raise AttributeError(name)
