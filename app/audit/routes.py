"""The audit log for coordinators and admins: who viewed, exported, changed or erased what,
with filters, and a check of the hash chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from app.audit.log import MAX_EVENT_ID, action_labels, read_log
from app.audit.service import verify_chain
from app.auth.dependencies import CoordinatorDep
from app.db import SessionDep
from app.templating import templates

router = APIRouter()


@router.get("/team/auditlog")
def audit_log(
    request: Request,
    session: SessionDep,
    principal: CoordinatorDep,
    actie: Annotated[str, Query(max_length=40)] = "",
    wie: Annotated[str, Query(max_length=40)] = "",
    van: Annotated[str, Query(max_length=10)] = "",
    tot: Annotated[str, Query(max_length=10)] = "",
    voor: Annotated[int | None, Query(ge=1, le=MAX_EVENT_ID)] = None,
    controle: Annotated[str, Query(max_length=3)] = "",
) -> Response:
    page = read_log(session, principal.team.id, actie=actie, wie=wie, van=van, tot=tot, voor=voor)
    return templates.TemplateResponse(
        request,
        "audit/log.html",
        {
            "events": page.events,
            "older": page.older,
            "labels": action_labels(),
            "members": page.members,
            "filters": page.filters,
            "report": verify_chain(session) if controle else None,
        },
    )
