"""POST /api/sync/push and GET /api/sync/pull (wire contract v1, DESIGN.md §4)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from app.auth.dependencies import PrincipalDep, require_form_csrf
from app.db import SessionDep, write_from_here
from app.devices.routes import device_not_revoked
from app.devices.service import device_needs_noting, register_device
from app.errors import AppError
from app.i18n import gettext as _
from app.sync.pull import parse_cursor, pull_changes_since
from app.sync.push import push_changes
from app.sync.schemas import MAX_BATCH, MAX_PULL_LIMIT, PullOut, PushIn, PushOut

# The revoked-device check comes first: a revoked phone's session is gone too, and it must
# hear "wipe", not only "log in again".
router = APIRouter(
    prefix="/api/sync",
    dependencies=[Depends(device_not_revoked), Depends(require_form_csrf)],
)


# The size of a push is limited on the bytes received, before any of this runs
# (app/body_limits.py).
@router.post("/push", response_model=PushOut)
def push(request: Request, body: PushIn, session: SessionDep, principal: PrincipalDep) -> Response:
    if len(body.changes) > MAX_BATCH:
        raise AppError(_("Stuur hoogstens {n} wijzigingen tegelijk.").format(n=MAX_BATCH), 413)
    device = register_device(
        session, principal, body.device_id, request.headers.get("user-agent", "")
    )
    results = push_changes(session, principal, device, body.changes)
    # Acknowledged only after the commit: an answer is never sent for unsaved work.
    session.commit()
    # Serialised by pydantic directly: the answer is built from typed results already.
    return Response(PushOut(results=results).model_dump_json(), media_type="application/json")


@router.get("/pull")
def pull(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    cursor: Annotated[str | None, Query(max_length=40)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)] = 500,
) -> PullOut:
    device_id = request.headers.get("x-device-id", "")
    if device_id:
        try:
            device_uuid = uuid.UUID(device_id)
        except ValueError:
            raise AppError(_("Dit apparaat-id klopt niet.")) from None
        user_agent = request.headers.get("user-agent", "")
        if device_needs_noting(session, principal, device_uuid, user_agent):
            # The pull reads in a read-only transaction; noting the device (its last sync, its
            # session) is a short write on the same connection, then the read goes on.
            write_from_here(session)
            register_device(session, principal, device_uuid, user_agent)
            session.commit()
    changes, next_cursor, more = pull_changes_since(session, principal, parse_cursor(cursor), limit)
    return PullOut(changes=changes, cursor=str(next_cursor), more=more)
