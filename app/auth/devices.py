"""A user's devices: which phones and browsers sync their data, when they last did, and
revoking one (lost, stolen, handed on). Revoking ends that device's login session; the
device is told to wipe what it holds the next time it makes contact (app.sync.routes)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import col, select

from app.audit.service import record_event
from app.auth.dependencies import PrincipalDep, require_form_csrf
from app.auth.service import revoke_session
from app.db import SessionDep, utcnow
from app.errors import NotFoundError
from app.i18n import gettext as _
from app.sync.models import Device
from app.sync.service import refuse_revoked_device
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
    devices = session.exec(
        select(Device)
        .where(col(Device.user_id) == principal.user.id)
        .order_by(col(Device.last_sync_at).desc())
    ).all()
    return templates.TemplateResponse(
        request,
        "auth/devices.html",
        {"devices": devices, "describe": describe, "current": principal.auth_session.id},
    )


@router.post("/account/apparaten/{device_id}/intrekken")
def revoke_device(device_id: uuid.UUID, session: SessionDep, principal: PrincipalDep) -> Response:
    device = session.get(Device, device_id)
    if device is None or device.user_id != principal.user.id:
        raise NotFoundError(_("Dit apparaat bestaat niet (meer)."))
    if device.revoked_at is None:
        device.revoked_at = utcnow()
        session.add(device)
        if device.auth_session_id is not None:
            revoke_session(session, device.auth_session_id)
        record_event(
            session,
            action="device.revoke",
            team_id=principal.team.id,
            actor_id=principal.user.id,
            entity="device",
            record_id=device.id,
        )
        session.commit()
    return RedirectResponse("/account/apparaten", status_code=303)
