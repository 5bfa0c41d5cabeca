"""Share links: read-only, expiring, revocable.

The link is `/gedeeld/<id>.<signature>`, the signature an HMAC of the id under the app's secret
key. Nothing secret is stored, so a copy of the database reveals no working link, yet the team
can show (and print as a QR code) a link again at any time. Rotating the secret key invalidates
every link at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import uuid
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from app.db import utcnow
from app.export.models import ShareLink

DEFAULT_DAYS = 30
MAX_DAYS = 90


def signature(secret_key: str, link_id: uuid.UUID) -> str:
    mac = hmac.new(secret_key.encode(), b"share-link:" + link_id.bytes, hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()[:18]).decode()


def token_for(secret_key: str, link: ShareLink) -> str:
    return f"{link.id.hex}.{signature(secret_key, link.id)}"


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
    raw_id, _, given = token.partition(".")
    try:
        link_id = uuid.UUID(hex=raw_id)
    except ValueError:
        return None
    if not hmac.compare_digest(given.encode(), signature(secret_key, link_id).encode()):
        return None
    link = session.get(ShareLink, link_id)
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
