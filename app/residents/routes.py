"""A bewoner's own page, "Mijn buurtkracht" (/mijn/<token>, no account), and the team's side:
making and revoking her link on her profile."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from app.auth.dependencies import PrincipalDep, owned, require_form_csrf
from app.config import Settings
from app.conversations.models import Dimension, IdeaPhase, QualityType, Willingness
from app.db import SessionDep, write_from_here
from app.dependencies import FormDep, SettingsDep
from app.errors import AppError, TooManyRequestsError
from app.i18n import gettext as _
from app.people.consent import set_own_consent
from app.people.models import ConsentScope, Person
from app.residents.forms import form_version, proposed_from, scopes_from
from app.residents.language import NAMES, remember, speak_her_language
from app.residents.links import (
    DEFAULT_DAYS,
    LinkGone,
    client_key,
    create_link,
    open_link,
    revoke_link,
)
from app.residents.meelezen import answer, read_along
from app.residents.models import ResidentLink
from app.residents.proposals import proposable, propose_change, propose_new_quality
from app.residents.view import resident_view
from app.teams.models import Team
from app.templating import templates
from app.validation import parse_whole_number

router = APIRouter(dependencies=[Depends(require_form_csrf)])
# Her own pages: in her language (app.residents.language), chosen before anything is said.
mine = APIRouter(dependencies=[Depends(speak_her_language), Depends(require_form_csrf)])

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


def _opened(
    request: Request, session: Session, settings: Settings, token: str
) -> tuple[ResidentLink, Person] | Response:
    """Her link opened (an attempt counted, the opening noted), or the one answer for a
    link that does not open."""
    write_from_here(session)
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
    person = session.get(Person, link.person_id)
    assert person is not None  # open_link checked her
    return link, person


def _page(
    request: Request,
    session: Session,
    link: ResidentLink,
    *,
    error: str = "",
    status: int = 200,
) -> Response:
    view = resident_view(session, link)
    person = session.get(Person, link.person_id)
    assert person is not None
    reading = read_along(session, person, view.items)
    session.commit()
    response = templates.TemplateResponse(
        request,
        "residents/page.html",
        {
            "view": view,
            "consent_scopes": [s.value for s in ConsentScope],
            "proposable": proposable,
            "idea_phases": [p.value for p in IdeaPhase],
            "willingness_options": [w.value for w in Willingness],
            "quality_types": [q.value for q in QualityType],
            "dimensions": [d.value for d in Dimension],
            "error": error,
            "saved": request.query_params.get("bewaard", ""),
            "token": request.path_params["token"],
            "languages": NAMES,
            "reading": reading,
        },
        status_code=status,
        headers=PRIVATE_HEADERS,
    )
    return remember(request, response)


@mine.get("/mijn/{token}", name="resident_page")
def resident_page(
    request: Request, token: str, session: SessionDep, settings: SettingsDep
) -> Response:
    """What the team noted about her, as she may see it (app.residents.view)."""
    opened = _opened(request, session, settings, token)
    if isinstance(opened, Response):
        return opened
    return _page(request, session, opened[0])


def _as_her(
    request: Request,
    session: Session,
    settings: Settings,
    token: str,
    saved: str,
    act: Callable[[ResidentLink, Person], object],
) -> Response:
    """Her form, through her link: on to her page, or her page again with what was wrong
    (nothing of hers was written then), or the one answer for a link that does not open."""
    opened = _opened(request, session, settings, token)
    if isinstance(opened, Response):
        return opened
    link, person = opened
    try:
        with session.begin_nested():
            act(link, person)
    except AppError as exc:
        return _page(request, session, link, error=str(exc), status=422)
    session.commit()
    return RedirectResponse(f"/mijn/{token}?bewaard={saved}#{saved}", status_code=303)


@mine.post("/mijn/{token}/voorstel/{discovery_id}")
def propose(
    request: Request,
    token: str,
    discovery_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    form: FormDep,
) -> Response:
    """Her correction of, or remark on, something noted about her: for the team to take over."""
    return _as_her(
        request,
        session,
        settings,
        token,
        "voorstellen",
        lambda link, person: propose_change(
            session, link, person, discovery_id, form_version(form), proposed_from(form)
        ),
    )


@mine.post("/mijn/{token}/nieuw")
def propose_new(
    request: Request, token: str, session: SessionDep, settings: SettingsDep, form: FormDep
) -> Response:
    """Something she can, or wants to share or learn, that was not noted yet."""
    return _as_her(
        request,
        session,
        settings,
        token,
        "voorstellen",
        lambda link, person: propose_new_quality(session, link, person, proposed_from(form)),
    )


@mine.post("/mijn/{token}/meelezen/{share_link_id}")
def read_along_answer(
    request: Request,
    token: str,
    share_link_id: uuid.UUID,
    session: SessionDep,
    settings: SettingsDep,
    form: FormDep,
) -> Response:
    """Her answer to an overview the team is about to share: "liever niet", or taking it back."""
    rather_not = form.get("antwoord") != "toch-wel"
    return _as_her(
        request,
        session,
        settings,
        token,
        "meelezen",
        lambda _link, person: answer(session, person, share_link_id, rather_not=rather_not),
    )


@mine.post("/mijn/{token}/toestemming")
def own_consent(
    request: Request, token: str, session: SessionDep, settings: SettingsDep, form: FormDep
) -> Response:
    """Her consent, given or withdrawn by herself: at once, not a proposal."""
    return _as_her(
        request,
        session,
        settings,
        token,
        "toestemming",
        lambda link, person: set_own_consent(
            session, _team_of(session, link), person, scopes=scopes_from(form)
        ),
    )


def _team_of(session: Session, link: ResidentLink) -> Team:
    team = session.get(Team, link.team_id)
    assert team is not None  # a link's team is never deleted
    return team


def _gone(request: Request, status: int, message: str = "") -> Response:
    response = templates.TemplateResponse(
        request,
        "residents/gone.html",
        {"message": message},
        status_code=status,
        headers=PRIVATE_HEADERS,
    )
    return remember(request, response)
