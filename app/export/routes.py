"""Overzicht: the krachtenoverzicht of a buurt for the wijkoverleg."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from app.auth.dependencies import PrincipalDep, require_form_csrf
from app.db import SessionDep
from app.export.assemble import SUPPRESS_BELOW, assemble
from app.journey.filters import parse_place_and_period
from app.teams.service import list_neighbourhoods
from app.templating import templates

router = APIRouter(dependencies=[Depends(require_form_csrf)])


@router.get("/overzicht")
def strengths_overview(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    filters = parse_place_and_period(request.query_params)
    buurten = list_neighbourhoods(session, principal.team.id)
    chosen = [filters.buurt] if filters.buurt else [b.id for b in buurten]
    start, end = filters.period()
    overview = assemble(session, principal, neighbourhood_ids=chosen, start=start, end=end)
    return templates.TemplateResponse(
        request,
        "export/overview.html",
        {
            "nav": "overview",
            "overview": overview,
            "filters": filters,
            "buurten": buurten,
            "suppress_below": SUPPRESS_BELOW,
        },
    )
