"""Bewoners: find a person the team met, and see what the team knows about them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from app.auth.dependencies import PrincipalDep, owned, require_form_csrf
from app.db import SessionDep
from app.people.models import ConsentScope, Person
from app.people.profile import display_name, find_people, person_profile
from app.templating import templates

router = APIRouter(dependencies=[Depends(require_form_csrf)])

OwnedPerson = Annotated[Person, Depends(owned(Person, "person_id"))]


@router.get("/bewoners")
def people(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    q: Annotated[str, Query(max_length=100)] = "",
) -> Response:
    return templates.TemplateResponse(
        request,
        "people/list.html",
        {
            "nav": "journey",
            "tab": "people",
            "q": q,
            "people": find_people(session, principal, q),
            "display_name": display_name,
        },
    )


@router.get("/bewoners/{person_id}")
def profile(
    request: Request, session: SessionDep, principal: PrincipalDep, person: OwnedPerson
) -> Response:
    return templates.TemplateResponse(
        request,
        "people/profile.html",
        {
            "nav": "journey",
            "profile": person_profile(session, principal, person),
            "name": display_name(person),
            "scopes": [s.value for s in ConsentScope],
        },
    )
