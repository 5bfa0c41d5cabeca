"""The krachtenoverzicht, assembled once from the database for every format (the page, print,
PDF, XLSX, CSV and the share link): what a buurt has and does, in residents' own words, without
exposing anyone who did not agree to it.

Privacy rules, all here and nowhere else:
- only discoveries with visibility "overview", or highlighted by the team in the weekoverleg;
  never a private one;
- people are never shown by pseudonym; a first name only with their `name_in_overview`
  consent, otherwise "een bewoner";
- a connection's end that is not itself shareable is named by its kind only ("een groep");
- counts under SUPPRESS_BELOW are shown as "<3", never as the number;
- next steps are counted, never listed (a follow-up's text is the team's own notes).
"""

from __future__ import annotations

import re
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from app.connections.service import End, Link
from app.conversations.labels import label
from app.conversations.models import (
    Conversation,
    ConversationPerson,
    Discovery,
    DiscoveryKind,
    DiscoveryPerson,
    DiscoveryTheme,
    FollowUp,
    PersonRole,
    RefType,
    Visibility,
)
from app.db import utcnow
from app.export.trend import Found, QuarterPoint, gemeenschapskracht
from app.i18n import gettext as _
from app.people.models import Consent, ConsentScope, Person
from app.review.models import ReviewMeeting
from app.teams.models import Neighbourhood, Team, Theme

SUPPRESS_BELOW = 3
SECTION_KINDS = (
    "quality",
    "group",
    "place",
    "institution",
    "exchange",
    "story",
    "connection",
    "idea",
)
ABCD_KINDS = ("quality", "group", "institution", "place", "exchange", "story")
TREND_KINDS = (DiscoveryKind.idea.value, DiscoveryKind.connection.value, DiscoveryKind.group.value)
NO_THEME = ""


@dataclass(frozen=True)
class Count:
    label: str
    value: int

    @property
    def suppressed(self) -> bool:
        return self.value < SUPPRESS_BELOW

    @property
    def shown(self) -> str:
        return f"<{SUPPRESS_BELOW}" if self.suppressed else str(self.value)


def suppressed(value: int) -> str:
    return Count("", value).shown


@dataclass
class Item:
    discovery: Discovery
    themes: list[str]
    people: list[str]  # first names with consent, otherwise nothing (never a pseudonym)
    trekkers: list[str] = field(default_factory=list)  # named trekkers of an idea
    trekker_count: int = 0
    unnamed: int = 0  # people linked without consent to be named

    @property
    def text(self) -> str:
        d = self.discovery
        return d.title or d.description


@dataclass
class Overview:
    team: str
    buurten: list[str]
    start: datetime | None
    end: datetime | None
    made_at: datetime
    conversations: int
    people_met: int
    highlights: list[Item]
    by_kind: dict[str, list[Item]]
    numbers: dict[str, list[Count]] = field(default_factory=dict)
    qualities_by_theme: list[tuple[str, list[Item]]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    asks: list[Item] = field(default_factory=list)
    verbinders: list[str] = field(default_factory=list)
    open_follow_ups: int = 0
    next_review: datetime | None = None
    trend: list[QuarterPoint] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(self.by_kind.values())

    @property
    def items(self) -> list[Item]:
        return [item for items in self.by_kind.values() for item in items]


def _named(session: Session, team_id: uuid.UUID) -> set[uuid.UUID]:
    """People who agreed their first name may appear in the overview (latest, not withdrawn)."""
    consents = session.exec(
        select(Consent).where(col(Consent.team_id) == team_id, col(Consent.withdrawn_at).is_(None))
    ).all()
    return {c.person_id for c in consents if ConsentScope.name_in_overview.value in c.scopes}


def shareable(team_id: uuid.UUID) -> list[ColumnElement[bool]]:
    """The where-clauses for discoveries that may appear in an overview."""
    return [
        col(Discovery.team_id) == team_id,
        col(Discovery.deleted_at).is_(None),
        col(Discovery.visibility) != Visibility.private.value,
        or_(
            col(Discovery.visibility) == Visibility.overview.value,
            col(Discovery.highlight).is_(True),
        ),
    ]


def talks_in(
    team_id: uuid.UUID,
    neighbourhood_ids: list[uuid.UUID],
    start: datetime | None,
    end: datetime | None,
) -> SelectOfScalar[uuid.UUID]:
    talks = select(Conversation.id).where(
        col(Conversation.team_id) == team_id,
        col(Conversation.deleted_at).is_(None),
        col(Conversation.neighbourhood_id).in_(neighbourhood_ids),
    )
    if start:
        talks = talks.where(col(Conversation.occurred_at) >= start)
    if end:
        talks = talks.where(col(Conversation.occurred_at) < end)
    return talks


def assemble(
    session: Session,
    team_id: uuid.UUID,
    *,
    neighbourhood_ids: list[uuid.UUID],
    start: datetime | None,
    end: datetime | None,
) -> Overview:
    team = session.get(Team, team_id)
    buurten = session.exec(
        select(Neighbourhood)
        .where(col(Neighbourhood.team_id) == team_id, col(Neighbourhood.id).in_(neighbourhood_ids))
        .order_by(col(Neighbourhood.name))
    ).all()
    ids = [b.id for b in buurten]
    talks = talks_in(team_id, ids, start, end)
    conversation_count = session.exec(select(func.count()).select_from(talks.subquery())).one()
    named_met = session.exec(
        select(func.count(func.distinct(ConversationPerson.person_id))).where(
            col(ConversationPerson.conversation_id).in_(talks)
        )
    ).one()
    unnamed_met = session.exec(
        select(func.coalesce(func.sum(Conversation.unnamed_count), 0)).where(
            col(Conversation.id).in_(talks)
        )
    ).one()
    discoveries = list(
        session.exec(
            select(Discovery)
            .where(*shareable(team_id), col(Discovery.conversation_id).in_(talks))
            .order_by(col(Discovery.created_at), col(Discovery.id))
        )
    )
    named = _named(session, team_id)
    names = _first_names(session, team_id, named)
    theme_names = {
        t.id: t.name for t in session.exec(select(Theme).where(col(Theme.team_id) == team_id))
    }
    redact = _redactor(session, team_id, named)
    items = _items(session, [redact(d) for d in discoveries], theme_names, names)
    by_kind: dict[str, list[Item]] = {kind: [] for kind in SECTION_KINDS}
    for item in items:
        by_kind.setdefault(item.discovery.kind, []).append(item)
    numbers = {
        "theme": _counts(Counter(t for i in items for t in i.themes)),
        "dimension": _counts(Counter(d for i in items for d in i.discovery.dimensions)),
        "abcd": _counts(Counter(i.discovery.kind for i in items if i.discovery.kind in ABCD_KINDS)),
        "connection_status": _counts(
            Counter(i.discovery.status or "chance" for i in by_kind["connection"])
        ),
        "idea_phase": _counts(Counter(i.discovery.status or "dream" for i in by_kind["idea"])),
    }
    shown_ids = {i.discovery.id for i in items}
    verbinders = sorted(
        names[p.id]
        for p in session.exec(
            select(Person).where(
                col(Person.team_id) == team_id,
                col(Person.deleted_at).is_(None),
                col(Person.is_connector).is_(True),
                col(Person.neighbourhood_id).in_(ids),
            )
        )
        if p.id in names
    )
    open_follow_ups = session.exec(
        select(func.count()).where(
            col(FollowUp.team_id) == team_id,
            col(FollowUp.deleted_at).is_(None),
            col(FollowUp.done_at).is_(None),
            col(FollowUp.conversation_id).in_(talks),
        )
    ).one()
    now = utcnow()
    return Overview(
        team=team.name if team else "",
        buurten=[b.name for b in buurten],
        start=start,
        end=end,
        made_at=now,
        conversations=conversation_count,
        people_met=named_met + unnamed_met,
        highlights=[i for i in items if i.discovery.highlight][:5],
        by_kind={k: v for k, v in by_kind.items() if v},
        numbers={k: v for k, v in numbers.items() if v},
        qualities_by_theme=_by_theme(by_kind["quality"]),
        links=_links(session, team_id, by_kind["connection"], shown_ids, names, redact),
        asks=[i for i in by_kind["idea"] if i.discovery.idea_outside.strip()],
        verbinders=verbinders,
        open_follow_ups=open_follow_ups,
        next_review=_next_review(session, team_id, now),
        trend=_trend(session, team_id, ids, end or now),
    )


def _first_names(
    session: Session, team_id: uuid.UUID, named: set[uuid.UUID]
) -> dict[uuid.UUID, str]:
    if not named:
        return {}
    return {
        p.id: p.first_name
        for p in session.exec(
            select(Person).where(
                col(Person.team_id) == team_id,
                col(Person.deleted_at).is_(None),
                col(Person.id).in_(named),
            )
        )
        if p.first_name
    }


REDACTED_FIELDS = (
    "title",
    "description",
    "group_would_like",
    "group_if_asked",
    "idea_self",
    "idea_little_help",
    "idea_outside",
)


def _redactor(
    session: Session, team_id: uuid.UUID, named: set[uuid.UUID]
) -> Callable[[Discovery], Discovery]:
    """Free text can name a resident ("Priya brengt soep mee"). The first name of everyone in
    the team without `name_in_overview` consent is replaced by "een bewoner" in what the
    overview shows; the record itself is left alone (a detached copy is changed)."""
    hidden = {
        p.first_name.strip()
        for p in session.exec(
            select(Person).where(
                col(Person.team_id) == team_id,
                col(Person.first_name).is_not(None),
                col(Person.id).not_in(named) if named else col(Person.id).is_not(None),
            )
        )
        if p.first_name and p.first_name.strip()
    }
    if not hidden:
        return lambda d: d
    names = "|".join(re.escape(n) for n in sorted(hidden, key=len, reverse=True))
    pattern = re.compile(rf"(?<!\w)(?:{names})(?!\w)", re.IGNORECASE)

    def replace(match: re.Match[str]) -> str:
        start = match.start() == 0 or match.string[: match.start()].rstrip().endswith(
            (".", "!", "?")
        )
        return _("Een bewoner") if start else _("een bewoner")

    def redact(d: Discovery) -> Discovery:
        if not any(pattern.search(getattr(d, f) or "") for f in REDACTED_FIELDS):
            return d
        copy = Discovery(**{f: getattr(d, f) for f in Discovery.model_fields})
        for f in REDACTED_FIELDS:
            setattr(copy, f, pattern.sub(replace, getattr(d, f) or ""))
        return copy

    return redact


def _items(
    session: Session,
    discoveries: list[Discovery],
    theme_names: dict[uuid.UUID, str],
    names: dict[uuid.UUID, str],
) -> list[Item]:
    themes: dict[uuid.UUID, list[str]] = defaultdict(list)
    people: dict[uuid.UUID, dict[str, set[uuid.UUID]]] = defaultdict(lambda: defaultdict(set))
    found = [d.id for d in discoveries]
    for chunk in _chunks(found):
        for link in session.exec(
            select(DiscoveryTheme).where(col(DiscoveryTheme.discovery_id).in_(chunk))
        ):
            themes[link.discovery_id].append(theme_names.get(link.theme_id, ""))
        for member in session.exec(
            select(DiscoveryPerson).where(col(DiscoveryPerson.discovery_id).in_(chunk))
        ):
            people[member.discovery_id][member.role].add(member.person_id)
    items = []
    for d in discoveries:
        roles = people.get(d.id, {})
        everyone = set().union(*roles.values()) if roles else set()
        trekkers = roles.get(PersonRole.trekker.value, set())
        items.append(
            Item(
                d,
                sorted(themes[d.id]),
                sorted({names[p] for p in everyone if p in names}),
                sorted({names[p] for p in trekkers if p in names}),
                len(trekkers),
                sum(1 for p in everyone if p not in names),
            )
        )
    return items


def _chunks(ids: list[uuid.UUID], size: int = 900) -> list[list[uuid.UUID]]:
    # SQLite allows 32k bound parameters, PostgreSQL 65k; stay far below both.
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _counts(counter: Counter[str]) -> list[Count]:
    return [
        Count(label, value) for label, value in sorted(counter.items(), key=lambda p: (-p[1], p[0]))
    ]


def _by_theme(qualities: list[Item]) -> list[tuple[str, list[Item]]]:
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in qualities:
        for theme in item.themes or [NO_THEME]:
            groups[theme].append(item)
    return sorted(groups.items(), key=lambda p: (p[0] == NO_THEME, -len(p[1]), p[0]))


def _links(
    session: Session,
    team_id: uuid.UUID,
    connections: list[Item],
    shown_ids: set[uuid.UUID],
    names: dict[uuid.UUID, str],
    redact: Callable[[Discovery], Discovery],
) -> list[Link]:
    """Connections with privacy-safe ends: a first name with consent or "bewoner"; a shared
    discovery by its title; anything else by its kind only."""
    titles: dict[uuid.UUID, str] = {}
    wanted = {
        ref
        for item in connections
        for ref in (item.discovery.from_ref_id, item.discovery.to_ref_id)
        if ref in shown_ids
    }
    for chunk in _chunks(list(wanted)):
        for d in session.exec(
            select(Discovery).where(col(Discovery.id).in_(chunk), col(Discovery.team_id) == team_id)
        ):
            shown = redact(d)
            titles[d.id] = shown.title or shown.description[:40]

    def end(ref_type: str | None, ref_id: uuid.UUID | None) -> End | None:
        if ref_type is None or ref_id is None:
            return None
        if ref_type == RefType.person.value:
            return End(ref_type, ref_id, names.get(ref_id) or _("een bewoner"))
        kind = label("discovery_kind", ref_type).lower()
        return End(ref_type, ref_id, titles.get(ref_id) or _("een %(kind)s") % {"kind": kind})

    return [
        Link(
            item.discovery,
            end(item.discovery.from_ref_type, item.discovery.from_ref_id),
            end(item.discovery.to_ref_type, item.discovery.to_ref_id),
        )
        for item in connections
    ]


def _next_review(session: Session, team_id: uuid.UUID, now: datetime) -> datetime | None:
    """A week after the last recorded weekoverleg, on the same weekday, from today on."""
    last = session.exec(
        select(func.max(ReviewMeeting.held_at)).where(col(ReviewMeeting.team_id) == team_id)
    ).one()
    if last is None:
        return None
    upcoming = last + timedelta(days=7)
    while upcoming.date() < now.date():
        upcoming += timedelta(days=7)
    return upcoming


def _trend(
    session: Session, team_id: uuid.UUID, ids: list[uuid.UUID], until: datetime
) -> list[QuarterPoint]:
    rows = session.exec(
        select(Discovery, Conversation.occurred_at)
        .join(Conversation, col(Conversation.id) == col(Discovery.conversation_id))
        .where(
            *shareable(team_id),
            col(Discovery.kind).in_(TREND_KINDS),
            col(Conversation.id).in_(talks_in(team_id, ids, None, until)),
        )
    ).all()
    return gemeenschapskracht(session, [Found(d, at) for d, at in rows], until=until)


__all__ = [
    "SUPPRESS_BELOW",
    "Count",
    "DiscoveryKind",
    "Item",
    "Overview",
    "assemble",
    "suppressed",
]
