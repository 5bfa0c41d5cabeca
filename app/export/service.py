"""The krachtenoverzicht's use cases behind its pages: assemble it for a selection, write each
export to the audit log, and make, revoke and print share links (coordinators only)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlmodel import Session

from app.audit.service import record_event, record_event_now
from app.auth.service import Principal
from app.db import utcnow
from app.errors import AppError, NotFoundError, PermissionDeniedError
from app.export.assemble import Overview, assemble
from app.export.models import ShareLink
from app.export.selection import Selection
from app.export.share import MAX_DAYS, create_link, revoke
from app.i18n import gettext as _
from app.teams.models import Neighbourhood
from app.teams.service import list_neighbourhoods


def chosen_buurten(
    session: Session, team_id: uuid.UUID, selection: Selection
) -> list[Neighbourhood]:
    buurten = list_neighbourhoods(session, team_id)
    if not selection.buurten:
        return buurten
    return [b for b in buurten if b.id in selection.buurten]


def overview_for(session: Session, principal: Principal, selection: Selection) -> Overview:
    chosen = chosen_buurten(session, principal.team.id, selection)
    return assemble(
        session,
        principal.team.id,
        neighbourhood_ids=[b.id for b in chosen],
        start=selection.start,
        end=selection.end,
    )


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def audit_export(
    session: Session, principal: Principal, fmt: str, overview: Overview, **extra: Any
) -> None:
    """Every file that leaves the app is in the audit log: who, when, which buurten and period,
    which format."""
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


def _team_link(session: Session, principal: Principal, link_id: uuid.UUID) -> ShareLink:
    link = session.get(ShareLink, link_id)
    if link is None or link.team_id != principal.team.id:
        raise NotFoundError(_("Deze deellink bestaat niet (meer)."))
    return link


def share_overview(
    session: Session, principal: Principal, selection: Selection, *, label: str, days: int
) -> ShareLink:
    if not 1 <= days <= MAX_DAYS:
        raise AppError(_("Een deellink werkt 1 tot %(max)s dagen.") % {"max": MAX_DAYS})
    chosen = chosen_buurten(session, principal.team.id, selection)
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
    return link


def revoke_share_link(session: Session, principal: Principal, link_id: uuid.UUID) -> None:
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


def link_for_pdf(session: Session, principal: Principal, raw_id: str) -> ShareLink:
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


def link_selection(link: ShareLink) -> Selection:
    return Selection(
        tuple(uuid.UUID(i) for i in link.neighbourhood_ids),
        None,
        None,
        link.starts_at,
        link.ends_at,
    )
