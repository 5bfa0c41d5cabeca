"""Overzicht: the krachtenoverzicht of a buurt for the wijkoverleg, on screen, on paper, as
PDF, XLSX and CSV, and behind a share link residents open without an account.

Every file that leaves the app (print page, PDF, XLSX, CSV) and every share link made or
revoked is written to the audit log first: who, when, which buurten and period, which format.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from app.auth.dependencies import CoordinatorDep, PrincipalDep, require_form_csrf
from app.db import SessionDep
from app.dependencies import SettingsDep
from app.export import formats, service
from app.export.assemble import Overview, assemble
from app.export.document import document_context
from app.export.models import ShareLink
from app.export.selection import parse_selection
from app.export.share import DEFAULT_DAYS, MAX_DAYS, resolve, team_links
from app.export.share import token_for as share_token
from app.export.tables import tables
from app.i18n import gettext as _
from app.teams.service import list_neighbourhoods
from app.templating import templates
from app.validation import FormText

router = APIRouter(dependencies=[Depends(require_form_csrf)])

MEDIA = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def share_url(request: Request, secret_key: str, link: ShareLink) -> str:
    return str(request.url_for("shared_overview", token=share_token(secret_key, link)))


@router.get("/overzicht")
def strengths_overview(
    request: Request, session: SessionDep, principal: PrincipalDep, settings: SettingsDep
) -> Response:
    selection = parse_selection(request.query_params)
    overview = service.overview_for(session, principal, selection)
    links = team_links(session, principal.team.id) if principal.is_coordinator else []
    names = {b.id: b.name for b in list_neighbourhoods(session, principal.team.id)}
    return templates.TemplateResponse(
        request,
        "export/overview.html",
        {
            "nav": "overview",
            **document_context(overview),
            "selection": selection,
            "query": selection.query_string(),
            "buurten": list_neighbourhoods(session, principal.team.id),
            "links": [
                (link, share_url(request, settings.secret_key, link), names) for link in links
            ],
            "default_days": DEFAULT_DAYS,
            "max_days": MAX_DAYS,
        },
    )


@router.get("/overzicht/afdrukken")
def printable_overview(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    overview = service.overview_for(session, principal, parse_selection(request.query_params))
    service.audit_export(session, principal, "print", overview)
    return templates.TemplateResponse(
        request, "export/print.html", {**document_context(overview), "for_print": True}
    )


@router.get("/overzicht.pdf")
def overview_pdf(
    request: Request, session: SessionDep, principal: PrincipalDep, settings: SettingsDep
) -> Response:
    link_id = request.query_params.get("deellink", "")
    link = service.link_for_pdf(session, principal, link_id) if link_id else None
    selection = service.link_selection(link) if link else parse_selection(request.query_params)
    overview = service.overview_for(session, principal, selection)
    url = share_url(request, settings.secret_key, link) if link else None
    html = templates.get_template("export/print.html").render(
        {**document_context(overview, url), "for_pdf": True, "request": request}
    )
    service.audit_export(
        session, principal, "pdf", overview, share_link=str(link.id) if link else None
    )
    return _download(formats.pdf(html), "pdf", overview)


@router.get("/overzicht.xlsx")
def overview_xlsx(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    overview = service.overview_for(session, principal, parse_selection(request.query_params))
    content = formats.xlsx(tables(overview))
    service.audit_export(session, principal, "xlsx", overview)
    return _download(content, "xlsx", overview)


@router.get("/overzicht.zip")
def overview_csv(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    overview = service.overview_for(session, principal, parse_selection(request.query_params))
    content = formats.csv_zip(tables(overview))
    service.audit_export(session, principal, "csv", overview)
    return _download(content, "zip", overview)


def _download(content: bytes, extension: str, overview: Overview) -> Response:
    name = _("krachtenoverzicht") + "-" + "-".join(overview.buurten).lower().replace(" ", "-")
    safe = "".join(c for c in name if c.isascii() and (c.isalnum() or c == "-"))[:80]
    return Response(
        content,
        media_type=MEDIA[extension],
        headers={
            "Content-Disposition": f'attachment; filename="{safe}.{extension}"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/overzicht/delen")
def make_share_link(
    request: Request,
    session: SessionDep,
    principal: CoordinatorDep,
    label: Annotated[FormText, Form(max_length=120)] = "",
    days: int = Form(DEFAULT_DAYS),
) -> Response:
    selection = parse_selection(request.query_params)
    service.share_overview(session, principal, selection, label=label, days=days)
    session.commit()
    query = selection.query_string()
    return RedirectResponse(f"/overzicht{'?' + query if query else ''}#delen", status_code=303)


@router.post("/overzicht/delen/{link_id}/intrekken")
def revoke_share_link(
    request: Request, link_id: uuid.UUID, session: SessionDep, principal: CoordinatorDep
) -> Response:
    service.revoke_share_link(session, principal, link_id)
    session.commit()
    return RedirectResponse("/overzicht#delen", status_code=303)


@router.get("/gedeeld/{token}", name="shared_overview")
def shared_overview(
    request: Request, token: str, session: SessionDep, settings: SettingsDep
) -> Response:
    """Public, read-only, no account: what the link was made for, assembled afresh."""
    link = resolve(session, settings.secret_key, token[:100])
    if link is None:
        response = templates.TemplateResponse(
            request, "export/shared_gone.html", {}, status_code=404
        )
    else:
        overview = assemble(
            session,
            link.team_id,
            neighbourhood_ids=[uuid.UUID(i) for i in link.neighbourhood_ids],
            start=link.starts_at,
            end=link.ends_at,
        )
        response = templates.TemplateResponse(
            request,
            "export/shared.html",
            {**document_context(overview), "link": link, "for_share": True},
        )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
