"""Share links: read-only, expiring, revocable: `/gedeeld/<id>.<signature>` (app.links)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from app import links
from app.db import utcnow
from app.export.models import ShareLink

DEFAULT_DAYS = 30
MAX_DAYS = 90
PURPOSE = "share-link"


def token_for(secret_key: str, link: ShareLink) -> str:
    return links.token(secret_key, PURPOSE, link.id)


def create_link(
    session: Session,
    *,
    team_id: uuid.UUID,
    created_by_id: uuid.UUID,
    neighbourhood_ids: list[uuid.UUID],
    starts_at: datetime | None,
    ends_at: datetime | None,
    label: str,
    days: int,
) -> ShareLink:
    now = utcnow()
    link = ShareLink(
        team_id=team_id,
        neighbourhood_ids=[str(i) for i in neighbourhood_ids],
        starts_at=starts_at,
        ends_at=ends_at,
        label=label,
        created_by_id=created_by_id,
        created_at=now,
        expires_at=now + timedelta(days=min(max(days, 1), MAX_DAYS)),
    )
    session.add(link)
    session.flush()
    return link


def is_active(link: ShareLink, now: datetime) -> bool:
    return link.revoked_at is None and link.expires_at > now


def resolve(session: Session, secret_key: str, token: str) -> ShareLink | None:
    """The link a token opens, or None: malformed, forged, unknown, expired or revoked all
    look the same from outside."""
    link_id = links.link_id_of(secret_key, PURPOSE, token)
    link = session.get(ShareLink, link_id) if link_id is not None else None
    if link is None or not is_active(link, utcnow()):
        return None
    return link


def team_links(session: Session, team_id: uuid.UUID) -> list[ShareLink]:
    """Links still open, newest first."""
    now = utcnow()
    links = session.exec(
        select(ShareLink)
        .where(col(ShareLink.team_id) == team_id, col(ShareLink.revoked_at).is_(None))
        .order_by(col(ShareLink.created_at).desc())
    ).all()
    return [link for link in links if is_active(link, now)]


def revoke(session: Session, link: ShareLink, by_id: uuid.UUID) -> None:
    link.revoked_at = utcnow()
    link.revoked_by_id = by_id
    session.add(link)
    session.flush()
