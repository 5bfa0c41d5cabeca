"""A user's devices: a phone or browser is registered by its first sync, noted at each
sync, refused once revoked (it is then told to wipe what it holds), and revoked by its user
from the devices page (app.devices.routes)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta

from sqlmodel import Session, col, select

from app.audit.service import record_event
from app.auth.service import Principal, revoke_session
from app.db import utcnow
from app.errors import DeviceRevokedError, NotFoundError, PermissionDeniedError
from app.i18n import gettext as _
from app.sync.models import Device


def register_device(
    session: Session, principal: Principal, device_id: uuid.UUID, user_agent: str = ""
) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        device = Device(id=device_id, team_id=principal.team.id, user_id=principal.user.id)
        session.add(device)
        session.flush()
    if device.user_id != principal.user.id or device.team_id != principal.team.id:
        raise PermissionDeniedError(_("Dit apparaat hoort bij een ander account."))
    if device.revoked_at is not None:
        raise DeviceRevokedError(_("Dit apparaat is ingetrokken; wat erop stond wordt gewist."))
    device.last_sync_at = utcnow()
    device.auth_session_id = principal.auth_session.id
    if user_agent:
        device.user_agent = user_agent[:300]
    session.add(device)
    return device


# A device's last sync is written at most this often by pulls (every push writes anyway), so
# fifty phones pulling do not queue fifty writers on SQLite.
DEVICE_NOTE_INTERVAL = timedelta(seconds=60)


def device_needs_noting(
    session: Session, principal: Principal, device_id: uuid.UUID, user_agent: str = ""
) -> bool:
    """Whether a pull must write the device: new, another login or user agent, another
    account (refused by register_device), or its last sync noted long enough ago."""
    device = session.get(Device, device_id)
    return (
        device is None
        or device.user_id != principal.user.id
        or device.team_id != principal.team.id
        or device.revoked_at is not None
        or device.auth_session_id != principal.auth_session.id
        or (bool(user_agent) and device.user_agent != user_agent[:300])
        or device.last_sync_at is None
        or utcnow() - device.last_sync_at >= DEVICE_NOTE_INTERVAL
    )


def refuse_revoked_device(session: Session, device_id: str | None) -> None:
    """Before anything else (even a login check): a revoked phone is told to wipe itself."""
    if not device_id:
        return
    try:
        device = session.get(Device, uuid.UUID(device_id))
    except ValueError:
        return
    if device is not None and device.revoked_at is not None:
        raise DeviceRevokedError(_("Dit apparaat is ingetrokken; wat erop stond wordt gewist."))


def user_devices(session: Session, principal: Principal) -> Sequence[Device]:
    return session.exec(
        select(Device)
        .where(col(Device.user_id) == principal.user.id)
        .order_by(col(Device.last_sync_at).desc())
    ).all()


def revoke_device(session: Session, principal: Principal, device_id: uuid.UUID) -> None:
    """Revoking ends the device's login session at once; it wipes itself at its next contact."""
    device = session.get(Device, device_id)
    if device is None or device.user_id != principal.user.id:
        raise NotFoundError(_("Dit apparaat bestaat niet (meer)."))
    if device.revoked_at is not None:
        return
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
