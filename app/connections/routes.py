"""Connections: the list, the network picture, and moving a connection through its states."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from app.auth.dependencies import PrincipalDep, owned, require_form_csrf
from app.connections.service import STATUSES, connections, network
from app.conversations.lifecycle import move_on
from app.conversations.models import Discovery, DiscoveryKind
from app.db import SessionDep
from app.i18n import gettext as _
from app.journey.filters import parse_place_and_period
from app.teams.service import list_neighbourhoods
from app.templating import templates
from app.validation import FormText

router = APIRouter(dependencies=[Depends(require_form_csrf)])

OwnedDiscovery = Annotated[Discovery, Depends(owned(Discovery, "discovery_id"))]


@router.get("/verbindingen")
def connections_page(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    filters = parse_place_and_period(request.query_params)
    since, until = filters.period()
    links = connections(
        session, principal, neighbourhood_id=filters.buurt, since=since, until=until
    )
    buurten = list_neighbourhoods(session, principal.team.id)
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
    status: Annotated[FormText, Form(max_length=20)],
) -> Response:
    move_on(
        session,
        principal,
        discovery,
        kind=DiscoveryKind.connection,
        status=status,
        allowed=STATUSES,
        refusal=_("Kies hoe het met deze verbinding staat."),
    )
    session.commit()
    return RedirectResponse(f"/verbindingen#verbinding-{discovery.id}", status_code=303)
