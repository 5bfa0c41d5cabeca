"""Wat bewoners vragen aan partners: every ask of the overview's ideas, with its addressee,
what is asked and how far the partner came — open asks first, so the wijkoverleg starts with
what partners can still take up.

The asks come only from ideas the overview shows, and their text was redacted with the idea
(app.export.assemble). The addressee is a named partner ("gemeente"), or an institution of the
team by its title: an organisation, not a resident, so its name is shown when the institution
is shared with the team; a private or deleted one is "een instelling".
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.conversations.models import (
    OPEN_ASK_STATUSES,
    AskStatus,
    Discovery,
    DiscoveryKind,
    Visibility,
)
from app.export.shown import Shown
from app.i18n import gettext as _
from app.text import shorten

# Open first: what is asked and not yet answered, then what is promised, then the settled.
ORDER = (
    AskStatus.asked.value,
    AskStatus.promised.value,
    AskStatus.arranged.value,
    AskStatus.declined.value,
)


@dataclass(frozen=True)
class PartnerAsk:
    idea: str
    addressee: str
    what: str
    offer: str | None
    status: str

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ASK_STATUSES


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def partner_asks(
    session: Session,
    team_id: uuid.UUID,
    ideas: Iterable[Shown],
    redact: Callable[[str], str],
) -> list[PartnerAsk]:
    ideas = [d for d in ideas if d.asks]
    wanted = {i for d in ideas for a in d.asks if (i := _uuid(a.get("institution_id")))}
    titles: dict[uuid.UUID, str] = {}
    if wanted:
        titles = {
            i: redact(title)
            for i, title in session.exec(
                select(Discovery.id, Discovery.title).where(
                    col(Discovery.team_id) == team_id,
                    col(Discovery.id).in_(wanted),
                    col(Discovery.kind) == DiscoveryKind.institution.value,
                    col(Discovery.deleted_at).is_(None),
                    col(Discovery.visibility) != Visibility.private.value,
                )
            )
            if title.strip()
        }
    result = []
    for d in ideas:
        for ask in d.asks:
            institution = _uuid(ask.get("institution_id"))
            if institution is not None:
                addressee = titles.get(institution) or _("een instelling")
            else:
                addressee = str(ask.get("partner") or "").strip() or _("een partner")
            status = str(ask.get("status") or AskStatus.asked.value)
            result.append(
                PartnerAsk(
                    d.title or shorten(d.description, 60),
                    addressee,
                    str(ask.get("what") or ""),
                    ask.get("offer") or None,
                    status if status in ORDER else AskStatus.asked.value,
                )
            )
    # Stable: within a status, the ideas keep the overview's order.
    return sorted(result, key=lambda a: ORDER.index(a.status))
