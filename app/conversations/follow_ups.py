"""Ticking a follow-up off on a page (weekoverleg, a bewoner's profile), or opening it again:
a synced change like a phone's tick, so it has a revision and every phone pulls it. Done
about a bewoner, it counts as contact (app.conversations.service.follow_up_contacted)."""

from __future__ import annotations

from sqlmodel import Session

from app.auth.service import Principal
from app.conversations.models import FollowUp
from app.db import utcnow
from app.sync.engine import change_from_page


def set_done(session: Session, principal: Principal, follow_up: FollowUp, *, done: bool) -> None:
    if (follow_up.done_at is not None) == done:
        return  # pressed twice, or a teammate was first: it already is
    done_at = utcnow().isoformat() if done else None
    change_from_page(
        session,
        principal,
        "follow_up",
        follow_up.id,
        base_version=follow_up.version,
        fields={"done_at": done_at},
    )
