""" "Wie met wie?": the losmaker's craft, suggested. A bewoner's qualities meet an idea that
could use them (shared themes, and Dutch words in common), or two bewoners meet (one wants
to learn what the other wants to teach, or both like to share the same theme) — only people
who agreed to be contacted and said they are willing. An idea also meets what the buurt
already has: an institution offering what it asks, a group or a place (app.matches.discoveries).
Never a private discovery, never a pair already connected, never one the team dismissed.
Accepting makes a connection, as a synced change."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.auth.service import Principal
from app.connections.service import End
from app.conversations.models import (
    ConnectionKind,
    ConnectionStatus,
    Conversation,
    Discovery,
    DiscoveryKind,
    DiscoveryPerson,
    DiscoveryTheme,
    IdeaPhase,
    RefType,
    Visibility,
    Willingness,
)
from app.errors import AppError
from app.i18n import gettext as _
from app.matches.discoveries import (
    Known,
    Suggestion,
    asks_meet_offers,
    end_of,
    idea_meets_group,
    idea_meets_place,
    pair_key,
    short,
)
from app.matches.models import DismissedMatch
from app.people.models import Consent, ConsentScope, Person
from app.people.sharing import name_of
from app.search.dutch import keys
from app.search.text import words
from app.sync.engine import change_from_page
from app.teams.models import Theme

OFFERING = {Willingness.share.value, Willingness.teach.value, Willingness.join_in.value}
OPEN_PHASES = {IdeaPhase.dream.value, IdeaPhase.exploring.value, IdeaPhase.started.value}
MAX_SUGGESTIONS = 30


@dataclass
class Talent:
    person: Person
    quality: Discovery
    themes: set[uuid.UUID]
    stems: set[str]


def _stems(text: str) -> set[str]:
    return {k for w in words(text) if len(w) > 3 for k in keys(w)[:1]}


# What an idea can meet besides people.
BUURT_KINDS = (
    DiscoveryKind.group.value,
    DiscoveryKind.place.value,
    DiscoveryKind.institution.value,
)


def _person_end(person: Person) -> End:
    return End(RefType.person.value, person.id, name_of(person))


def suggestions(session: Session, principal: Principal) -> list[Suggestion]:
    team_id = principal.team.id
    consents = {
        c.person_id: set(c.scopes)
        for c in session.exec(
            select(Consent).where(
                col(Consent.team_id) == team_id, col(Consent.withdrawn_at).is_(None)
            )
        )
    }
    contactable = {p for p, scopes in consents.items() if ConsentScope.contact.value in scopes}
    people = {
        p.id: p
        for p in session.exec(
            select(Person).where(col(Person.id).in_(contactable), col(Person.deleted_at).is_(None))
        )
    }
    shared = col(Discovery.visibility) != Visibility.private.value
    qualities = session.exec(
        select(Discovery, DiscoveryPerson.person_id)
        .join(DiscoveryPerson, col(DiscoveryPerson.discovery_id) == col(Discovery.id))
        .where(
            col(Discovery.team_id) == team_id,
            col(Discovery.kind) == DiscoveryKind.quality.value,
            col(Discovery.deleted_at).is_(None),
            shared,
            col(DiscoveryPerson.person_id).in_(list(people)),
        )
    ).all()
    ideas = list(
        session.exec(
            select(Discovery).where(
                col(Discovery.team_id) == team_id,
                col(Discovery.kind) == DiscoveryKind.idea.value,
                col(Discovery.deleted_at).is_(None),
                shared,
            )
        )
    )
    ideas = [i for i in ideas if (i.status or IdeaPhase.dream.value) in OPEN_PHASES]
    buurt = list(
        session.exec(
            select(Discovery).where(
                col(Discovery.team_id) == team_id,
                col(Discovery.kind).in_(BUURT_KINDS),
                col(Discovery.deleted_at).is_(None),
                shared,
            )
        )
    )
    ids = [q.id for q, _ in qualities] + [i.id for i in ideas] + [d.id for d in buurt]
    themes_of: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)
    for link in session.exec(
        select(DiscoveryTheme).where(col(DiscoveryTheme.discovery_id).in_(ids))
    ):
        themes_of[link.discovery_id].add(link.theme_id)
    theme_names = {
        t.id: t.name for t in session.exec(select(Theme).where(col(Theme.team_id) == team_id))
    }
    involved: dict[uuid.UUID, set[uuid.UUID]] = defaultdict(set)  # idea -> its people
    for member in session.exec(
        select(DiscoveryPerson).where(col(DiscoveryPerson.discovery_id).in_([i.id for i in ideas]))
    ):
        involved[member.discovery_id].add(member.person_id)
    taken = _connected_pairs(session, team_id) | set(
        session.exec(select(DismissedMatch.key).where(col(DismissedMatch.team_id) == team_id))
    )
    talents = [
        Talent(people[pid], q, themes_of[q.id], _stems(f"{q.title} {q.description}"))
        for q, pid in qualities
        if pid in people
    ]
    found: dict[str, Suggestion] = {}

    def offer(suggestion: Suggestion) -> None:
        if suggestion.key in taken:
            return
        best = found.get(suggestion.key)
        if best is None or suggestion.score > best.score:
            found[suggestion.key] = suggestion

    for idea in ideas:
        idea_stems = _stems(
            f"{idea.title} {idea.description} {idea.idea_little_help} {idea.idea_outside}"
        )
        idea_name = idea.title or short(idea.description, 40)
        for talent in talents:
            if (
                not OFFERING & set(talent.quality.willingness)
                or talent.person.id in involved[idea.id]
            ):
                continue
            common_themes = talent.themes & themes_of[idea.id]
            common_words = talent.stems & idea_stems
            score = 2 * len(common_themes) + len(common_words)
            if score < 2:
                continue
            names = sorted(theme_names.get(t, "") for t in common_themes)
            reason = _("{name}: {quality} — idee {idea} {why}").format(
                name=name_of(talent.person),
                quality=short(talent.quality.title or talent.quality.description).lower(),
                idea=f"“{idea_name}”",
                why=(
                    _("(thema {themes})").format(themes=", ".join(names))
                    if names
                    else _("(zelfde woorden)")
                ),
            )
            offer(
                Suggestion(
                    pair_key(
                        (RefType.person.value, talent.person.id), (RefType.idea.value, idea.id)
                    ),
                    score,
                    reason,
                    _person_end(talent.person),
                    end_of(idea),
                    names,
                )
            )
    for a in talents:
        for b in talents:
            if a.person.id >= b.person.id:
                continue
            teach_learn = (
                Willingness.teach.value in a.quality.willingness
                and Willingness.learn.value in b.quality.willingness
            ) or (
                Willingness.learn.value in a.quality.willingness
                and Willingness.teach.value in b.quality.willingness
            )
            common_themes = a.themes & b.themes
            if not common_themes or not (
                teach_learn
                or (OFFERING & set(a.quality.willingness) and OFFERING & set(b.quality.willingness))
            ):
                continue
            score = 2 * len(common_themes) + (3 if teach_learn else 0) + len(a.stems & b.stems)
            if score < 3:
                continue
            names = sorted(theme_names.get(t, "") for t in common_themes)
            reason = _("{a}: {qa} — {b}: {qb} ({why})").format(
                a=name_of(a.person),
                qa=short(a.quality.title or a.quality.description, 45).lower(),
                b=name_of(b.person),
                qb=short(b.quality.title or b.quality.description, 45).lower(),
                why=_("de een leert het de ander")
                if teach_learn
                else _("thema {themes}").format(themes=", ".join(names)),
            )
            offer(
                Suggestion(
                    pair_key(
                        (RefType.person.value, a.person.id), (RefType.person.value, b.person.id)
                    ),
                    score,
                    reason,
                    _person_end(a.person),
                    _person_end(b.person),
                    names,
                )
            )
    talks = {d.conversation_id for d in [*ideas, *buurt] if d.conversation_id}
    buurt_of_talk = dict(
        session.exec(
            select(Conversation.id, Conversation.neighbourhood_id).where(
                col(Conversation.team_id) == team_id, col(Conversation.id).in_(talks)
            )
        ).all()
    )
    known = Known(
        themes_of,
        theme_names,
        _stems,
        {
            d.id: buurt_of_talk[d.conversation_id]
            for d in [*ideas, *buurt]
            if d.conversation_id in buurt_of_talk
        },
    )
    matchers = {
        DiscoveryKind.institution.value: asks_meet_offers,
        DiscoveryKind.group.value: idea_meets_group,
        DiscoveryKind.place.value: idea_meets_place,
    }
    for idea in ideas:
        for other in buurt:
            found_one = matchers[other.kind](idea, other, known)
            if found_one is not None:
                offer(found_one)
    return _chosen(found.values())


def _rank(found: Iterable[Suggestion]) -> list[Suggestion]:
    return sorted(found, key=lambda s: (-s.score, s.reason))


def _chosen(found: Iterable[Suggestion]) -> list[Suggestion]:
    """The best, with room for both families: a buurt with many groups would otherwise push
    every bewoner off the list."""
    ranked = _rank(found)
    people = [s for s in ranked if s.source.type == RefType.person.value]
    buurt = [s for s in ranked if s.source.type != RefType.person.value]
    half = MAX_SUGGESTIONS // 2
    chosen = people[:half] + buurt[:half]
    chosen += _rank(people[half:] + buurt[half:])[: MAX_SUGGESTIONS - len(chosen)]
    return _rank(chosen)


def _connected_pairs(session: Session, team_id: uuid.UUID) -> set[str]:
    pairs = set()
    for c in session.exec(
        select(Discovery).where(
            col(Discovery.team_id) == team_id,
            col(Discovery.kind) == DiscoveryKind.connection.value,
            col(Discovery.deleted_at).is_(None),
        )
    ):
        if c.from_ref_type and c.from_ref_id and c.to_ref_type and c.to_ref_id:
            pairs.add(pair_key((c.from_ref_type, c.from_ref_id), (c.to_ref_type, c.to_ref_id)))
    return pairs


def find(session: Session, principal: Principal, key: str) -> Suggestion:
    for suggestion in suggestions(session, principal):
        if suggestion.key == key:
            return suggestion
    raise AppError(_("Deze suggestie is er niet meer."), status_code=404)


def accept(session: Session, principal: Principal, key: str, status: str) -> uuid.UUID:
    """A connection between the two, "kans" (kansrijk) or "voorgesteld"."""
    if status not in (ConnectionStatus.chance.value, ConnectionStatus.introduced.value):
        raise AppError(_("Kies kansrijk of voorgesteld."))
    suggestion = find(session, principal, key)
    source, target = suggestion.source, suggestion.target
    connection_id = uuid.uuid4()
    change_from_page(
        session,
        principal,
        "discovery",
        connection_id,
        base_version=None,
        fields={
            "kind": DiscoveryKind.connection.value,
            "description": suggestion.reason,
            "from_ref": {"type": source.type, "id": str(source.id)},
            "to_ref": {"type": target.type, "id": str(target.id)},
            "status": status,
            "connection_kind": ConnectionKind.promising.value,
        },
    )
    return connection_id


def dismiss(session: Session, principal: Principal, key: str) -> None:
    find(session, principal, key)
    session.add(
        DismissedMatch(team_id=principal.team.id, key=key, dismissed_by_id=principal.user.id)
    )
    session.flush()
