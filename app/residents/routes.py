"""A bewoner's own page, "Mijn buurtkracht" (/mijn/<token>, no account), and the team's side:
making and revoking her link on her profile."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from app.auth.dependencies import PrincipalDep, owned, require_form_csrf
from app.db import SessionDep, write_from_here
from app.dependencies import SettingsDep
from app.errors import AppError, TooManyRequestsError
from app.i18n import gettext as _
from app.people.models import ConsentScope, Person
from app.residents.links import (
    DEFAULT_DAYS,
    LinkGone,
    client_key,
    create_link,
    open_link,
    revoke_link,
)
from app.residents.view import resident_view
from app.templating import templates
from app.validation import parse_whole_number

router = APIRouter(dependencies=[Depends(require_form_csrf)])

OwnedPerson = Annotated[Person, Depends(owned(Person, "person_id"))]

# Never cached, never indexed, never passed on as a referrer: the address is the key.
PRIVATE_HEADERS = {
    "Cache-Control": "no-store",
    "X-Robots-Tag": "noindex, nofollow",
    "Referrer-Policy": "no-referrer",
}


@router.post("/bewoners/{person_id}/eigen-link")
def make_resident_link(
    session: SessionDep,
    principal: PrincipalDep,
    person: OwnedPerson,
    days: Annotated[str, Form(max_length=6)] = str(DEFAULT_DAYS),
) -> Response:
    number = parse_whole_number(days.strip(), max_digits=3)
    if number is None:
        raise AppError(_("Vul het aantal dagen in als een heel getal."))
    create_link(session, principal, person.id, number)
    session.commit()
    return RedirectResponse(f"/bewoners/{person.id}#eigen-pagina", status_code=303)


@router.post("/bewoners/{person_id}/eigen-link/{link_id}/intrekken")
def revoke_resident_link(
    session: SessionDep, principal: PrincipalDep, person: OwnedPerson, link_id: uuid.UUID
) -> Response:
    revoke_link(session, principal, person.id, link_id)
    session.commit()
    return RedirectResponse(f"/bewoners/{person.id}#eigen-pagina", status_code=303)


@router.get("/mijn/{token}", name="resident_page")
def resident_page(
    request: Request, token: str, session: SessionDep, settings: SettingsDep
) -> Response:
    """What the team noted about her, as she may see it (app.residents.view)."""
    write_from_here(session)  # a failed attempt is counted, an opened link noted
    address = request.client.host if request.client else ""
    try:
        link = open_link(
            session, settings.secret_key, token, client_key(settings.secret_key, address)
        )
    except LinkGone:
        session.commit()
        return _gone(request, 404)
    except TooManyRequestsError as exc:
        session.commit()  # nothing written: the client waits
        response = _gone(request, 429, str(exc))
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    view = resident_view(session, link)
    session.commit()
    return templates.TemplateResponse(
        request,
        "residents/page.html",
        {"view": view, "consent_scopes": [s.value for s in ConsentScope]},
        headers=PRIVATE_HEADERS,
    )


def _gone(request: Request, status: int, message: str = "") -> Response:
    return templates.TemplateResponse(
        request,
        "residents/gone.html",
        {"message": message},
        status_code=status,
        headers=PRIVATE_HEADERS,
    )
