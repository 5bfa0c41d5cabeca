"""A user's language for the team's pages (app.i18n.TEAM_LOCALES), or none: the browser's."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from app.auth.dependencies import PrincipalDep, require_form_csrf
from app.db import SessionDep
from app.errors import AppError
from app.i18n import TEAM_LOCALES, prefer_locale
from app.i18n import gettext as _
from app.templating import templates
from app.validation import FormText

router = APIRouter(dependencies=[Depends(require_form_csrf)])

# "" is the browser's language.
LanguageField = Annotated[FormText, Form(max_length=8)]


@router.get("/account/taal")
def language_page(request: Request, principal: PrincipalDep) -> Response:
    return templates.TemplateResponse(
        request, "auth/language.html", {"chosen": principal.user.language or ""}
    )


@router.post("/account/taal")
def language_submit(
    session: SessionDep, principal: PrincipalDep, language: LanguageField = ""
) -> Response:
    if language and language not in TEAM_LOCALES:
        raise AppError(_("Kies een van de talen op de pagina."))
    user = principal.user
    user.language = language or None
    session.add(user)
    session.commit()
    prefer_locale(user.language)  # so the answer keeps it in the language cookie
    # The next page is in the new language: the service worker then refreshes its shell too.
    return RedirectResponse("/account/taal?opgeslagen=1", status_code=303)
