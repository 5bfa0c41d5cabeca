"""Who is asking, and may they see this? Team isolation is decided here, once."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Callable
from typing import Annotated, TypeVar

from fastapi import Depends, Path, Request

from app.auth.service import Principal, needs_touch, resolve_session, touch_session
from app.changes.models import SyncedRecord
from app.db import SAFE_METHODS, SessionDep, write_from_here
from app.dependencies import SettingsDep
from app.errors import NotAuthenticatedError, NotFoundError, PermissionDeniedError
from app.i18n import gettext as _
from app.i18n import prefer_locale
from app.people.sharing import page_text, set_viewer
from app.security import UNSAFE_METHODS, csrf_token_matches, session_cookie_name
from app.templating import print_for_viewer

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def get_optional_principal(
    request: Request, session: SessionDep, settings: SettingsDep
) -> Principal | None:
    token = request.cookies.get(session_cookie_name(settings))
    if not token:
        return None
    principal = resolve_session(session, settings, token)
    if principal is not None:
        prefer_locale(principal.user.language)  # for the rest of the request, its thread too
        set_viewer(session, principal.user.id)  # whose eyes the pages' names are for
        print_for_viewer(page_text(session, principal.team.id))
    if principal is not None and needs_touch(principal.auth_session):
        if request.method in SAFE_METHODS:
            # A reading request: end its read transaction, write the touch in a transaction of
            # its own (a write lock taken at BEGIN), and read on in a fresh one. One
            # connection throughout, so the touch never waits on this request's own lock.
            write_from_here(session)
            touch_session(session, principal.auth_session.id)
            session.commit()
        else:
            # A writing request already holds the write lock: touch in it, commit with it.
            touch_session(session, principal.auth_session.id)
    request.state.principal = principal
    return principal


OptionalPrincipalDep = Annotated[Principal | None, Depends(get_optional_principal)]


def get_principal(principal: OptionalPrincipalDep) -> Principal:
    if principal is None:
        raise NotAuthenticatedError(_("Log eerst in."))
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require_coordinator(principal: PrincipalDep) -> Principal:
    if not principal.is_coordinator:
        raise PermissionDeniedError(_("Alleen coördinatoren kunnen dit doen."))
    return principal


CoordinatorDep = Annotated[Principal, Depends(require_coordinator)]


async def require_form_csrf(request: Request, settings: SettingsDep) -> None:
    """HTML forms carry a token tied to the browser's CSRF cookie (on top of the
    Fetch-Metadata/Origin guard in app.security, which every unsafe request passes)."""
    if request.method not in UNSAFE_METHODS:
        return
    content_type = request.headers.get("content-type", "")
    token: str | None
    if content_type.startswith(FORM_TYPES):
        form = await request.form()
        value = form.get("csrf_token")
        token = value if isinstance(value, str) else None
    else:
        token = request.headers.get("x-csrf-token")
        if token is None and request.url.path.startswith("/api/"):
            return  # JSON clients: guarded by app.security; the header token is optional
    if not csrf_token_matches(settings, request.state.csrf_secret, token):
        raise PermissionDeniedError(
            _("Deze pagina was verlopen. Laad de pagina opnieuw en probeer het nog eens.")
        )


RecordT = TypeVar("RecordT", bound=SyncedRecord)


def owned(model: type[RecordT], param: str) -> Callable[..., RecordT]:
    """A dependency that loads `model` by the path parameter `param` (declared as a UUID, so
    the OpenAPI document describes it), for the caller's team.

    Missing, deleted and another team's records are all the same 404, so ids leak nothing;
    an id that is no UUID is a 404 too (app.errors: a path that does not parse is a page that
    does not exist).
    """

    def load(session: SessionDep, principal: PrincipalDep, **path: uuid.UUID) -> RecordT:
        record = session.get(model, path[param])
        if record is None or record.team_id != principal.team.id or record.is_deleted:
            raise NotFoundError(_("Dit bestaat niet (meer)."))
        return record

    parameters = [
        *list(inspect.signature(load).parameters.values())[:2],
        inspect.Parameter(
            param, inspect.Parameter.KEYWORD_ONLY, annotation=Annotated[uuid.UUID, Path()]
        ),
    ]
    load.__signature__ = inspect.Signature(parameters, return_annotation=model)  # type: ignore[attr-defined]
    return load
