"""The devices page: which phones and browsers sync a user's data, when they last did, and
revoking one (lost, stolen, handed on): app.devices.service does the work."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.responses import RedirectResponse

from app.auth.dependencies import PrincipalDep, require_form_csrf
from app.db import SessionDep
from app.devices.service import refuse_revoked_device, revoke_device, user_devices
from app.i18n import gettext as _
from app.templating import templates

router = APIRouter(dependencies=[Depends(require_form_csrf)])


def device_not_revoked(
    session: SessionDep, x_device_id: Annotated[str | None, Header(max_length=64)] = None
) -> None:
    """Before anything else (even the login check): a revoked phone must hear "wipe", not only
    "log in again" (its session ended with the revocation)."""
    refuse_revoked_device(session, x_device_id)


def describe(user_agent: str) -> str:
    """A readable name for a device from its user agent ("Android · Chrome")."""
    ua = user_agent.lower()
    system = next(
        (
            name
            for key, name in (
                ("android", "Android"),
                ("iphone", "iPhone"),
                ("ipad", "iPad"),
                ("windows", "Windows"),
                ("mac os", "Mac"),
                ("linux", "Linux"),
            )
            if key in ua
        ),
        _("Onbekend apparaat"),
    )
    browser = next(
        (
            name
            for key, name in (
                ("edg/", "Edge"),
                ("firefox", "Firefox"),
                ("chrome", "Chrome"),
                ("safari", "Safari"),
            )
            if key in ua
        ),
        "",
    )
    return f"{system} · {browser}" if browser else system


@router.get("/account/apparaten")
def devices_page(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    return templates.TemplateResponse(
        request,
        "auth/devices.html",
        {
            "devices": user_devices(session, principal),
            "describe": describe,
            "current": principal.auth_session.id,
        },
    )


@router.post("/account/apparaten/{device_id}/intrekken")
def revoke(device_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> Response:
    revoke_device(session, principal, device_id)
    session.commit()
    return RedirectResponse("/account/apparaten", status_code=303)
