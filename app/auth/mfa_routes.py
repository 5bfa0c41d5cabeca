"""Two-step verification pages: the second step of a login, setting it up (at login when the
team requires it, or from one's account), recovery codes, turning it off."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from app.auth import mfa
from app.auth.cookies import safe_next, set_session_cookie
from app.auth.dependencies import PrincipalDep, require_form_csrf
from app.auth.mfa_checks import audit_mfa, renew_recovery_codes, second_step, turn_off
from app.auth.service import (
    Principal,
    check_login_throttle,
    complete_second_step,
    record_login_failure,
    resolve_pending,
)
from app.config import Settings
from app.db import SessionDep, write_from_here
from app.dependencies import SettingsDep
from app.errors import NotAuthenticatedError, TooManyRequestsError
from app.i18n import prefer_locale
from app.qr import qr_svg
from app.security import session_cookie_name
from app.templating import templates
from app.validation import FormText

router = APIRouter(dependencies=[Depends(require_form_csrf)])

CodeField = Annotated[FormText, Form(max_length=32)]
PasswordField = Annotated[FormText, Form(max_length=256)]
NextField = Annotated[FormText, Form(max_length=500)]


def _pending(
    request: Request, session: Session, settings: Settings, stage: str
) -> Principal | None:
    token = request.cookies.get(session_cookie_name(settings))
    principal = resolve_pending(session, settings, token) if token else None
    if principal is None or principal.auth_session.mfa_stage != stage:
        return None
    prefer_locale(principal.user.language)
    return principal


def _recovery_page(request: Request, codes: list[str], next_path: str) -> Response:
    """The new recovery codes, shown this once."""
    return templates.TemplateResponse(
        request, "auth/mfa_recovery.html", {"codes": codes, "next": next_path}
    )


def _back_to_login(next_path: str) -> Response:
    return RedirectResponse(
        f"/login?{urlencode({'verlopen': '1', 'next': next_path})}", status_code=303
    )


# --- the second step of a login ----------------------------------------------------------------


@router.get("/login/code")
def code_page(
    request: Request, session: SessionDep, settings: SettingsDep, next: str | None = None
) -> Response:
    if _pending(request, session, settings, mfa.STAGE_CODE) is None:
        return _back_to_login(safe_next(next))
    return templates.TemplateResponse(
        request, "auth/mfa_code.html", {"next": safe_next(next), "error": None}
    )


@router.post("/login/code")
def code_submit(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    code: CodeField = "",
    next: NextField = "/",
) -> Response:
    principal = _pending(request, session, settings, mfa.STAGE_CODE)
    if principal is None:
        return _back_to_login(safe_next(next))
    try:
        token = second_step(session, settings, principal, code)
    except (NotAuthenticatedError, TooManyRequestsError) as exc:
        session.commit()  # the failed attempt counts towards throttling
        headers = (
            {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequestsError) else None
        )
        return templates.TemplateResponse(
            request,
            "auth/mfa_code.html",
            {"next": safe_next(next), "error": exc.message},
            status_code=exc.status_code,
            headers=headers,
        )
    session.commit()
    response = RedirectResponse(safe_next(next), status_code=303)
    set_session_cookie(response, settings, token)
    return response


# --- setting it up -----------------------------------------------------------------------------


def _setup_context(
    session: Session, settings: Settings, principal: Principal, action: str, next_path: str
) -> dict[str, Any]:
    secret = mfa.start_setup(session, settings, principal.user)
    return {
        "qr": qr_svg(mfa.provisioning_uri(principal.user, secret), scale=4),
        "secret": mfa.grouped(secret),
        "action": action,
        "next": next_path,
        "error": None,
        "required": mfa.required_for(principal.team, principal.role),
    }


@router.get("/login/tweestaps-instellen")
def enroll_page(
    request: Request, session: SessionDep, settings: SettingsDep, next: str | None = None
) -> Response:
    principal = _pending(request, session, settings, mfa.STAGE_ENROLL)
    if principal is None:
        return _back_to_login(safe_next(next))
    write_from_here(session)  # the key to show is kept until it is confirmed
    context = _setup_context(
        session, settings, principal, "/login/tweestaps-instellen", safe_next(next)
    )
    session.commit()  # the unconfirmed secret, so a reload shows the same code
    return templates.TemplateResponse(request, "auth/mfa_setup.html", context)


@router.post("/login/tweestaps-instellen")
def enroll_submit(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    code: CodeField = "",
    next: NextField = "/",
) -> Response:
    principal = _pending(request, session, settings, mfa.STAGE_ENROLL)
    if principal is None:
        return _back_to_login(safe_next(next))
    try:
        check_login_throttle(session, settings, principal.user.email)
        codes = mfa.confirm_setup(session, settings, principal.user, code)
    except (mfa.MfaError, TooManyRequestsError) as exc:
        if isinstance(exc, mfa.MfaError):
            record_login_failure(session, principal.user.email)
        context = _setup_context(
            session, settings, principal, "/login/tweestaps-instellen", safe_next(next)
        )
        session.commit()
        return templates.TemplateResponse(
            request,
            "auth/mfa_setup.html",
            {**context, "error": exc.message},
            status_code=exc.status_code,
        )
    audit_mfa(session, principal, "mfa.enable")
    token = complete_second_step(session, settings, principal)
    session.commit()
    response = _recovery_page(request, codes, safe_next(next))
    set_session_cookie(response, settings, token)
    return response


# --- from one's account ------------------------------------------------------------------------


def _account_page(
    request: Request,
    session: Session,
    settings: Settings,
    principal: Principal,
    *,
    error: str | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    user = principal.user
    context: dict[str, Any] = {
        "enabled": mfa.is_enabled(user),
        "required": mfa.required_for(principal.team, principal.role),
        "team_requires": principal.team.require_mfa,
    }
    if mfa.is_enabled(user):
        context["since"] = user.totp_enabled_at
        context["left"] = mfa.recovery_codes_left(session, user)
    else:
        context |= _setup_context(session, settings, principal, "/account/tweestaps/aanzetten", "/")
    context["error"] = error
    session.commit()
    return templates.TemplateResponse(
        request, "auth/mfa_account.html", context, status_code=status_code, headers=headers
    )


def _account_refusal(
    request: Request,
    session: Session,
    settings: Settings,
    principal: Principal,
    exc: mfa.MfaError | TooManyRequestsError,
) -> Response:
    """The account page again with what went wrong; a wrong code is kept as a failure."""
    headers = (
        {"Retry-After": str(exc.retry_after)} if isinstance(exc, TooManyRequestsError) else None
    )
    return _account_page(
        request,
        session,
        settings,
        principal,
        error=exc.message,
        status_code=exc.status_code,
        headers=headers,
    )


@router.get("/account/tweestaps")
def account_page(
    request: Request, session: SessionDep, settings: SettingsDep, principal: PrincipalDep
) -> Response:
    if not mfa.is_enabled(principal.user):
        write_from_here(session)  # the key to show is kept until it is confirmed
    return _account_page(request, session, settings, principal)


@router.post("/account/tweestaps/aanzetten")
def account_enable(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
    code: CodeField = "",
) -> Response:
    try:
        codes = mfa.confirm_setup(session, settings, principal.user, code)
    except mfa.MfaError as exc:
        return _account_page(
            request, session, settings, principal, error=exc.message, status_code=400
        )
    audit_mfa(session, principal, "mfa.enable")
    session.commit()
    return _recovery_page(request, codes, "/account/tweestaps")


@router.post("/account/tweestaps/herstelcodes")
def account_recovery_codes(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
    code: CodeField = "",
) -> Response:
    try:
        codes = renew_recovery_codes(session, settings, principal, code=code)
    except (mfa.MfaError, TooManyRequestsError) as exc:
        return _account_refusal(request, session, settings, principal, exc)
    session.commit()
    return _recovery_page(request, codes, "/account/tweestaps")


@router.post("/account/tweestaps/uitzetten")
def account_disable(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    principal: PrincipalDep,
    password: PasswordField = "",
    code: CodeField = "",
) -> Response:
    try:
        turn_off(session, settings, principal, password=password, code=code)
    except (mfa.MfaError, TooManyRequestsError) as exc:
        return _account_refusal(request, session, settings, principal, exc)
    session.commit()
    return RedirectResponse("/account/tweestaps?uit=1", status_code=303)
