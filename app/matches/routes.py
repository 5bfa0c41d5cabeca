"""Wie met wie?: suggestions to accept (a connection) or dismiss (for good)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from app.auth.dependencies import PrincipalDep, require_form_csrf
from app.db import SessionDep
from app.matches.service import accept, dismiss, suggestions
from app.templating import templates
from app.validation import FormText

router = APIRouter(dependencies=[Depends(require_form_csrf)])


@router.get("/wie-met-wie")
def matches(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    return templates.TemplateResponse(
        request,
        "matches/matches.html",
        {
            "nav": "journey",
            "suggestions": suggestions(session, principal),
            "done": request.query_params.get("gedaan", ""),
        },
    )


@router.post("/wie-met-wie/accepteren")
def accept_match(
    session: SessionDep,
    principal: PrincipalDep,
    key: Annotated[FormText, Form(max_length=100)],
    status: Annotated[FormText, Form(max_length=20)] = "chance",
) -> Response:
    accept(session, principal, key, status)
    session.commit()
    return RedirectResponse("/wie-met-wie?gedaan=verbonden", status_code=303)


@router.post("/wie-met-wie/afwijzen")
def dismiss_match(
    session: SessionDep, principal: PrincipalDep, key: Annotated[FormText, Form(max_length=100)]
) -> Response:
    dismiss(session, principal, key)
    session.commit()
    return RedirectResponse("/wie-met-wie?gedaan=weg", status_code=303)
