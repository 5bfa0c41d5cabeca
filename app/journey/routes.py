"""The Tocht page: the team's shared log."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from app.auth.dependencies import PrincipalDep, require_form_csrf
from app.auth.service import Principal
from app.conversations.models import DiscoveryKind, ReviewStatus
from app.db import SessionDep
from app.journey.filters import DIMENSIONS, parse_filters
from app.journey.service import journey_page
from app.teams.service import list_neighbourhoods, list_themes, team_users
from app.templating import templates

router = APIRouter(dependencies=[Depends(require_form_csrf)])


def _choices(session: Session, principal: Principal) -> dict[str, object]:
    team_id = principal.team.id
    return {
        "buurten": list_neighbourhoods(session, team_id),
        "themes": list_themes(session, team_id),
        "members": team_users(session, team_id),
        "kinds": [k.value for k in DiscoveryKind],
        "dimensions": DIMENSIONS,
        "statuses": [s.value for s in ReviewStatus],
    }


@router.get("/tocht")
def journey(
    request: Request, session: SessionDep, principal: PrincipalDep, na: str | None = None
) -> Response:
    filters = parse_filters(dict(request.query_params))
    if any(not value for value in request.query_params.values()):
        # The filter form sends its empty fields too: keep the address short and shareable.
        clean = filters.query_string()
        return RedirectResponse(f"/tocht?{clean}" if clean else "/tocht", status_code=303)
    page = journey_page(session, principal, filters, na)
    return templates.TemplateResponse(
        request,
        "journey/journey.html",
        {
            "nav": "journey",
            "filters": filters,
            "page": page,
            "first_page": na is None,
            **_choices(session, principal),
        },
    )
