"""Wie met wie? beyond people: an idea meets what the buurt already has.

Three simple, explainable rules, each within one buurt, with the reason in words:
- an idea's ask meets an institution that offers that kind of help ("vraagt ruimte" ↔
  "biedt ruimte"), when the ask is still open (gevraagd) or was declined elsewhere, and is not
  already addressed to that institution;
- an idea meets a group of its own buurt that shares its themes or words — in what the group
  does, would like to do, or would do if asked ("Als je het vraagt");
- an idea meets a place of its own buurt that shares its themes or words, or that is a
  meeting place or an empty building when the idea asks for a space.
Score: 3 for a matching ask, 2 for each shared theme, 1 for each shared word, 3 for a roomy
place; an institution at least 3 (an ask), a group or place at least 3 (one shared theme
alone, e.g. "organiseren & verbinden", says too little).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from app.connections.service import End
from app.conversations.labels import label
from app.conversations.models import AskStatus, Discovery, InstitutionOffer, PlaceType
from app.i18n import gettext as _
from app.text import shorten

MIN_SCORE = 3
# An ask an institution can still take up: nobody promised it yet.
MATCHABLE_ASKS = {AskStatus.asked.value, AskStatus.declined.value}
ROOMY_PLACES = {PlaceType.meeting_place.value, PlaceType.vacancy.value}


@dataclass
class Suggestion:
    key: str
    score: float
    reason: str
    source: End
    target: End
    shared_themes: list[str] = field(default_factory=list)


def pair_key(a: tuple[str, uuid.UUID], b: tuple[str, uuid.UUID]) -> str:
    first, second = sorted([f"{a[0]}:{a[1]}", f"{b[0]}:{b[1]}"])
    return f"{first}|{second}"


def short(text: str, limit: int = 60) -> str:
    return shorten(text, limit)


def name_of(d: Discovery, limit: int = 40) -> str:
    return d.title or short(d.description, limit)


def end_of(d: Discovery) -> End:
    return End(d.kind, d.id, name_of(d))


@dataclass(frozen=True)
class Known:
    """What the matcher knows of each discovery: its themes (ids) and word stems."""

    themes: dict[uuid.UUID, set[uuid.UUID]]
    theme_names: dict[uuid.UUID, str]
    stems: Callable[[str], set[str]]
    buurt: dict[uuid.UUID, uuid.UUID]  # discovery -> the buurt of the talk it came from

    def same_buurt(self, a: Discovery, b: Discovery) -> bool:
        return self.buurt.get(a.id) is not None and self.buurt.get(a.id) == self.buurt.get(b.id)

    def shared(self, a: Discovery, b: Discovery) -> list[str]:
        common = self.themes.get(a.id, set()) & self.themes.get(b.id, set())
        return sorted(self.theme_names.get(t, "") for t in common)


def idea_text(idea: Discovery) -> str:
    asks = " ".join(str(a.get("what") or "") for a in idea.asks or [])
    return f"{idea.title} {idea.description} {idea.idea_little_help} {idea.idea_outside} {asks}"


def _why(themes: list[str], words: set[str]) -> str:
    if themes:
        return _("thema {themes}").format(themes=", ".join(themes))
    return _("zelfde woorden")


def asks_meet_offers(idea: Discovery, institution: Discovery, known: Known) -> Suggestion | None:
    if not known.same_buurt(idea, institution):
        return None
    wanted = [
        a
        for a in idea.asks or []
        if a.get("offer") in institution.offers
        and a.get("status", AskStatus.asked.value) in MATCHABLE_ASKS
        and str(a.get("institution_id") or "") != str(institution.id)
    ]
    if not wanted:
        return None
    themes = known.shared(idea, institution)
    ask = wanted[0]
    offer = label("offer", ask.get("offer"))
    reason = _("Idee {idea} vraagt {offer} (“{what}”) — {institution} biedt {offer}").format(
        idea=f"“{name_of(idea)}”",
        offer=offer,
        what=short(str(ask.get("what") or ""), 50),
        institution=name_of(institution),
    )
    if ask.get("status") == AskStatus.declined.value:
        reason += _(" (elders afgewezen)")
    return Suggestion(
        pair_key(("idea", idea.id), ("institution", institution.id)),
        3 * len({a.get("offer") for a in wanted}) + 2 * len(themes),
        reason,
        end_of(idea),
        end_of(institution),
        themes,
    )


def idea_meets_group(idea: Discovery, group: Discovery, known: Known) -> Suggestion | None:
    if not known.same_buurt(idea, group):
        return None
    themes = known.shared(idea, group)
    words = known.stems(idea_text(idea)) & known.stems(
        f"{group.title} {group.description} {group.group_would_like} {group.group_if_asked}"
    )
    score = 2 * len(themes) + len(words)
    if score < MIN_SCORE:
        return None
    if group.group_if_asked:
        offer = _("als je het vraagt: “{text}”").format(text=short(group.group_if_asked, 50))
    elif group.group_would_like:
        offer = _("zou graag: “{text}”").format(text=short(group.group_would_like, 50))
    else:
        offer = short(group.description, 50).lower()
    reason = _("Groep {group}: {offer} — idee {idea} ({why})").format(
        group=name_of(group),
        offer=offer,
        idea=f"“{name_of(idea)}”",
        why=_why(themes, words),
    )
    return Suggestion(
        pair_key(("group", group.id), ("idea", idea.id)),
        score,
        reason,
        end_of(group),
        end_of(idea),
        themes,
    )


def idea_meets_place(idea: Discovery, place: Discovery, known: Known) -> Suggestion | None:
    if not known.same_buurt(idea, place):
        return None
    themes = known.shared(idea, place)
    words = known.stems(idea_text(idea)) & known.stems(f"{place.title} {place.description}")
    needs_room = any(
        a.get("offer") == InstitutionOffer.space.value
        and a.get("status", AskStatus.asked.value) in MATCHABLE_ASKS
        for a in idea.asks or []
    )
    roomy = needs_room and place.place_type in ROOMY_PLACES
    score = 2 * len(themes) + len(words) + (3 if roomy else 0)
    if score < MIN_SCORE:
        return None
    why = (
        _("het idee zoekt ruimte; dit is een {kind}").format(
            kind=label("place_type", place.place_type)
        )
        if roomy
        else _why(themes, words)
    )
    reason = _("Plek {place} — idee {idea} ({why})").format(
        place=name_of(place), idea=f"“{name_of(idea)}”", why=why
    )
    return Suggestion(
        pair_key(("idea", idea.id), ("place", place.id)),
        score,
        reason,
        end_of(place),
        end_of(idea),
        themes,
    )
