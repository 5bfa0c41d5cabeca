"""Overzicht: the krachtenoverzicht of a buurt for the wijkoverleg, on screen, on paper, as
PDF, XLSX and CSV, and behind a share link residents open without an account.

Every file that leaves the app (print page, PDF, XLSX, CSV) and every share link made or
revoked is written to the audit log first: who, when, which buurten and period, which format.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse
from sqlmodel import Session

from app.audit.service import record_event, record_event_now
from app.auth.dependencies import CoordinatorDep, PrincipalDep, require_form_csrf
from app.auth.service import Principal
from app.db import SessionDep, utcnow
from app.dependencies import SettingsDep
from app.errors import AppError, NotFoundError, PermissionDeniedError
from app.export import formats
from app.export.assemble import Overview, assemble
from app.export.document import document_context
from app.export.models import ShareLink
from app.export.selection import Selection, parse_selection
from app.export.share import DEFAULT_DAYS, MAX_DAYS, create_link, resolve, revoke, team_links
from app.export.share import token_for as share_token
from app.export.tables import tables
from app.i18n import gettext as _
from app.teams.models import Neighbourhood
from app.teams.service import list_neighbourhoods
from app.templating import templates

router = APIRouter(dependencies=[Depends(require_form_csrf)])

MEDIA = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def _chosen(session: Session, team_id: uuid.UUID, selection: Selection) -> list[Neighbourhood]:
    buurten = list_neighbourhoods(session, team_id)
    if not selection.buurten:
        return buurten
    return [b for b in buurten if b.id in selection.buurten]


def _overview(session: Session, principal: Principal, selection: Selection) -> Overview:
    chosen = _chosen(session, principal.team.id, selection)
    return assemble(
        session,
        principal.team.id,
        neighbourhood_ids=[b.id for b in chosen],
        start=selection.start,
        end=selection.end,
    )


def _audit(
    session: Session, principal: Principal, fmt: str, overview: Overview, **extra: Any
) -> None:
    record_event_now(
        session,
        action="overview.export",
        team_id=principal.team.id,
        actor_id=principal.user.id,
        entity="overview",
        details={
            "format": fmt,
            "buurten": overview.buurten,
            "start": _iso(overview.start),
            "end": _iso(overview.end),
            **extra,
        },
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def share_url(request: Request, secret_key: str, link: ShareLink) -> str:
    return str(request.url_for("shared_overview", token=share_token(secret_key, link)))


@router.get("/overzicht")
def strengths_overview(
    request: Request, session: SessionDep, principal: PrincipalDep, settings: SettingsDep
) -> Response:
    selection = parse_selection(request.query_params)
    overview = _overview(session, principal, selection)
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
    overview = _overview(session, principal, parse_selection(request.query_params))
    _audit(session, principal, "print", overview)
    return templates.TemplateResponse(
        request, "export/print.html", {**document_context(overview), "for_print": True}
    )


@router.get("/overzicht.pdf")
def overview_pdf(
    request: Request, session: SessionDep, principal: PrincipalDep, settings: SettingsDep
) -> Response:
    link_id = request.query_params.get("deellink", "")
    link = _shared_pdf_link(session, principal, link_id) if link_id else None
    if link is not None:
        selection = Selection(
            tuple(uuid.UUID(i) for i in link.neighbourhood_ids),
            None,
            None,
            link.starts_at,
            link.ends_at,
        )
    else:
        selection = parse_selection(request.query_params)
    overview = _overview(session, principal, selection)
    url = share_url(request, settings.secret_key, link) if link else None
    html = templates.get_template("export/print.html").render(
        {**document_context(overview, url), "for_pdf": True, "request": request}
    )
    _audit(session, principal, "pdf", overview, share_link=str(link.id) if link else None)
    return _download(formats.pdf(html), "pdf", overview)


@router.get("/overzicht.xlsx")
def overview_xlsx(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    overview = _overview(session, principal, parse_selection(request.query_params))
    content = formats.xlsx(tables(overview))
    _audit(session, principal, "xlsx", overview)
    return _download(content, "xlsx", overview)


@router.get("/overzicht.zip")
def overview_csv(request: Request, session: SessionDep, principal: PrincipalDep) -> Response:
    overview = _overview(session, principal, parse_selection(request.query_params))
    content = formats.csv_zip(tables(overview))
    _audit(session, principal, "csv", overview)
    return _download(content, "zip", overview)


def _download(content: bytes, extension: str, overview: Overview) -> Response:
    name = "krachtenoverzicht-" + "-".join(overview.buurten).lower().replace(" ", "-")
    safe = "".join(c for c in name if c.isascii() and (c.isalnum() or c == "-"))[:80]
    return Response(
        content,
        media_type=MEDIA[extension],
        headers={
            "Content-Disposition": f'attachment; filename="{safe}.{extension}"',
            "Cache-Control": "no-store",
        },
    )


def _team_link(session: Session, principal: Principal, link_id: uuid.UUID) -> ShareLink:
    link = session.get(ShareLink, link_id)
    if link is None or link.team_id != principal.team.id:
        raise NotFoundError(_("Deze deellink bestaat niet (meer)."))
    return link


def _shared_pdf_link(session: Session, principal: Principal, raw_id: str) -> ShareLink:
    """The PDF of a share link carries the link itself (as a QR code): only for those who may
    make and revoke links, and only while the link works."""
    if not principal.is_coordinator:
        raise PermissionDeniedError(_("Alleen coördinatoren kunnen deellinks delen."))
    try:
        link_id = uuid.UUID(raw_id)
    except ValueError:
        raise NotFoundError(_("Deze deellink bestaat niet (meer).")) from None
    link = _team_link(session, principal, link_id)
    if link.revoked_at is not None or link.expires_at <= utcnow():
        raise NotFoundError(_("Deze deellink bestaat niet (meer)."))
    return link


@router.post("/overzicht/delen")
def make_share_link(
    request: Request,
    session: SessionDep,
    principal: CoordinatorDep,
    label: str = Form("", max_length=120),
    days: int = Form(DEFAULT_DAYS),
) -> Response:
    selection = parse_selection(request.query_params)
    if not 1 <= days <= MAX_DAYS:
        raise AppError(_("Een deellink werkt 1 tot %(max)s dagen.") % {"max": MAX_DAYS})
    chosen = _chosen(session, principal.team.id, selection)
    if not chosen:
        raise AppError(_("Kies een buurt om te delen."))
    link = create_link(
        session,
        team_id=principal.team.id,
        created_by_id=principal.user.id,
        neighbourhood_ids=[b.id for b in chosen],
        starts_at=selection.start,
        ends_at=selection.end,
        label=label.strip() or ", ".join(b.name for b in chosen),
        days=days,
    )
    record_event(
        session,
        action="share_link.create",
        team_id=principal.team.id,
        actor_id=principal.user.id,
        entity="share_link",
        record_id=link.id,
        details={
            "buurten": [b.name for b in chosen],
            "start": _iso(selection.start),
            "end": _iso(selection.end),
            "expires_at": link.expires_at.isoformat(),
        },
    )
    session.commit()
    query = selection.query_string()
    return RedirectResponse(f"/overzicht{'?' + query if query else ''}#delen", status_code=303)


@router.post("/overzicht/delen/{link_id}/intrekken")
def revoke_share_link(
    request: Request, link_id: uuid.UUID, session: SessionDep, principal: CoordinatorDep
) -> Response:
    link = _team_link(session, principal, link_id)
    if link.revoked_at is None:
        revoke(session, link, principal.user.id)
        record_event(
            session,
            action="share_link.revoke",
            team_id=principal.team.id,
            actor_id=principal.user.id,
            entity="share_link",
            record_id=link.id,
        )
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
