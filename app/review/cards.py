"""Which conversation cards led to discoveries this quarter: for the weekoverleg, so the team
learns which questions open people up. Counts only: a card's conversations this quarter and the
discoveries those conversations surfaced that the team may see (never private ones)."""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, func, select

from app.conversations.models import Conversation, Discovery, Visibility
from app.dates import local_midnight
from app.teams.cards import render_card
from app.teams.models import PromptCard, Team


@dataclass(frozen=True)
class CardCount:
    card_id: uuid.UUID
    text: str
    group: str
    retired: bool
    conversations: int
    discoveries: int


def quarter_start(today: date) -> date:
    return date(today.year, (today.month - 1) // 3 * 3 + 1, 1)


def cards_this_quarter(session: Session, team: Team, today: date) -> list[CardCount]:
    """Every card used this quarter, most discoveries first, then most conversations."""
    since: datetime = local_midnight(quarter_start(today))
    talks = session.exec(
        select(Conversation.id, Conversation.prompt_ids).where(
            col(Conversation.team_id) == team.id,
            col(Conversation.deleted_at).is_(None),
            col(Conversation.occurred_at) >= since,
        )
    ).all()
    used = [(talk_id, set(prompt_ids or [])) for talk_id, prompt_ids in talks if prompt_ids]
    if not used:
        return []
    found = dict(
        session.exec(
            select(Discovery.conversation_id, func.count())
            .where(
                col(Discovery.team_id) == team.id,
                col(Discovery.deleted_at).is_(None),
                col(Discovery.visibility) != Visibility.private.value,
                col(Discovery.conversation_id).in_([talk_id for talk_id, _ids in used]),
            )
            .group_by(col(Discovery.conversation_id))
        ).all()
    )
    conversations: Counter[str] = Counter()
    discoveries: Counter[str] = Counter()
    for talk_id, prompt_ids in used:
        for prompt_id in prompt_ids:
            conversations[prompt_id] += 1
            discoveries[prompt_id] += found.get(talk_id, 0)
    cards = session.exec(
        select(PromptCard).where(
            col(PromptCard.team_id) == team.id,
            col(PromptCard.id).in_(_ids(conversations)),
        )
    ).all()
    counts = [
        CardCount(
            card_id=card.id,
            text=render_card(card.text, team.address_form),
            group=card.prompt_group,
            retired=card.is_deleted,
            conversations=conversations[str(card.id)],
            discoveries=discoveries[str(card.id)],
        )
        for card in cards
    ]
    return sorted(counts, key=lambda c: (-c.discoveries, -c.conversations, c.text))


def _ids(values: Counter[str]) -> list[uuid.UUID]:
    ids = []
    for value in values:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:  # the push refuses these; an old row might still hold one
            continue
    return ids
