"""The krachtenoverzicht, assembled once from the database for every format (the page, print,
PDF, XLSX, CSV and the share link): what a buurt has and does, in residents' own words, without
exposing anyone who did not agree to it.

Privacy rules, all here and nowhere else:
- what is *shown* (names, quotes, descriptions): only discoveries with visibility "overview",
  or highlighted by the team in the weekoverleg; never a private one;
- what is *counted*: everything the team recorded there, never a private or deleted item
  (app.export.counts, which also holds the one suppression rule);
- people are never shown by pseudonym; a first name only with their `name_in_overview`
  consent, otherwise "een bewoner" — also in free text, and also for a name that is no longer
  stored (withdrawn or erased: app.people.names knows it by its hash);
- a connection's end that is not itself shareable is named by its kind only ("een groep");
- an idea's asks of partners are redacted with the idea (app.export.asks);
- next steps are counted, never listed (a follow-up's text is the team's own notes).
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from dataclasses import replace as replace_fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import SelectOfScalar

from app.connections.service import DEFAULT_STATUS, End
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
from app.export.asks import PartnerAsk, partner_asks
from app.export.shown import SHOWN_COLUMNS, Shown, shown
from app.i18n import gettext as _
from app.people.models import Consent, ConsentScope, Person
from app.people.names import NameMatcher, forgotten_keys
from app.people.scrub import ERASED, WITHDRAWN
from app.review.models import ReviewMeeting
from app.teams.models import Neighbourhood, Team, Theme
from tests.export.legacy.counts import SUPPRESS_BELOW, Count, count_recorded
from tests.export.legacy.photos import SectionPhoto, section_photos
from tests.export.legacy.trend import QuarterPoint, gemeenschapskracht

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
NO_THEME = ""


@dataclass
class Item:
    discovery: Shown
    themes: list[str]
    people: list[str]  # first names with consent, otherwise nothing (never a pseudonym)
    trekkers: list[str] = field(default_factory=list)  # named trekkers of an idea
    trekker_count: int = 0
    unnamed: int = 0  # people linked without consent to be named

    @property
    def text(self) -> str:
        d = self.discovery
        return d.title or d.description


@dataclass(frozen=True)
class SharedLink:
    """A connection with privacy-safe ends (see _links)."""

    connection: Shown
    source: End | None
    target: End | None

    @property
    def status(self) -> str:
        return self.connection.status or DEFAULT_STATUS


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
    links: list[SharedLink] = field(default_factory=list)
    partner_asks: list[PartnerAsk] = field(default_factory=list)
    verbinders: list[str] = field(default_factory=list)
    verbinders_unnamed: int = 0  # verbinders without consent to be named: counted only
    # Everything the team recorded per kind (never private): the honest totals.
    recorded: dict[str, int] = field(default_factory=dict)
    open_follow_ups: int = 0
    next_review: datetime | None = None
    trend: list[QuarterPoint] = field(default_factory=list)
    photos: dict[str, SectionPhoto] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return not any(self.by_kind.values())

    @property
    def items(self) -> list[Item]:
        return [item for items in self.by_kind.values() for item in items]


def _named(session: Session, team_id: uuid.UUID) -> set[uuid.UUID]:
    """People whose current consent (the latest one not withdrawn, as everywhere in the app)
    lets their first name appear in the overview."""
    current: dict[uuid.UUID, list[str]] = {}
    for person_id, scopes in session.execute(
        sa_select(col(Consent.person_id), col(Consent.scopes))
        .where(col(Consent.team_id) == team_id, col(Consent.withdrawn_at).is_(None))
        .order_by(col(Consent.recorded_at))
    ):
        current[person_id] = scopes
    return {p for p, scopes in current.items() if ConsentScope.name_in_overview.value in scopes}


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
    now = utcnow()
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
    theme_names = {
        t.id: t.name for t in session.exec(select(Theme).where(col(Theme.team_id) == team_id))
    }
    counted = count_recorded(
        session,
        team_id,
        talks_until_end=talks_in(team_id, ids, None, end),
        start=start,
        theme_names=theme_names,
    )
    # One read of the shareable discoveries of the period: what the overview shows.
    where = [*shareable(team_id), col(Conversation.id).in_(talks)]
    rows = session.execute(
        sa_select(*SHOWN_COLUMNS, col(Conversation.occurred_at))
        .join(Conversation, col(Conversation.id) == col(Discovery.conversation_id))
        .where(*where)
        .order_by(col(Discovery.created_at), col(Discovery.id))
    ).all()
    named = _named(session, team_id)
    names, hidden = _first_names(session, team_id, named)
    redact_text = _text_redactor(
        NameMatcher(team_id, hidden, keys=forgotten_keys(session, team_id))
    )
    redact = _redactor(redact_text)
    themes, people = _links_of(session, team_id, where, theme_names)
    items = _items([redact(shown(row)) for row in rows], themes, people, names)
    by_kind: dict[str, list[Item]] = {kind: [] for kind in SECTION_KINDS}
    for item in items:
        by_kind.setdefault(item.discovery.kind, []).append(item)
    connectors = list(
        session.exec(
            select(Person.id).where(
                col(Person.team_id) == team_id,
                col(Person.deleted_at).is_(None),
                col(Person.is_connector).is_(True),
                col(Person.neighbourhood_id).in_(ids),
            )
        )
    )
    open_follow_ups = session.exec(
        select(func.count()).where(
            col(FollowUp.team_id) == team_id,
            col(FollowUp.deleted_at).is_(None),
            col(FollowUp.done_at).is_(None),
            col(FollowUp.conversation_id).in_(talks),
        )
    ).one()
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
        numbers=counted.numbers,
        recorded={k: counted.by_kind[k] for k in SECTION_KINDS if k in counted.by_kind},
        qualities_by_theme=_by_theme(by_kind["quality"]),
        links=_links(by_kind["connection"], {i.discovery.id: i for i in items}, names),
        partner_asks=partner_asks(
            session, team_id, (i.discovery for i in by_kind["idea"]), redact_text
        ),
        verbinders=sorted(names[p] for p in connectors if p in names),
        verbinders_unnamed=sum(1 for p in connectors if p not in names),
        open_follow_ups=open_follow_ups,
        next_review=_next_review(session, team_id, now),
        trend=gemeenschapskracht(
            session, team_id, counted.found, counted.trekkers, until=end or now
        ),
        photos=section_photos(
            session,
            team_id,
            ((i.discovery.id, i.discovery.kind) for i in items),
            named,
            redact_text,
        ),
    )


def _first_names(
    session: Session, team_id: uuid.UUID, named: set[uuid.UUID]
) -> tuple[dict[uuid.UUID, str], set[str]]:
    """First names that may be shown (by person), and those that may not (as words)."""
    shown_names: dict[uuid.UUID, str] = {}
    hidden: set[str] = set()
    for person_id, first_name in session.exec(
        select(Person.id, Person.first_name).where(
            col(Person.team_id) == team_id,
            col(Person.deleted_at).is_(None),
            col(Person.first_name).is_not(None),
        )
    ):
        if not first_name or not first_name.strip():
            continue
        if person_id in named:
            shown_names[person_id] = first_name
        else:
            hidden.add(first_name.strip())
    return shown_names, hidden


REDACTED_FIELDS = (
    "title",
    "description",
    "group_would_like",
    "group_if_asked",
    "idea_self",
    "idea_little_help",
    "idea_outside",
)


# What erasure and withdrawal leave in stored text where a name was.
SCRUBBED = re.compile(rf"{re.escape(ERASED)}|{re.escape(WITHDRAWN)}")


ASK_TEXT_KEYS = ("what", "partner")


def _text_redactor(hidden: NameMatcher) -> Callable[[str], str]:
    """Free text can name a resident ("Priya brengt soep mee"). The first name of everyone in
    the team without `name_in_overview` consent, and every name withdrawn or erased, is
    replaced by "een bewoner" in what the overview shows; the stored record is not touched."""

    def replace(text: str, start: int) -> str:
        sentence_start = start == 0 or text[:start].rstrip().endswith((".", "!", "?"))
        return _("Een bewoner") if sentence_start else _("een bewoner")

    def one(value: str) -> str:
        value = hidden.replace(value, replace)
        if "[" in value:
            value = SCRUBBED.sub(lambda m: replace(m.string, m.start()), value)
        return value

    return one


def _redactor(one: Callable[[str], str]) -> Callable[[Shown], Shown]:
    """Every free text of a discovery the overview shows, an idea's asks included."""

    def redact(d: Shown) -> Shown:
        changed: dict[str, Any] = {}
        for f in REDACTED_FIELDS:
            value = getattr(d, f)
            redacted = one(value)
            if redacted != value:
                changed[f] = redacted
        if d.asks:
            changed["asks"] = [
                {
                    k: one(v) if k in ASK_TEXT_KEYS and isinstance(v, str) else v
                    for k, v in ask.items()
                }
                for ask in d.asks
                if isinstance(ask, dict)
            ]
        return replace_fields(d, **changed) if changed else d

    return redact


Roles = dict[str, set[uuid.UUID]]


def _links_of(
    session: Session,
    team_id: uuid.UUID,
    where: list[ColumnElement[bool]],
    theme_names: dict[uuid.UUID, str],
) -> tuple[dict[uuid.UUID, list[str]], dict[uuid.UUID, Roles]]:
    """Themes and people of the same discoveries, each in one query."""
    same = (
        select(Discovery.id)
        .join(Conversation, col(Conversation.id) == col(Discovery.conversation_id))
        .where(*where)
    )
    themes: dict[uuid.UUID, list[str]] = defaultdict(list)
    for discovery_id, theme_id in session.execute(
        select(col(DiscoveryTheme.discovery_id), col(DiscoveryTheme.theme_id)).where(
            col(DiscoveryTheme.discovery_id).in_(same)
        )
    ):
        themes[discovery_id].append(theme_names.get(theme_id, ""))
    people: dict[uuid.UUID, Roles] = defaultdict(lambda: defaultdict(set))
    for discovery_id, person_id, role in session.execute(
        select(
            col(DiscoveryPerson.discovery_id),
            col(DiscoveryPerson.person_id),
            col(DiscoveryPerson.role),
        ).where(col(DiscoveryPerson.discovery_id).in_(same))
    ):
        people[discovery_id][role].add(person_id)
    return themes, people


def _items(
    discoveries: list[Shown],
    themes: dict[uuid.UUID, list[str]],
    people: dict[uuid.UUID, Roles],
    names: dict[uuid.UUID, str],
) -> list[Item]:
    items = []
    for d in discoveries:
        roles = people.get(d.id)
        if not roles:  # most discoveries name nobody
            items.append(Item(d, sorted(themes.get(d.id, [])), []))
            continue
        everyone = set().union(*roles.values()) if roles else set()
        trekkers = roles.get(PersonRole.trekker.value, set())
        items.append(
            Item(
                d,
                sorted(themes.get(d.id, [])),
                sorted({names[p] for p in everyone if p in names}),
                sorted({names[p] for p in trekkers if p in names}),
                len(trekkers),
                sum(1 for p in everyone if p not in names),
            )
        )
    return items


def _by_theme(qualities: list[Item]) -> list[tuple[str, list[Item]]]:
    groups: dict[str, list[Item]] = defaultdict(list)
    for item in qualities:
        for theme in item.themes or [NO_THEME]:
            groups[theme].append(item)
    return sorted(groups.items(), key=lambda p: (p[0] == NO_THEME, -len(p[1]), p[0]))


def _links(
    connections: list[Item], by_id: dict[uuid.UUID, Item], names: dict[uuid.UUID, str]
) -> list[SharedLink]:
    """Connections with privacy-safe ends: a first name with consent or "een bewoner"; a
    shareable discovery by its title; anything else by its kind only ("een groep")."""

    def end(ref_type: str | None, ref_id: uuid.UUID | None) -> End | None:
        if ref_type is None or ref_id is None:
            return None
        if ref_type == RefType.person.value:
            return End(ref_type, ref_id, names.get(ref_id) or _("een bewoner"))
        if ref_id in by_id:
            target = by_id[ref_id].discovery
            return End(ref_type, ref_id, target.title or target.description[:40])
        kind = label("discovery_kind", ref_type).lower()
        return End(ref_type, ref_id, _("een %(kind)s") % {"kind": kind})

    return [
        SharedLink(
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


__all__ = [
    "SUPPRESS_BELOW",
    "Count",
    "DiscoveryKind",
    "Item",
    "Overview",
    "PartnerAsk",
    "assemble",
]
