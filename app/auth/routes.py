"""Log in and out: Dutch pages for people, /api/session for the PWA and scripts."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from app.auth import mfa
from app.auth.cookies import clear_session_cookie, safe_next, set_session_cookie
from app.auth.dependencies import (
    OptionalPrincipalDep,
    PrincipalDep,
    require_form_csrf,
)
from app.auth.login import log_in
from app.auth.mfa_checks import second_step
from app.auth.schemas import LoginIn, NeighbourhoodOut, SessionOut, TeamOut, UserOut
from app.auth.service import Principal, revoke_session
from app.config import Settings
from app.db import DatabaseStepsDep, SessionDep
from app.dependencies import SettingsDep
from app.devices.routes import device_not_revoked
from app.errors import NotAuthenticatedError, PermissionDeniedError, TooManyRequestsError
from app.i18n import gettext as _
from app.security import csrf_token_for
from app.teams.service import list_neighbourhoods
from app.templating import templates
from app.validation import FormText

router = APIRouter(dependencies=[Depends(require_form_csrf)])
api_router = APIRouter(prefix="/api", dependencies=[Depends(require_form_csrf)])


@router.get("/login")
def login_page(
    request: Request, principal: OptionalPrincipalDep, next: str | None = None
) -> Response:
    if principal is not None:
        return RedirectResponse(safe_next(next), status_code=303)
    return templates.TemplateResponse(
        request, "auth/login.html", {"next": safe_next(next), "email": "", "error": None}
    )


@router.post("/login")
async def login_submit(
    request: Request,
    steps: DatabaseStepsDep,
    settings: SettingsDep,
    email: Annotated[FormText, Form(max_length=254)] = "",
    password: Annotated[FormText, Form(max_length=256)] = "",
    next: Annotated[FormText, Form(max_length=500)] = "/",
) -> Response:
    def opened(session: Session, token: str, principal: Principal) -> tuple[str, str | None]:
        session.commit()
        return token, principal.auth_session.mfa_stage

    try:
        token, stage = await log_in(
            steps,
            settings,
            email=email,
            password=password,
            user_agent=request.headers.get("user-agent", ""),
            then=opened,
        )
    except (NotAuthenticatedError, TooManyRequestsError) as exc:
        headers = (
            {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequestsError) else None
        )
        return templates.TemplateResponse(
            request,
            "auth/login.html",
            {"next": safe_next(next), "email": email, "error": exc.message},
            status_code=exc.status_code,
            headers=headers,
        )
    target = safe_next(next)
    if stage is not None:
        # Half done: the second step's page says what comes next.
        page = "/login/code" if stage == mfa.STAGE_CODE else "/login/tweestaps-instellen"
        target = f"{page}?{urlencode({'next': target})}"
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, settings, token)
    return response


@router.get("/logout")
def logout_page(request: Request, principal: OptionalPrincipalDep) -> Response:
    if principal is None:
        return RedirectResponse("/login", status_code=303)
    return templates.TemplateResponse(request, "auth/logout.html", {})


@router.post("/logout")
def logout_submit(
    session: SessionDep, settings: SettingsDep, principal: OptionalPrincipalDep
) -> Response:
    if principal is not None:
        revoke_session(session, principal.auth_session.id)
        session.commit()
    response = RedirectResponse("/login?uitgelogd=1", status_code=303)
    clear_session_cookie(response, settings)
    return response


def _session_body(
    request: Request, session: Session, settings: Settings, principal: Principal
) -> SessionOut:
    return SessionOut(
        user=UserOut(id=principal.user.id, name=principal.user.name, email=principal.user.email),
        team=TeamOut(id=principal.team.id, name=principal.team.name),
        role=principal.role.value,
        neighbourhoods=[
            NeighbourhoodOut(id=n.id, name=n.name)
            for n in list_neighbourhoods(session, principal.team.id)
        ],
        csrf_token=csrf_token_for(settings, request.state.csrf_secret),
    )


@api_router.post("/session")
async def api_login(
    request: Request, body: LoginIn, steps: DatabaseStepsDep, settings: SettingsDep
) -> Response:
    def opened(session: Session, token: str, principal: Principal) -> tuple[str, SessionOut]:
        stage = principal.auth_session.mfa_stage
        if stage == mfa.STAGE_ENROLL:
            revoke_session(session, principal.auth_session.id)
            session.commit()
            raise PermissionDeniedError(
                _(
                    "Je team vraagt tweestapsverificatie: "
                    "stel die eerst in door op de website in te loggen."
                )
            )
        if stage == mfa.STAGE_CODE:
            try:
                token = second_step(session, settings, principal, body.code or "")
            except (NotAuthenticatedError, TooManyRequestsError):
                revoke_session(session, principal.auth_session.id)
                session.commit()
                raise
        payload = _session_body(request, session, settings, principal)
        session.commit()
        return token, payload

    token, payload = await log_in(
        steps,
        settings,
        email=body.email,
        password=body.password,
        user_agent=request.headers.get("user-agent", ""),
        then=opened,
    )
    response = Response(payload.model_dump_json(), media_type="application/json")
    set_session_cookie(response, settings, token)
    return response


@api_router.get("/session", dependencies=[Depends(device_not_revoked)])
def api_session(
    request: Request, session: SessionDep, settings: SettingsDep, principal: PrincipalDep
) -> SessionOut:
    return _session_body(request, session, settings, principal)


@api_router.delete("/session", status_code=204)
def api_logout(session: SessionDep, settings: SettingsDep, principal: PrincipalDep) -> Response:
    revoke_session(session, principal.auth_session.id)
    session.commit()
    response = Response(status_code=204)
    clear_session_cookie(response, settings)
    return response
