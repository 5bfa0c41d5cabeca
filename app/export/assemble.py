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
- next steps are counted, never listed (a follow-up's text is the team's own notes);
- a bewoner who read along and said "liever niet" is not named, and nothing about her is
  shown (app.export.objections).

Every shown row, in every format, is read with the conditions built here (`where`) and becomes
what is shown only through the Gate. Counts, charts and the trend are computed by the database;
the printed document reads only the rows it prints, the spreadsheet and CSV stream the rest.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from dataclasses import replace as replace_fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Row, or_
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
from app.export import sections
from app.export.asks import PartnerAsk, partner_asks
from app.export.counts import (
    SUPPRESS_BELOW,
    Count,
    count_recorded,
    found_until_end,
    talk_languages,
)
from app.export.objections import not_about, withheld
from app.export.photos import SectionPhoto, section_photos
from app.export.sections import in_themes
from app.export.shown import Shown, shown
from app.export.trend import QuarterPoint, gemeenschapskracht
from app.i18n import gettext as _
from app.people.models import Consent, ConsentScope, Person
from app.people.names import NameMatcher, forgotten_keys
from app.people.scrub import names_as_a_bewoner
from app.review.models import ReviewMeeting
from app.teams.models import Neighbourhood, Team, Theme
from app.text import shorten

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


# How much of each list the printed document shows (app.export.document): a wijkoverleg reads
# pages, not databases; beyond this a section says how many more there are and points to the
# spreadsheet, which has everything (streamed: Overview.every_item and friends).
LIST_LIMIT = 15
THEME_LIMIT = 5
THEMES_SHOWN = 8
NETWORK_LIMIT = 60
HIGHLIGHTS = 5


@dataclass(frozen=True)
class ThemeGroup:
    theme: str  # NO_THEME: qualities without a theme
    items: list[Item]  # the first THEME_LIMIT (only for the first THEMES_SHOWN groups)
    count: int  # how many the overview shows in this theme
    theme_ids: tuple[uuid.UUID | None, ...]


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
    # The first LIST_LIMIT shown of each kind; `shown` says how many there are.
    by_kind: dict[str, list[Item]]
    shown: dict[str, int] = field(default_factory=dict)
    numbers: dict[str, list[Count]] = field(default_factory=dict)
    qualities_by_theme: list[ThemeGroup] = field(default_factory=list)
    links: list[SharedLink] = field(default_factory=list)  # the first NETWORK_LIMIT
    link_count: int = 0
    partner_asks: list[PartnerAsk] = field(default_factory=list)
    verbinders: list[str] = field(default_factory=list)
    verbinders_unnamed: int = 0  # verbinders without consent to be named: counted only
    # Everything the team recorded per kind (never private): the honest totals.
    recorded: dict[str, int] = field(default_factory=dict)
    open_follow_ups: int = 0
    next_review: datetime | None = None
    trend: list[QuarterPoint] = field(default_factory=list)
    photos: dict[str, SectionPhoto] = field(default_factory=dict)
    # Bewoners who read along and said "liever niet": left out of what is shown.
    left_out: int = 0
    # In how many languages the talks went, where the buurtwerker noted it.
    languages: int = 0
    # Reads every shown row again for the spreadsheet and CSV, through the same rules.
    gate: Gate | None = None

    @property
    def is_empty(self) -> bool:
        return not any(self.shown.values())

    @property
    def items(self) -> list[Item]:
        """The items read for the printed document (not every shown one)."""
        return [item for items in self.by_kind.values() for item in items]

    def every_item(self, kind: str) -> Iterator[Item]:
        if self.gate is not None and self.shown.get(kind):
            yield from self.gate.every_item([col(Discovery.kind) == kind])

    def every_quality(self, group: ThemeGroup) -> Iterator[Item]:
        if self.gate is not None:
            yield from self.gate.every_item(in_themes(group.theme_ids))

    def every_link(self) -> Iterator[SharedLink]:
        if self.gate is not None and self.link_count:
            where = [col(Discovery.kind) == DiscoveryKind.connection.value]
            for batch in self.gate.batches(where):
                yield from self.gate.links(batch)


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
    languages = talk_languages(session, talks)
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
    talks_until_end = talks_in(team_id, ids, None, end)
    counted = count_recorded(
        session, team_id, talks_until_end=talks_until_end, start=start, theme_names=theme_names
    )
    # What the overview may show: shareable discoveries of the period. Every row shown, in any
    # format, is read with these conditions and goes through the gate.
    # Who read along and would rather not be in it (app.export.objections): not named, and
    # nothing about them shown.
    left_out = withheld(session, team_id, ids, start, end)
    where = [*shareable(team_id), col(Conversation.id).in_(talks), *not_about(left_out)]
    named = _named(session, team_id) - left_out
    names, hidden = _first_names(session, team_id, named)
    # The first name of everyone in the team without `name_in_overview` consent, and every
    # name withdrawn or erased.
    redact_text = names_as_a_bewoner(
        NameMatcher(team_id, hidden, keys=forgotten_keys(session, team_id))
    )
    gate = Gate(session, where, names, redact_text, theme_names)
    shown_per_kind = sections.shown_counts(session, where)
    items = gate.items(sections.first_of_each_kind(session, where, LIST_LIMIT))
    by_kind: dict[str, list[Item]] = {kind: [] for kind in SECTION_KINDS}
    for item in items:
        by_kind.setdefault(item.discovery.kind, []).append(item)
    connection = [col(Discovery.kind) == DiscoveryKind.connection.value]
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
        languages=len(languages),
        people_met=named_met + unnamed_met,
        highlights=gate.items(
            sections.first_rows(session, [*where, col(Discovery.highlight).is_(True)], HIGHLIGHTS)
        ),
        by_kind={k: v for k, v in by_kind.items() if v},
        shown={k: shown_per_kind[k] for k in SECTION_KINDS if shown_per_kind.get(k)},
        numbers={**counted.numbers, **({"conversation_language": languages} if languages else {})},
        recorded={k: counted.by_kind[k] for k in SECTION_KINDS if k in counted.by_kind},
        qualities_by_theme=gate.theme_groups(),
        links=gate.links(
            gate.items(sections.first_rows(session, [*where, *connection], NETWORK_LIMIT))
        ),
        link_count=shown_per_kind.get(DiscoveryKind.connection.value, 0),
        partner_asks=partner_asks(
            session, team_id, gate.discoveries(sections.with_asks(session, where)), redact_text
        ),
        verbinders=sorted(names[p] for p in connectors if p in names),
        verbinders_unnamed=sum(1 for p in connectors if p not in names),
        open_follow_ups=open_follow_ups,
        next_review=_next_review(session, team_id, now),
        trend=gemeenschapskracht(
            session, team_id, found_until_end(team_id, talks_until_end), until=end or now
        ),
        photos=section_photos(
            session,
            team_id,
            sections.shown_kinds(where),
            named,
            redact_text,
        ),
        gate=gate,
        left_out=len(left_out),
    )


class Gate:
    """The one way a shown row becomes what the overview shows: its free text redacted, its
    people named only with consent. Reads only with the overview's conditions (`where`)."""

    def __init__(
        self,
        session: Session,
        where: list[ColumnElement[bool]],
        names: dict[uuid.UUID, str],
        redact_text: Callable[[str], str],
        theme_names: dict[uuid.UUID, str],
    ) -> None:
        self.session = session
        self.where = where
        self.names = names
        self.redact_text = redact_text
        self.redact = _redactor(redact_text)
        self.theme_names = theme_names

    def discoveries(self, rows: Iterable[Row[Any]]) -> list[Shown]:
        return [self.redact(shown(row)) for row in rows]

    def items(self, rows: Iterable[Row[Any]]) -> list[Item]:
        found = self.discoveries(rows)
        themes, people = _links_of(self.session, [d.id for d in found], self.theme_names)
        return _items(found, themes, people, self.names)

    def batches(self, where: list[ColumnElement[bool]]) -> Iterator[list[Item]]:
        for rows in sections.stream(self.session, [*self.where, *where]):
            yield self.items(rows)

    def every_item(self, where: list[ColumnElement[bool]]) -> Iterator[Item]:
        for batch in self.batches(where):
            yield from batch

    def theme_groups(self) -> list[ThemeGroup]:
        """Shown qualities per theme (by name; NO_THEME for those without one), the largest
        first; the first THEMES_SHOWN with their first THEME_LIMIT items."""
        ids_of: dict[str, list[uuid.UUID | None]] = defaultdict(list)
        count: dict[str, int] = defaultdict(int)
        for theme_id, number in sections.quality_themes(self.session, self.where).items():
            name = NO_THEME if theme_id is None else self.theme_names.get(theme_id, NO_THEME)
            ids_of[name].append(theme_id)
            count[name] += number
        order = sorted(count, key=lambda name: (name == NO_THEME, -count[name], name))
        printed = order[:THEMES_SHOWN]
        # One theme a name (the usual case): the first of each read at once; otherwise that
        # name's themes together.
        single = [i for n in printed for i in ids_of[n] if len(ids_of[n]) == 1 and i is not None]
        first = sections.first_in_each_theme(self.session, self.where, single, THEME_LIMIT)
        groups = []
        for name in order:
            theme_ids = tuple(ids_of[name])
            items: list[Item] = []
            if name in printed:
                only = theme_ids[0]
                rows = first.get(only) if only is not None and only in single else None
                if rows is None:
                    rows = sections.first_rows(
                        self.session, [*self.where, *in_themes(theme_ids)], THEME_LIMIT
                    )
                items = self.items(rows)
            groups.append(ThemeGroup(name, items, count[name], theme_ids))
        return groups

    def links(self, connections: list[Item]) -> list[SharedLink]:
        """Connections with privacy-safe ends: a first name with consent or "een bewoner"; a
        shown discovery by its title; anything else by its kind only ("een groep")."""
        refs = {
            ref_id
            for item in connections
            for ref_type, ref_id in (
                (item.discovery.from_ref_type, item.discovery.from_ref_id),
                (item.discovery.to_ref_type, item.discovery.to_ref_id),
            )
            if ref_id is not None and ref_type != RefType.person.value
        }
        by_id = {
            d.id: d for d in self.discoveries(sections.rows_by_id(self.session, self.where, refs))
        }
        return _links(connections, by_id, self.names)


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


ASK_TEXT_KEYS = ("what", "partner")


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
    session: Session, ids: list[uuid.UUID], theme_names: dict[uuid.UUID, str]
) -> tuple[dict[uuid.UUID, list[str]], dict[uuid.UUID, Roles]]:
    """Themes and people of these discoveries (a batch), each in one query (Core: plain rows,
    as many as a spreadsheet has)."""
    themes: dict[uuid.UUID, list[str]] = defaultdict(list)
    people: dict[uuid.UUID, Roles] = defaultdict(lambda: defaultdict(set))
    if not ids:
        return themes, people
    read = session.connection().execute
    for discovery_id, theme_id in read(
        select(col(DiscoveryTheme.discovery_id), col(DiscoveryTheme.theme_id)).where(
            col(DiscoveryTheme.discovery_id).in_(ids)
        )
    ):
        themes[discovery_id].append(theme_names.get(theme_id, ""))
    for discovery_id, person_id, role in read(
        select(
            col(DiscoveryPerson.discovery_id),
            col(DiscoveryPerson.person_id),
            col(DiscoveryPerson.role),
        ).where(col(DiscoveryPerson.discovery_id).in_(ids))
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


def _links(
    connections: list[Item], by_id: dict[uuid.UUID, Shown], names: dict[uuid.UUID, str]
) -> list[SharedLink]:

    def end(ref_type: str | None, ref_id: uuid.UUID | None) -> End | None:
        if ref_type is None or ref_id is None:
            return None
        if ref_type == RefType.person.value:
            return End(ref_type, ref_id, names.get(ref_id) or _("een bewoner"))
        if ref_id in by_id:
            target = by_id[ref_id]
            return End(ref_type, ref_id, target.title or shorten(target.description, 40))
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
