"""Weekoverleg: the team's weekly review of what the street taught them."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from app.auth.dependencies import PrincipalDep, require_form_csrf
from app.templating import templates

router = APIRouter(dependencies=[Depends(require_form_csrf)])


@router.get("/weekoverleg")
def weekly_review(request: Request, principal: PrincipalDep) -> Response:
    return templates.TemplateResponse(request, "review/weekly.html", {"nav": "review"})
