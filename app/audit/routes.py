"""The audit log for coordinators and admins: who viewed, exported, changed or erased what,
with filters, and a check of the hash chain."""

from __future__ import annotations

import uuid
from datetime import date, datetime, time, timedelta
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from sqlmodel import Session, col, select

from app.audit.models import AuditEvent
from app.audit.service import verify_chain
from app.auth.dependencies import CoordinatorDep
from app.db import SessionDep
from app.errors import AppError
from app.i18n import gettext as _
from app.journey.filters import LOCAL
from app.teams.service import team_members
from app.templating import templates
from app.validation import InputError, parse_day

router = APIRouter()
PAGE = 50
# The largest id a 64-bit column holds: a larger "voor" cannot be bound as a number.
MAX_EVENT_ID = 2**63 - 1


def action_labels() -> dict[str, str]:
    return {
        "person.view": _("Bewoner bekeken"),
        "person.erase": _("Bewoner gewist"),
        "person.consent": _("Toestemming veranderd"),
        "person.access": _("Inzage gemaakt"),
        "team.privacy": _("Grondslag of bewaartermijn veranderd"),
        "retention.erase": _("Gewist na de bewaartermijn"),
        "overview.export": _("Krachtenoverzicht gemaakt"),
        "share_link.create": _("Deellink gemaakt"),
        "share_link.revoke": _("Deellink ingetrokken"),
        "member.add": _("Teamlid toegevoegd"),
        "device.revoke": _("Apparaat ingetrokken"),
        "member.role": _("Rol gewijzigd"),
        "team.mfa": _("Tweestapsverificatie verplicht gesteld of niet"),
        "mfa.enable": _("Tweestapsverificatie aangezet"),
        "mfa.disable": _("Tweestapsverificatie uitgezet"),
        "mfa.reset": _("Tweestapsverificatie van een teamlid gereset"),
        "mfa.recovery_used": _("Ingelogd met een herstelcode"),
        "mfa.recovery_codes": _("Nieuwe herstelcodes gemaakt"),
    }


def _day(value: str, name: str) -> date | None:
    if not value:
        return None
    try:
        return parse_day(value)
    except InputError as exc:
        raise AppError(f"{name.capitalize()}: {exc.message}") from None


def _members(session: Session, team_id: uuid.UUID) -> dict[uuid.UUID, str]:
    return {user.id: user.name for user, _role in team_members(session, team_id)}


@router.get("/team/auditlog")
def audit_log(
    request: Request,
    session: SessionDep,
    principal: CoordinatorDep,
    actie: Annotated[str, Query(max_length=40)] = "",
    wie: Annotated[str, Query(max_length=40)] = "",
    van: Annotated[str, Query(max_length=10)] = "",
    tot: Annotated[str, Query(max_length=10)] = "",
    voor: Annotated[int | None, Query(ge=1, le=MAX_EVENT_ID)] = None,
    controle: Annotated[str, Query(max_length=3)] = "",
) -> Response:
    labels = action_labels()
    if actie and actie not in labels:
        raise AppError(_("Deze soort gebeurtenis kent de auditlog niet."))
    members = _members(session, principal.team.id)
    actor: uuid.UUID | None = None
    if wie:
        try:
            actor = uuid.UUID(wie)
        except ValueError:
            raise AppError(_("Deze persoon kent de auditlog niet.")) from None
    start, end = _day(van, _("van")), _day(tot, _("tot en met"))
    query = select(AuditEvent).where(col(AuditEvent.team_id) == principal.team.id)
    if actie:
        query = query.where(col(AuditEvent.action) == actie)
    if actor:
        query = query.where(col(AuditEvent.actor_id) == actor)
    if start:
        query = query.where(
            col(AuditEvent.occurred_at) >= datetime.combine(start, time(0), tzinfo=LOCAL)
        )
    if end:
        query = query.where(
            col(AuditEvent.occurred_at)
            < datetime.combine(end + timedelta(days=1), time(0), tzinfo=LOCAL)
        )
    if voor:
        query = query.where(col(AuditEvent.id) < voor)
    events = list(session.exec(query.order_by(col(AuditEvent.id).desc()).limit(PAGE + 1)))
    more = len(events) > PAGE
    events = events[:PAGE]
    report = verify_chain(session) if controle else None
    kept = {k: v for k, v in {"actie": actie, "wie": wie, "van": van, "tot": tot}.items() if v}
    older = urlencode({**kept, "voor": events[-1].id}) if more and events else ""
    return templates.TemplateResponse(
        request,
        "audit/log.html",
        {
            "events": events,
            "older": older,
            "labels": labels,
            "members": members,
            "filters": {"actie": actie, "wie": wie, "van": van, "tot": tot},
            "report": report,
        },
    )
