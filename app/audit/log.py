"""Reading the audit log: which events a coordinator asked for (kind, who, period), a page at
a time, newest first, and the words for each kind of event."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlencode

from sqlmodel import Session, col, select

from app.audit.models import AuditEvent
from app.dates import local_midnight
from app.errors import AppError
from app.i18n import gettext as _
from app.teams.service import team_members
from app.validation import InputError, parse_day

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


@dataclass(frozen=True)
class LogPage:
    events: list[AuditEvent]
    older: str  # the query string of the next (older) page, or ""
    members: dict[uuid.UUID, str]
    filters: dict[str, str]


def read_log(
    session: Session,
    team_id: uuid.UUID,
    *,
    actie: str = "",
    wie: str = "",
    van: str = "",
    tot: str = "",
    voor: int | None = None,
) -> LogPage:
    if actie and actie not in action_labels():
        raise AppError(_("Deze soort gebeurtenis kent de auditlog niet."))
    actor: uuid.UUID | None = None
    if wie:
        try:
            actor = uuid.UUID(wie)
        except ValueError:
            raise AppError(_("Deze persoon kent de auditlog niet.")) from None
    start, end = _day(van, _("van")), _day(tot, _("tot en met"))
    query = select(AuditEvent).where(col(AuditEvent.team_id) == team_id)
    if actie:
        query = query.where(col(AuditEvent.action) == actie)
    if actor:
        query = query.where(col(AuditEvent.actor_id) == actor)
    if start:
        query = query.where(col(AuditEvent.occurred_at) >= local_midnight(start))
    if end:
        query = query.where(col(AuditEvent.occurred_at) < local_midnight(end + timedelta(days=1)))
    if voor:
        query = query.where(col(AuditEvent.id) < voor)
    events = list(session.exec(query.order_by(col(AuditEvent.id).desc()).limit(PAGE + 1)))
    more = len(events) > PAGE
    events = events[:PAGE]
    filters = {"actie": actie, "wie": wie, "van": van, "tot": tot}
    kept = {k: v for k, v in filters.items() if v}
    older = urlencode({**kept, "voor": events[-1].id}) if more and events else ""
    return LogPage(events, older, _members(session, team_id), filters)
