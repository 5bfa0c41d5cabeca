"""What the weekoverleg keeps open besides new discoveries: the asks of ideas to partners on
their way (gevraagd → toegezegd → geregeld, or afgewezen), the people still to speak to
("nog te spreken"), and follow-ups done lately (to reopen one ticked off by mistake).

Moving an ask on is a lifecycle step like an idea's phase on the ideas board: anyone of the
team may take it, as a synced change of the idea (asks are part of it)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Text, cast, or_, text
from sqlmodel import Session, col, select

from app.auth.models import User
from app.auth.service import Principal
from app.conversations.models import (
    IDEAS_WITH_ASKS,
    OPEN_ASK_STATUSES,
    AskStatus,
    Conversation,
    Discovery,
    DiscoveryKind,
    FollowUp,
    FollowUpKind,
)
from app.conversations.visibility import can_see, visible_discovery
from app.errors import AppError, NotFoundError
from app.i18n import gettext as _
from app.people.models import Person
from app.sync.engine import change_from_page
from app.text import shorten

# Where an ask can go from where it is: on to the next step, or declined.
NEXT_ASK: dict[str, tuple[str, ...]] = {
    AskStatus.asked.value: (AskStatus.promised.value, AskStatus.declined.value),
    AskStatus.promised.value: (AskStatus.arranged.value, AskStatus.declined.value),
}
DONE_LATELY = timedelta(days=14)
LIST_LIMIT = 50


@dataclass(frozen=True)
class OpenAsk:
    idea: Discovery
    ask: dict[str, Any]
    addressee: str  # the institution's title or the partner's name

    @property
    def moves(self) -> tuple[str, ...]:
        return NEXT_ASK.get(self.ask["status"], ())


@dataclass(frozen=True)
class TalkTo:
    follow_up: FollowUp
    person: Person | None
    noted_by: str
    conversation: Conversation | None


def open_asks(session: Session, principal: Principal) -> list[OpenAsk]:
    # Only ideas whose asks' text names an open status are loaded (the database reads the
    # JSON as text; the exact check on each ask follows): most ideas ask nothing, and the
    # weekoverleg must not load every idea the team ever noted.
    asks_text = cast(col(Discovery.asks), Text)
    ideas = session.exec(
        select(Discovery)
        .where(
            col(Discovery.team_id) == principal.team.id,
            col(Discovery.kind) == DiscoveryKind.idea.value,
            col(Discovery.deleted_at).is_(None),
            visible_discovery(principal),
            text(IDEAS_WITH_ASKS),
            or_(*(asks_text.contains(f'"{status}"') for status in sorted(OPEN_ASK_STATUSES))),
        )
        .order_by(col(Discovery.updated_at).desc())
    ).all()
    asks = [
        (idea, ask) for idea in ideas for ask in idea.asks if ask.get("status") in OPEN_ASK_STATUSES
    ]
    wanted = {uuid.UUID(a["institution_id"]) for _i, a in asks if a.get("institution_id")}
    institutions = {
        d.id: d.title or shorten(d.description, 60)
        for d in session.exec(
            select(Discovery).where(col(Discovery.id).in_(wanted), visible_discovery(principal))
        )
    }
    return [
        OpenAsk(
            idea,
            ask,
            institutions.get(uuid.UUID(ask["institution_id"]), "")
            if ask.get("institution_id")
            else ask.get("partner", ""),
        )
        for idea, ask in asks
    ]


def move_ask(
    session: Session, principal: Principal, idea: Discovery, *, ask_id: str, status: str
) -> None:
    if idea.kind != DiscoveryKind.idea.value or not can_see(principal, idea):
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    asks = [dict(a) for a in idea.asks]
    ask = next((a for a in asks if a.get("id") == ask_id), None)
    if ask is None:
        raise NotFoundError(_("Deze vraag aan partners bestaat niet (meer)."))
    if status == ask["status"]:
        return  # pressed twice: it is already there
    if status not in NEXT_ASK.get(ask["status"], ()):
        raise AppError(_("Zo kan deze vraag niet verder: kies toegezegd, geregeld of afgewezen."))
    ask["status"] = status
    change_from_page(
        session, principal, "discovery", idea.id, base_version=idea.version, fields={"asks": asks}
    )


def talk_to_list(session: Session, principal: Principal) -> list[TalkTo]:
    """Open "nog te spreken" follow-ups of the team, oldest first."""
    rows = session.exec(
        select(FollowUp)
        .where(
            col(FollowUp.team_id) == principal.team.id,
            col(FollowUp.deleted_at).is_(None),
            col(FollowUp.done_at).is_(None),
            col(FollowUp.kind) == FollowUpKind.talk_to.value,
        )
        .order_by(col(FollowUp.created_at))
        .limit(LIST_LIMIT)
    ).all()
    people = _by_id(session, Person, {f.person_id for f in rows if f.person_id})
    conversations = _by_id(
        session, Conversation, {f.conversation_id for f in rows if f.conversation_id}
    )
    users = _by_id(session, User, {f.created_by_id for f in rows if f.created_by_id})
    return [
        TalkTo(
            f,
            _live(people.get(f.person_id)) if f.person_id else None,
            users[f.created_by_id].name if f.created_by_id in users else "",
            _live(conversations.get(f.conversation_id)) if f.conversation_id else None,
        )
        for f in rows
    ]


def done_lately(session: Session, principal: Principal, now: datetime) -> list[FollowUp]:
    return list(
        session.exec(
            select(FollowUp)
            .where(
                col(FollowUp.team_id) == principal.team.id,
                col(FollowUp.deleted_at).is_(None),
                col(FollowUp.done_at) >= now - DONE_LATELY,
            )
            .order_by(col(FollowUp.done_at).desc())
            .limit(LIST_LIMIT)
        )
    )


def _by_id(session: Session, model: Any, ids: set[uuid.UUID]) -> dict[uuid.UUID, Any]:
    if not ids:
        return {}
    return {r.id: r for r in session.exec(select(model).where(col(model.id).in_(ids)))}


def _live(record: Any) -> Any:
    return None if record is None or record.is_deleted else record
