"""Overzicht: the krachtenoverzicht of a buurt for the wijkoverleg."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from app.auth.dependencies import PrincipalDep, require_form_csrf
from app.templating import templates

router = APIRouter(dependencies=[Depends(require_form_csrf)])


@router.get("/overzicht")
def strengths_overview(request: Request, principal: PrincipalDep) -> Response:
    return templates.TemplateResponse(request, "export/overview.html", {"nav": "overview"})
