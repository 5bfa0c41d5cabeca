"""Connections: the list, the network picture, and moving a connection through its states."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import col, select

from app.auth.dependencies import PrincipalDep, owned, require_form_csrf
from app.connections.service import STATUSES, connections, network
from app.conversations.models import Discovery, DiscoveryKind
from app.db import SessionDep
from app.errors import AppError, NotFoundError
from app.i18n import gettext as _
from app.journey.filters import parse_filters
from app.sync.service import change_from_page
from app.teams.models import Neighbourhood
from app.templating import templates

router = APIRouter(dependencies=[Depends(require_form_csrf)])

OwnedDiscovery = Annotated[Discovery, Depends(owned(Discovery, "discovery_id"))]


@router.get("/verbindingen")
def connections_page(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    params = {k: v for k, v in request.query_params.items() if k in ("buurt", "van", "tot") and v}
    filters = parse_filters(params)
    since, until = filters.period()
    links = connections(
        session, principal, neighbourhood_id=filters.buurt, since=since, until=until
    )
    buurten = session.exec(
        select(Neighbourhood)
        .where(col(Neighbourhood.team_id) == principal.team.id)
        .order_by(col(Neighbourhood.name))
    ).all()
    return templates.TemplateResponse(
        request,
        "connections/connections.html",
        {
            "nav": "journey",
            "links": links,
            "picture": network(links),
            "statuses": STATUSES,
            "filters": filters,
            "buurten": buurten,
            "back": request.url.query,
        },
    )


@router.post("/verbindingen/{discovery_id}/status")
def move_connection(
    session: SessionDep,
    principal: PrincipalDep,
    discovery: OwnedDiscovery,
    status: Annotated[str, Form(max_length=20)],
) -> Response:
    if discovery.kind != DiscoveryKind.connection.value or (
        discovery.visibility == "private" and discovery.created_by_id != principal.user.id
    ):
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    if status not in STATUSES:
        raise AppError(_("Kies hoe het met deze verbinding staat."))
    change_from_page(
        session,
        principal,
        "discovery",
        discovery.id,
        base_version=discovery.version,
        fields={"status": status},
    )
    session.commit()
    return RedirectResponse(f"/verbindingen#verbinding-{discovery.id}", status_code=303)
