"""The Tocht: the team's conversations and what was discovered in them, newest first, with
filters, Dutch full-text search and keyset pages (a page costs the same on page 1 and 100)."""

from __future__ import annotations

import base64
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, and_, cast, or_
from sqlmodel import Session, col, select

from app.attachments.views import AttachmentView, of_conversations
from app.auth.models import User
from app.auth.service import Principal
from app.conversations.models import (
    Conversation,
    ConversationPerson,
    Discovery,
    DiscoveryTheme,
)
from app.conversations.visibility import visible_discovery
from app.errors import AppError
from app.i18n import gettext as _
from app.journey.filters import JourneyFilters
from app.people.models import Person
from app.people.sharing import name_of, sight
from app.search.models import SearchEntry
from app.search.newest import newest_groups
from app.search.query import Terms, matching_conversations
from app.search.text import RANKS, query_terms
from app.teams.models import Neighbourhood

PAGE_SIZE = 25


@dataclass
class JourneyItem:
    conversation: Conversation
    neighbourhood: str
    author: str
    people: list[str] = field(default_factory=list)
    discoveries: list[Discovery] = field(default_factory=list)
    attachments: list[AttachmentView] = field(default_factory=list)


@dataclass
class JourneyPage:
    items: list[JourneyItem]
    next_cursor: str | None


def encode_cursor(conversation: Conversation, rank: int = 0) -> str:
    raw = f"{conversation.occurred_at.isoformat()}|{conversation.id}|{rank}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID, int]:
    """The last conversation of the previous page, and its search rank (0 without a search)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        occurred, record_id, *rest = base64.urlsafe_b64decode(padded).decode().split("|")
        moment = datetime.fromisoformat(occurred)
        if moment.tzinfo is None or len(rest) > 1:
            raise ValueError(occurred)
        rank = int(rest[0]) if rest else 0
        if not 0 <= rank <= max(RANKS.values()):
            raise ValueError(rank)
        # encode_cursor writes UTC; anything else was made by hand and may not convert.
        return moment.astimezone(UTC), uuid.UUID(record_id), rank
    except (ValueError, OverflowError, UnicodeDecodeError):
        raise AppError(_("Deze pagina van de tocht bestaat niet (meer).")) from None


def _discovery_filter(filters: JourneyFilters, principal: Principal):  # type: ignore[no-untyped-def]
    conditions = [
        col(Discovery.team_id) == principal.team.id,
        col(Discovery.deleted_at).is_(None),
        visible_discovery(principal),
    ]
    if filters.soort:
        conditions.append(col(Discovery.kind) == filters.soort)
    if filters.status:
        conditions.append(col(Discovery.review_status) == filters.status)
    if filters.dimensie:
        # A JSON list of fixed words: the quoted word occurs in its text on both databases.
        conditions.append(cast(col(Discovery.dimensions), String).like(f'%"{filters.dimensie}"%'))
    if filters.thema:
        conditions.append(
            col(Discovery.id).in_(
                select(col(DiscoveryTheme.discovery_id)).where(
                    col(DiscoveryTheme.theme_id) == filters.thema
                )
            )
        )
    return and_(*conditions)


def journey_page(
    session: Session, principal: Principal, filters: JourneyFilters, cursor: str | None
) -> JourneyPage:
    team_id = principal.team.id
    query = select(Conversation).where(
        col(Conversation.team_id) == team_id, col(Conversation.deleted_at).is_(None)
    )
    if filters.buurt:
        query = query.where(col(Conversation.neighbourhood_id) == filters.buurt)
    if filters.auteur:
        query = query.where(col(Conversation.created_by_id) == filters.auteur)
    start, end = filters.period()
    if start:
        query = query.where(col(Conversation.occurred_at) >= start)
    if end:
        query = query.where(col(Conversation.occurred_at) < end)
    if filters.filters_discoveries:
        matching = select(col(Discovery.conversation_id)).where(
            _discovery_filter(filters, principal)
        )
        query = query.where(col(Conversation.id).in_(matching))
    after = decode_cursor(cursor) if cursor else None
    terms = query_terms(filters.q) if filters.q else []
    dialect = session.connection().dialect.name
    if terms and dialect == "sqlite" and not filters.narrowed:
        # Only the words: the index gives the newest matches first (app.search.newest).
        conversations, ranks = _from_index(session, principal, terms, after)
    else:
        conversations, ranks = _by_query(session, principal, filters, query, after, dialect)
    more = len(conversations) > PAGE_SIZE
    conversations = conversations[:PAGE_SIZE]
    last = encode_cursor(conversations[-1], ranks[PAGE_SIZE - 1]) if more else None
    if terms:
        conversations = _as_they_may_read(session, principal, terms, conversations)
    items = _items(session, principal, filters, conversations)
    return JourneyPage(items, last)


def _as_they_may_read(
    session: Session, principal: Principal, terms: Terms, conversations: list[Conversation]
) -> list[Conversation]:
    """Only what the search finds in the texts as this viewer reads them: found through a
    name not shared with them, a talk would say that she exists and which "een bewoner" she
    is (app.people.sharing)."""
    names = sight(session, principal.team.id, principal.user.id)
    if not conversations or not names.may_find_names(terms):
        return conversations
    found: set[uuid.UUID] = set()
    for conversation_id, body in session.exec(
        select(SearchEntry.conversation_id, SearchEntry.body).where(
            col(SearchEntry.team_id) == principal.team.id,
            col(SearchEntry.conversation_id).in_([c.id for c in conversations]),
            or_(
                col(SearchEntry.private_to_id).is_(None),
                col(SearchEntry.private_to_id) == principal.user.id,
            ),
        )
    ):
        if conversation_id is not None and names.found_without_names(terms, body):
            found.add(conversation_id)
    return [c for c in conversations if c.id in found]


Ordered = tuple[list[Conversation], list[int]]
_NEWEST = (col(Conversation.occurred_at).desc(), col(Conversation.id).desc())


def _older(after: tuple[datetime, uuid.UUID, int]) -> Any:
    occurred, after_id, _rank = after
    return or_(
        col(Conversation.occurred_at) < occurred,
        and_(col(Conversation.occurred_at) == occurred, col(Conversation.id) < after_id),
    )


def _by_query(
    session: Session,
    principal: Principal,
    filters: JourneyFilters,
    query: Any,
    after: tuple[datetime, uuid.UUID, int] | None,
    dialect: str,
) -> Ordered:
    """One query: a search orders by how well a conversation matched (app.search.query),
    then newest first."""
    rank: Any = None
    if filters.q:
        found = matching_conversations(dialect, principal.team.id, principal.user.id, filters.q)
        if found is not None:
            query = query.join(found, found.c.found_id == col(Conversation.id))
            rank = found.c.rank
    if after:
        older = _older(after)
        if rank is not None:
            older = or_(rank > after[2], and_(rank == after[2], older))
        query = query.where(older)
    if rank is None:
        conversations = list(session.exec(query.order_by(*_NEWEST).limit(PAGE_SIZE + 1)))
        return conversations, [0] * len(conversations)
    rows = session.execute(query.add_columns(rank).order_by(rank, *_NEWEST).limit(PAGE_SIZE + 1))
    conversations, ranks = [], []
    for conversation, its_rank in rows:
        conversations.append(conversation)
        ranks.append(its_rank)
    return conversations, ranks


def _from_index(
    session: Session,
    principal: Principal,
    terms: Terms,
    after: tuple[datetime, uuid.UUID, int] | None,
) -> Ordered:
    """The same page as _by_query for words alone, read newest first from the index: the
    conversations of one second at a time, until the page is full."""
    groups = newest_groups(
        session.connection(),
        principal.team.id,
        principal.user.id,
        terms,
        (after[2], after[0]) if after else None,
    )
    wanted = PAGE_SIZE + 1
    found: list[tuple[Conversation, int]] = []
    pending: list[tuple[int, list[uuid.UUID]]] = []
    candidates = 0
    for group in groups:
        pending.append(group)
        candidates += len(group[1])
        if len(found) + candidates >= wanted:
            found += _load(session, principal, pending, after)
            pending, candidates = [], 0
            if len(found) >= wanted:
                break
    found += _load(session, principal, pending, after)
    return [c for c, _ in found[:wanted]], [r for _, r in found[:wanted]]


def _load(
    session: Session,
    principal: Principal,
    groups: list[tuple[int, list[uuid.UUID]]],
    after: tuple[datetime, uuid.UUID, int] | None,
) -> list[tuple[Conversation, int]]:
    """These conversations as the page shows them (the team's, not deleted, past the cursor),
    by rank, then newest first."""
    if not groups:
        return []
    rank_of = {i: rank for rank, ids in groups for i in ids}
    at_cursor = [i for i, rank in rank_of.items() if after and rank == after[2]]
    others = [i for i, rank in rank_of.items() if not (after and rank == after[2])]
    wanted: Any = col(Conversation.id).in_(others)
    if after and at_cursor:
        wanted = or_(wanted, and_(col(Conversation.id).in_(at_cursor), _older(after)))
    # Looked up by id; the team is checked here and the order made here: asked for either,
    # SQLite walks all the team's conversations by date instead of looking these few up.
    found = session.exec(select(Conversation).where(wanted, col(Conversation.deleted_at).is_(None)))
    loaded = sorted(
        (c for c in found if c.team_id == principal.team.id),
        key=lambda c: (c.occurred_at, c.id),
        reverse=True,  # newest first, then the higher id, as _NEWEST
    )
    return sorted(((c, rank_of[c.id]) for c in loaded), key=lambda pair: pair[1])


def _items(
    session: Session,
    principal: Principal,
    filters: JourneyFilters,
    conversations: list[Conversation],
) -> list[JourneyItem]:
    """Everything the page shows about these conversations, in a few queries for the page."""
    if not conversations:
        return []
    ids = [c.id for c in conversations]
    buurten = {
        n.id: n.name
        for n in session.exec(
            select(Neighbourhood).where(col(Neighbourhood.team_id) == principal.team.id)
        )
    }
    author_ids = {c.created_by_id for c in conversations if c.created_by_id}
    authors = {u.id: u.name for u in session.exec(select(User).where(col(User.id).in_(author_ids)))}
    people: dict[uuid.UUID, list[str]] = defaultdict(list)
    for conversation_id, person in session.exec(
        select(ConversationPerson.conversation_id, Person)
        .join(Person, col(Person.id) == col(ConversationPerson.person_id))
        .where(col(ConversationPerson.conversation_id).in_(ids))
        .order_by(col(Person.pseudonym))
    ):
        people[conversation_id].append(name_of(person))
    shown = (
        _discovery_filter(filters, principal)
        if filters.filters_discoveries
        else and_(col(Discovery.deleted_at).is_(None), visible_discovery(principal))
    )
    discoveries: dict[uuid.UUID | None, list[Discovery]] = defaultdict(list)
    for discovery in session.exec(
        select(Discovery)
        .where(col(Discovery.conversation_id).in_(ids), shown)
        .order_by(col(Discovery.created_at), col(Discovery.id))
    ):
        discoveries[discovery.conversation_id].append(discovery)
    attachments = of_conversations(session, principal, ids)
    return [
        JourneyItem(
            conversation=c,
            neighbourhood=buurten.get(c.neighbourhood_id, ""),
            author=authors.get(c.created_by_id, "") if c.created_by_id else "",
            people=people[c.id],
            discoveries=discoveries[c.id],
            attachments=attachments.get(c.id, []),
        )
        for c in conversations
    ]
