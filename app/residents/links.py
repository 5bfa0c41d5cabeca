"""A bewoner's own link: made, shown again and revoked by the team; opened by the bewoner
without an account. `/mijn/<id>.<signature>` (app.links): unguessable, per person, for a time
(90 days unless the team says otherwise), revocable. A link that does not open (malformed,
forged, unknown, expired, revoked, its bewoner erased) gets one and the same answer, and a
client that keeps trying waits: LINK_MAX_FAILURES in LINK_WINDOW, counted per keyed hash of
its address, never the address itself."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from datetime import datetime, timedelta

from sqlmodel import Session, col, delete, func, select

from app import links
from app.audit.service import record_event
from app.auth.service import Principal
from app.db import serialise_on, utcnow
from app.errors import AppError, NotFoundError, TooManyRequestsError
from app.i18n import gettext as _
from app.people.models import Person
from app.residents.models import LinkAttempt, ResidentLink

PURPOSE = "resident-link"
DEFAULT_DAYS = 90
MAX_DAYS = 365
LINK_MAX_FAILURES = 20
LINK_WINDOW = timedelta(minutes=15)


def token_for(secret_key: str, link: ResidentLink) -> str:
    return links.token(secret_key, PURPOSE, link.id)


def is_active(link: ResidentLink, now: datetime) -> bool:
    return link.revoked_at is None and link.expires_at > now


def create_link(
    session: Session, principal: Principal, person_id: uuid.UUID, days: int = DEFAULT_DAYS
) -> ResidentLink:
    """A new link for one of the team's bewoners (earlier links stay as they are)."""
    person = _team_person(session, principal, person_id)
    if not 1 <= days <= MAX_DAYS:
        raise AppError(_("Een link geldt 1 tot {days} dagen.").format(days=MAX_DAYS))
    now = utcnow()
    link = ResidentLink(
        team_id=principal.team.id,
        person_id=person.id,
        created_by_id=principal.user.id,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(link)
    session.flush()
    record_event(
        session,
        action="resident_link_created",
        team_id=principal.team.id,
        actor_id=principal.user.id,
        entity="person",
        record_id=person.id,
        details={"link": str(link.id), "days": days},
    )
    return link


def revoke_link(
    session: Session, principal: Principal, person_id: uuid.UUID, link_id: uuid.UUID
) -> ResidentLink:
    link = session.get(ResidentLink, link_id)
    if link is None or link.team_id != principal.team.id or link.person_id != person_id:
        raise NotFoundError(_("Deze link bestaat niet (meer)."))
    if link.revoked_at is None:
        link.revoked_at = utcnow()
        link.revoked_by_id = principal.user.id
        session.add(link)
        session.flush()
        record_event(
            session,
            action="resident_link_revoked",
            team_id=principal.team.id,
            actor_id=principal.user.id,
            entity="person",
            record_id=link.person_id,
            details={"link": str(link.id)},
        )
    return link


def links_of(session: Session, principal: Principal, person_id: uuid.UUID) -> list[ResidentLink]:
    """A bewoner's links still open, newest first."""
    _team_person(session, principal, person_id)
    now = utcnow()
    found = session.exec(
        select(ResidentLink)
        .where(
            col(ResidentLink.person_id) == person_id,
            col(ResidentLink.team_id) == principal.team.id,
            col(ResidentLink.revoked_at).is_(None),
        )
        .order_by(col(ResidentLink.created_at).desc())
    )
    return [link for link in found if is_active(link, now)]


def client_key(secret_key: str, address: str) -> str:
    """Who keeps trying, without keeping their address."""
    mac = hmac.new(secret_key.encode(), b"link-client:" + address.encode(), hashlib.sha256)
    return mac.hexdigest()


def open_link(session: Session, secret_key: str, token: str, client: str) -> ResidentLink:
    """The link this token opens, for a client (client_key). Raises LinkGone for every link
    that does not open, TooManyRequestsError once the client has tried too often. Writes
    (a failure counted, or when the link was last opened): call it in a writing transaction."""
    now = utcnow()
    serialise_on(session, f"link-client:{client}")
    since = now - LINK_WINDOW
    failures = session.exec(
        select(func.count())
        .select_from(LinkAttempt)
        .where(col(LinkAttempt.client) == client, col(LinkAttempt.attempted_at) > since)
    ).one()
    if failures >= LINK_MAX_FAILURES:
        raise TooManyRequestsError(
            _("Te veel pogingen. Probeer het over een kwartier opnieuw."),
            retry_after=int(LINK_WINDOW.total_seconds()),
        )
    link_id = links.link_id_of(secret_key, PURPOSE, token)
    link = session.get(ResidentLink, link_id) if link_id is not None else None
    person = session.get(Person, link.person_id) if link is not None else None
    if link is None or person is None or person.is_deleted or not is_active(link, now):
        session.exec(delete(LinkAttempt).where(col(LinkAttempt.attempted_at) <= since))
        session.add(LinkAttempt(client=client, attempted_at=now))
        session.flush()
        raise LinkGone(_("Deze link werkt niet (meer). Vraag je buurtwerker om een nieuwe."))
    link.last_opened_at = now
    session.add(link)
    session.flush()
    return link


class LinkGone(NotFoundError):
    """One answer for every link that does not open."""


def _team_person(session: Session, principal: Principal, person_id: uuid.UUID) -> Person:
    person = session.get(Person, person_id)
    if person is None or person.team_id != principal.team.id or person.is_deleted:
        raise NotFoundError(_("Deze bewoner bestaat niet (meer)."))
    return person
