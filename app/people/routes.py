"""Bewoners: find a person the team met, and see what the team knows about them."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse, StreamingResponse

from app.attachments.access import access_zip
from app.attachments.models import Attachment
from app.audit.service import record_event_now
from app.auth.dependencies import CoordinatorDep, PrincipalDep, owned, require_form_csrf
from app.auth.service import Principal
from app.db import SessionDep
from app.errors import AppError
from app.people.access import access_package
from app.people.consent import set_consent
from app.people.details import update_details
from app.people.lifecycle import erase_on_request
from app.people.models import ConsentScope, Person
from app.people.profile import find_people, person_profile
from app.people.sharing import name_of
from app.residents.links import DEFAULT_DAYS, MAX_DAYS
from app.residents.profile import profile_links
from app.templating import print_for_viewer, templates
from app.validation import FormText, parse_whole_number

router = APIRouter(dependencies=[Depends(require_form_csrf)])

OwnedPerson = Annotated[Person, Depends(owned(Person, "person_id"))]


@router.get("/bewoners")
def people(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    q: Annotated[str, Query(max_length=100)] = "",
    gewist: Annotated[str, Query(max_length=16)] = "",
) -> Response:
    return templates.TemplateResponse(
        request,
        "people/list.html",
        {
            "nav": "journey",
            "tab": "people",
            "q": q,
            "people": find_people(session, principal, q),
            "erased": gewist,
        },
    )


def _profile_response(
    request: Request,
    session: SessionDep,
    principal: Principal,
    person: Person,
    *,
    error: str = "",
    typed: dict[str, Any] | None = None,
) -> Response:
    return templates.TemplateResponse(
        request,
        "people/profile.html",
        {
            "nav": "journey",
            "profile": person_profile(session, principal, person),
            "resident_links": profile_links(request, session, principal, person),
            "resident_days": DEFAULT_DAYS,
            "resident_max_days": MAX_DAYS,
            "name": name_of(person),
            "scopes": [s.value for s in ConsentScope],
            "details_error": error,
            "details": typed
            or {
                "recognition": person.recognition,
                "street": person.street,
                "is_connector": person.is_connector,
            },
        },
        status_code=422 if error else 200,
    )


@router.get("/bewoners/{person_id}")
def profile(
    request: Request, session: SessionDep, principal: PrincipalDep, person: OwnedPerson
) -> Response:
    record_event_now(
        session,
        action="person.view",
        team_id=principal.team.id,
        actor_id=principal.user.id,
        entity="person",
        record_id=person.id,
    )
    return _profile_response(request, session, principal, person)


@router.post("/bewoners/{person_id}/gegevens")
def change_details(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    person: OwnedPerson,
    version: Annotated[FormText, Form(max_length=12)] = "",
    recognition: Annotated[FormText, Form(max_length=2000)] = "",
    street: Annotated[FormText, Form(max_length=2000)] = "",
    is_connector: Annotated[FormText, Form(max_length=1)] = "",
) -> Response:
    """Herkenning, straat and verbinder; a refusal shows the profile again with what was typed."""
    try:
        update_details(
            session,
            principal,
            person,
            base_version=parse_whole_number(version) or person.version,
            recognition=recognition,
            street=street,
            is_connector=is_connector == "1",
        )
    except AppError as exc:
        session.rollback()
        return _profile_response(
            request,
            session,
            principal,
            person,
            error=exc.message,
            typed={
                "recognition": recognition,
                "street": street,
                "is_connector": is_connector == "1",
            },
        )
    session.commit()
    return RedirectResponse(f"/bewoners/{person.id}?bijgewerkt=1#gegevens", status_code=303)


@router.post("/bewoners/{person_id}/wissen")
def erase(
    session: SessionDep,
    principal: CoordinatorDep,
    person: OwnedPerson,
    confirm: Annotated[FormText, Form(max_length=40)] = "",
) -> Response:
    """Erase a bewoner everywhere (AVG art. 17). The coordinator types the pseudonym to confirm:
    this cannot be undone."""
    pseudonym = person.pseudonym
    erase_on_request(session, principal, person, confirm=confirm)
    session.commit()
    return RedirectResponse(f"/bewoners?{urlencode({'gewist': pseudonym})}", status_code=303)


@router.post("/bewoners/{person_id}/toestemming")
def change_consent(
    session: SessionDep,
    principal: PrincipalDep,
    person: OwnedPerson,
    scopes: Annotated[list[str], Form(max_length=len(ConsentScope))] = [],  # noqa: B006 - FastAPI form default
    how: Annotated[FormText, Form(max_length=16)] = "mondeling",
) -> Response:
    """Give or withdraw consent (app.people.consent): a withdrawn roepnaam is gone from the
    record at once and from every phone on its next pull."""
    set_consent(session, principal, person, scopes=scopes, how=how)
    session.commit()
    return RedirectResponse(f"/bewoners/{person.id}#toestemming", status_code=303)


def _access(
    request: Request, session: SessionDep, principal: Principal, person: Person
) -> tuple[dict[str, Any], list[Attachment]]:
    record_event_now(
        session,
        action="person.access",
        team_id=principal.team.id,
        actor_id=principal.user.id,
        entity="person",
        record_id=person.id,
    )
    return access_package(session, principal.team, person)


@router.get("/bewoners/{person_id}/inzage")
def access_page(
    request: Request, session: SessionDep, principal: CoordinatorDep, person: OwnedPerson
) -> Response:
    """Inzageverzoek: everything about one bewoner, readable and printable (A4)."""
    report, _files = _access(request, session, principal, person)
    # Her copy of everything kept, her roepnaam included, whoever in the team prints it.
    print_for_viewer(None)
    response = templates.TemplateResponse(
        request, "people/access.html", {"report": report, "person": person}
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/bewoners/{person_id}/inzage.zip", response_class=StreamingResponse)
def access_zip_download(
    request: Request, session: SessionDep, principal: CoordinatorDep, person: OwnedPerson
) -> Response:
    """The inzage with the photos and recordings themselves."""
    report, attachments = _access(request, session, principal, person)
    name = _file_name(person)
    return StreamingResponse(
        access_zip(session, principal.team.id, report, attachments),
        media_type="application/zip",
        headers={
            "Content-Disposition": f'attachment; filename="inzage-{name}.zip"',
            "Cache-Control": "no-store",
        },
    )


def _file_name(person: Person) -> str:
    # Pseudonyms stored before the wire checked them can hold anything (an emoji made this a
    # 500, CR/LF a dropped connection): the file name keeps ASCII letters, digits and "-".
    name = "".join(c for c in person.pseudonym if c.isascii() and (c.isalnum() or c == "-"))
    return name or "bewoner"


@router.get("/bewoners/{person_id}/inzage.json")
def access_json(
    request: Request, session: SessionDep, principal: CoordinatorDep, person: OwnedPerson
) -> Response:
    report, _files = _access(request, session, principal, person)
    return JSONResponse(
        report,
        headers={
            "Content-Disposition": f'attachment; filename="inzage-{_file_name(person)}.json"',
            "Cache-Control": "no-store",
        },
    )
