"""Conversation cards: how a card's text speaks to a resident ("je" or "u", the team's choice)
and how coordinators keep the team's cards (add, edit, reorder, retire, bring back, add the
standard cards that are missing).

A card's text is stored once for both forms: "{je-vorm|u-vorm}" picks a part by the team's
address form, so "Wat {kun je|kunt u} goed met {je|uw} handen?" reads right either way, for the
default cards and for the team's own. Text without braces reads the same in both. Phones get
the text already rendered (app.sync.entities.prompt_fields), so a phone of any age shows the
team's form; changing the form makes every card that reads differently a new version, which the
phones pull."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence

from sqlmodel import Session, col, func, select

from app.auth.service import Principal
from app.changes.models import RevisionAction
from app.changes.service import record_change
from app.errors import AppError, NotFoundError
from app.i18n import gettext as _
from app.teams.defaults import DEFAULT_PROMPTS
from app.teams.models import AddressForm, PromptCard, PromptGroup, Team

CHOICE = re.compile(r"\{([^{}|]*)\|([^{}|]*)\}")
MAX_TEXT = 300


def render_card(text: str, form: str) -> str:
    """The card as the team says it: the je-part or the u-part of every "{je|u}"."""
    part = 2 if form == AddressForm.u.value else 1
    return CHOICE.sub(lambda m: m.group(part), text)


def _clean_text(text: str) -> str:
    text = " ".join(text.split())
    if not text or len(text) > MAX_TEXT:
        raise AppError(_("Schrijf een vraag van hooguit 300 tekens."))
    if "{" in CHOICE.sub("", text) or "}" in CHOICE.sub("", text):
        raise AppError(
            _(
                "Schrijf een keuze tussen je en u als {je-vorm|u-vorm}, "
                "bijvoorbeeld {kun je|kunt u}."
            )
        )
    return text


def _group(value: str) -> PromptGroup:
    try:
        return PromptGroup(value)
    except ValueError:
        raise AppError(_("Kies bij welk deel van het gesprek de vraag hoort.")) from None


def team_cards(session: Session, team_id: uuid.UUID, *, retired: bool = False) -> list[PromptCard]:
    """The team's cards in their order; `retired`: the ones taken out of use instead."""
    deleted = (
        col(PromptCard.deleted_at).is_not(None) if retired else col(PromptCard.deleted_at).is_(None)
    )
    return list(
        session.exec(
            select(PromptCard)
            .where(col(PromptCard.team_id) == team_id, deleted)
            .order_by(col(PromptCard.position), col(PromptCard.created_at))
        )
    )


def _own_card(session: Session, principal: Principal, prompt_id: uuid.UUID) -> PromptCard:
    card = session.get(PromptCard, prompt_id)
    if card is None or card.team_id != principal.team.id:
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    return card


def _next_position(session: Session, team_id: uuid.UUID) -> int:
    highest = session.exec(
        select(func.max(PromptCard.position)).where(col(PromptCard.team_id) == team_id)
    ).one()
    return 0 if highest is None else highest + 1


def _new_card(
    session: Session,
    team_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    group: str,
    text: str,
    position: int | None = None,
) -> PromptCard:
    card = PromptCard(
        id=uuid.uuid4(),
        team_id=team_id,
        prompt_group=group,
        text=text,
        position=_next_position(session, team_id) if position is None else position,
    )
    record_change(
        session,
        card,
        entity="prompt",
        actor_id=actor_id,
        action=RevisionAction.create,
        changes={"text": (None, text)},
    )
    return card


def create_default_cards(session: Session, team: Team) -> None:
    for position, (group, text) in enumerate(DEFAULT_PROMPTS):
        _new_card(session, team.id, None, group.value, text, position)


def add_card(session: Session, principal: Principal, group: str, text: str) -> None:
    _new_card(session, principal.team.id, principal.user.id, _group(group).value, _clean_text(text))


def edit_card(
    session: Session, principal: Principal, prompt_id: uuid.UUID, *, group: str, text: str
) -> None:
    card = _own_card(session, principal, prompt_id)
    new_group, new_text = _group(group).value, _clean_text(text)
    changes: dict[str, tuple[object, object]] = {}
    if new_text != card.text:
        changes["text"] = (card.text, new_text)
    if new_group != card.prompt_group:
        changes["group"] = (card.prompt_group, new_group)
    if not changes:
        return
    card.text, card.prompt_group = new_text, new_group
    _changed(session, principal, card, changes)


def move_card(session: Session, principal: Principal, prompt_id: uuid.UUID, *, up: bool) -> None:
    """One place up or down among the cards in use; the neighbour takes its place."""
    card = _own_card(session, principal, prompt_id)
    if card.is_deleted:
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    cards = team_cards(session, principal.team.id)
    index = cards.index(card)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(cards):
        return
    cards[index], cards[other] = cards[other], cards[index]
    # Numbered in their new order: older teams may have shared positions.
    for position, each in enumerate(cards):
        if each.position != position:
            old_position, each.position = each.position, position
            _changed(session, principal, each, {"position": (old_position, position)})


def restore_card(session: Session, principal: Principal, prompt_id: uuid.UUID) -> None:
    card = _own_card(session, principal, prompt_id)
    if not card.is_deleted:
        return
    card.deleted_at = None
    card.position = _next_position(session, principal.team.id)
    _changed(session, principal, card, {"deleted": (True, False)})


def _changed(
    session: Session,
    principal: Principal,
    card: PromptCard,
    changes: dict[str, tuple[object, object]],
) -> None:
    record_change(
        session,
        card,
        entity="prompt",
        actor_id=principal.user.id,
        action=RevisionAction.update,
        changes=changes,
    )
    session.flush()


def _forms(text: str) -> set[str]:
    return {text, render_card(text, AddressForm.je.value), render_card(text, AddressForm.u.value)}


def add_missing_standard_cards(session: Session, principal: Principal) -> int:
    """Safe to run again and again. A card the team still has as it was written before cards
    knew about je and u (the same words in the u-form) is rewritten to read in either form; a
    standard card the team has in any form, in use or retired, stays as the team left it (a
    retired card is brought back by hand). Only the rest are added, at the end. Returns how
    many were added."""
    cards = [
        *team_cards(session, principal.team.id),
        *team_cards(session, principal.team.id, retired=True),
    ]
    added = 0
    for group, template in DEFAULT_PROMPTS:
        matches = [card for card in cards if card.text in _forms(template)]
        for card in matches:
            if card.text != template and not CHOICE.search(card.text):
                old_text, card.text = card.text, template
                _changed(session, principal, card, {"text": (old_text, template)})
        if not matches:
            _new_card(session, principal.team.id, principal.user.id, group.value, template)
            added += 1
    return added


def set_address_form(session: Session, principal: Principal, form: str) -> None:
    if form not in {f.value for f in AddressForm}:
        raise AppError(_("Kies je of u."))
    team = principal.team
    old = team.address_form
    if form == old:
        return
    team.address_form = form
    session.add(team)
    session.flush()
    for card in team_cards(session, team.id):
        before, after = render_card(card.text, old), render_card(card.text, form)
        if before != after:  # a new version, so the phones pull the card as it now reads
            _changed(session, principal, card, {"address_form": (old, form)})


def shown_texts(cards: Sequence[PromptCard], form: str) -> dict[uuid.UUID, str]:
    return {card.id: render_card(card.text, form) for card in cards}
