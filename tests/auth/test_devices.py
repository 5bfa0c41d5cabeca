"""A user's devices: listed with their last sync; revoking one ends its session and tells it
to wipe itself on its next contact, before anything else."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from app.audit.models import AuditEvent
from app.sync.models import Device
from testkit.wire import push
from tests.factories import form_token, login, make_team, make_user


def test_revoking_a_device_ends_its_session_and_makes_it_wipe(
    client: TestClient, session: Session
) -> None:
    team = make_team(session)
    user = make_user(session, team)
    session.flush()
    lost, kept = uuid.uuid4(), uuid.uuid4()
    # The lost phone syncs with its own login session.
    login(client, user)
    push(client, device_id=lost)
    phone_cookies = dict(client.cookies)
    # The laptop has its own session and device.
    client.cookies.clear()
    login(client, user)
    push(client, device_id=kept)
    page = client.get("/account/apparaten")
    assert page.status_code == 200
    assert page.text.count("Intrekken en wissen") == 2
    token = form_token(client, "/account/apparaten")
    revoked = client.post(
        f"/account/apparaten/{lost}/intrekken", data={"csrf_token": token}, follow_redirects=False
    )
    assert revoked.status_code == 303
    device = session.get(Device, lost)
    assert device is not None
    assert device.revoked_at is not None
    assert session.exec(select(AuditEvent).where(col(AuditEvent.action) == "device.revoke")).one()

    # The phone's next contact, whatever it is: wipe (even though its session is gone).
    client.cookies.clear()
    client.cookies.update(phone_cookies)
    for method, url in (("GET", "/api/session"), ("GET", "/api/sync/pull")):
        answer = client.request(method, url, headers={"X-Device-Id": str(lost)})
        assert answer.status_code == 403, url
        assert answer.headers["x-wipe"] == "1"
    assert client.get("/api/session").status_code == 401  # its session ended
    # The laptop goes on.
    client.cookies.clear()
    login(client, user)
    assert client.get("/api/sync/pull", headers={"X-Device-Id": str(kept)}).status_code == 200


def test_a_device_of_someone_else_cannot_be_revoked(client: TestClient, session: Session) -> None:
    team = make_team(session)
    owner, other = make_user(session, team), make_user(session, team)
    session.flush()
    device_id = uuid.uuid4()
    login(client, owner)
    push(client, device_id=device_id)
    login(client, other)
    token = form_token(client, "/weekoverleg")
    response = client.post(f"/account/apparaten/{device_id}/intrekken", data={"csrf_token": token})
    assert response.status_code == 404
    device = session.get(Device, device_id)
    assert device is not None
    assert device.revoked_at is None
