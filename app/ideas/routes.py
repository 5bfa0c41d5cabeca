"""Ideas board: see every idea by phase and move it on (the move is a synced change)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from app.auth.dependencies import PrincipalDep, owned, require_form_csrf
from app.conversations.lifecycle import move_on
from app.conversations.models import Discovery, DiscoveryKind
from app.db import SessionDep
from app.i18n import gettext as _
from app.ideas.service import PHASES, ideas_by_phase
from app.templating import templates
from app.validation import FormText

router = APIRouter(dependencies=[Depends(require_form_csrf)])

OwnedDiscovery = Annotated[Discovery, Depends(owned(Discovery, "discovery_id"))]


@router.get("/ideeen")
def ideas_board(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    return templates.TemplateResponse(
        request,
        "ideas/board.html",
        {"nav": "journey", "columns": ideas_by_phase(session, principal), "phases": PHASES},
    )


@router.post("/ideeen/{discovery_id}/fase")
def move_idea(
    session: SessionDep,
    principal: PrincipalDep,
    discovery: OwnedDiscovery,
    phase: Annotated[FormText, Form(max_length=20)],
) -> Response:
    move_on(
        session,
        principal,
        discovery,
        kind=DiscoveryKind.idea,
        status=phase,
        allowed=PHASES,
        refusal=_("Kies een fase van het idee."),
    )
    session.commit()
    return RedirectResponse(f"/ideeen#fase-{phase}", status_code=303)
