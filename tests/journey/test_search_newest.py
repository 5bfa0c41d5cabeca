"""The Tocht's search read newest first from the index (app.search.newest, SQLite) gives the
same pages as the one general query (app.search.query): the same conversations, ranks, order
and cursors, page after page, also after dates change and records go. Dates share seconds and
even instants on purpose: the index orders by the second, the page by the exact date and id.
On PostgreSQL both sides are the general query."""

import random
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import Session, col, select

from app.auth.models import AuthSession, User
from app.auth.service import Principal
from app.conversations.models import Conversation, Visibility
from app.db import utcnow
from app.journey import service
from app.journey.filters import JourneyFilters
from app.search import newest as newest_module
from app.search.order import second_of, second_of_key
from app.sync.engine import apply_change
from app.sync.entities import ENTITIES
from app.teams.models import Role, Team
from tests.factories import (
    make_conversation,
    make_discovery,
    make_neighbourhood,
    make_team,
    make_user,
)

# Forms and longer words, so that every rank occurs: as written, another form, a prefix.
VOCABULARY = [
    "fietsen",
    "fiets",
    "fietst",
    "fietsenmaker",
    "fietsenstalling",
    "repareren",
    "repareert",
    "gerepareerd",
    "reparatie",
    "koken",
    "kookt",
    "gekookt",
    "kookclub",
    "moestuin",
    "moestuinen",
    "moestuinclub",
    "buurthuis",
    "buurthuizen",
    "bakker",
    "bakkers",
    "taart",
    "taarten",
    "zingen",
    "zong",
    "koor",
    "koren",
    "plein",
    "pleinen",
]
QUERIES = [
    "fietsen",
    "fiets",
    "fietst repareren",
    "koken",
    "moestuin",
    "buurthuis",
    "taarten bakker",
    "zingen koor",
    "pleinen",
    "fietsenm",
    "niemand",
]
BASE = datetime(2026, 10, 1, 9, tzinfo=UTC)


def _principal(team: Team, user: User) -> Principal:
    auth_session = AuthSession(
        token_hash=uuid.uuid4().hex,
        user_id=user.id,
        team_id=team.id,
        expires_at=utcnow() + timedelta(hours=1),
    )
    return Principal(user=user, team=team, role=Role.coordinator, auth_session=auth_session)


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(VOCABULARY) for _ in range(rng.randint(1, 4)))


def _moment(rng: random.Random) -> datetime:
    # Few seconds for many conversations: ties within a second, and some to the microsecond.
    return BASE + timedelta(seconds=rng.randrange(40), microseconds=rng.choice((0, 0, 250, 999)))


def _pages(
    session: Session, principal: Principal, q: str
) -> list[tuple[list[tuple[uuid.UUID, Any]], str | None]]:
    pages: list[tuple[list[tuple[uuid.UUID, Any]], str | None]] = []
    cursor: str | None = None
    while True:
        page = service.journey_page(session, principal, JourneyFilters(q=q), cursor)
        pages.append(
            ([(i.conversation.id, i.conversation.occurred_at) for i in page.items], cursor)
        )
        if page.next_cursor is None:
            return pages
        cursor = page.next_cursor
        assert len(pages) < 50


def _both(
    session: Session, principal: Principal, q: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[Any, Any]:
    from_index = _pages(session, principal, q)
    with monkeypatch.context() as patched:
        patched.setattr(
            service,
            "_from_index",
            lambda s, p, terms, after: service._by_query(
                s,
                p,
                JourneyFilters(q=q),
                select(Conversation).where(
                    col(Conversation.team_id) == p.team.id, col(Conversation.deleted_at).is_(None)
                ),
                after,
                s.connection().dialect.name,
            ),
        )
        by_query = _pages(session, principal, q)
    return from_index, by_query


def _assert_same(session: Session, principal: Principal, mp: pytest.MonkeyPatch) -> int:
    found = 0
    for q in QUERIES:
        from_index, by_query = _both(session, principal, q, mp)
        assert from_index == by_query, q
        found += sum(len(items) for items, _ in from_index)
    return found


def _assert_keys_follow_dates(session: Session) -> None:
    if session.connection().dialect.name != "sqlite":
        return
    rows = session.execute(
        text(
            "SELECT search_entry.id, conversation.occurred_at FROM search_entry"
            " JOIN conversation ON conversation.id = search_entry.conversation_id"
        )
    ).all()
    assert rows
    for key, occurred in rows:
        moment = datetime.fromisoformat(occurred) if isinstance(occurred, str) else occurred
        assert second_of_key(key) == second_of(moment)


def test_newest_first_from_the_index_gives_the_same_pages(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(20261204)
    team, other_team = make_team(session), make_team(session)
    me, colleague = make_user(session, team), make_user(session, team)
    stranger = make_user(session, other_team)
    buurt, elsewhere = make_neighbourhood(session, team), make_neighbourhood(session, other_team)
    principal = _principal(team, me)
    conversations: list[Conversation] = []
    for n in range(140):
        author = rng.choice((me, colleague))
        conversation = make_conversation(
            session, team, author, buurt, summary=_text(rng), occurred_at=_moment(rng)
        )
        conversations.append(conversation)
        for _ in range(rng.choice((0, 1, 1, 2))):
            private = rng.random() < 0.2
            make_discovery(
                session,
                team,
                author,
                conversation,
                description=_text(rng),
                visibility=Visibility.private if private else Visibility.team,
            )
        if n % 10 == 0:  # another team writes the same words at the same moments
            other = make_conversation(
                session, other_team, stranger, elsewhere, summary=_text(rng), occurred_at=BASE
            )
            make_discovery(session, other_team, stranger, other, description=_text(rng))
    session.flush()
    assert _assert_same(session, principal, monkeypatch) > 100
    _assert_keys_follow_dates(session)

    # Dates change (the entries move with them), conversations go.
    for conversation in rng.sample(conversations, 30):
        apply_change(
            session,
            principal,
            entity=ENTITIES["conversation"],
            record_id=conversation.id,
            base_version=conversation.version,
            deleted=False,
            fields={"occurred_at": (_moment(rng) + timedelta(days=rng.randint(-3, 3))).isoformat()},
        )
    for conversation in rng.sample(conversations, 10):
        session.refresh(conversation)
        apply_change(
            session,
            principal,
            entity=ENTITIES["conversation"],
            record_id=conversation.id,
            base_version=conversation.version,
            deleted=True,
            fields={},
        )
    session.flush()
    assert _assert_same(session, principal, monkeypatch) > 80
    _assert_keys_follow_dates(session)


def test_a_search_page_costs_what_it_shows(
    session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    """300 matches: the first page takes the 26 newest from the index and stops there."""
    team = make_team(session)
    me = make_user(session, team)
    buurt = make_neighbourhood(session, team)
    for n in range(300):
        make_conversation(
            session, team, me, buurt, summary="moestuin", occurred_at=BASE + timedelta(hours=n)
        )
    session.flush()
    taken: list[object] = []
    original = newest_module.newest_groups

    def counted(*args: Any, **kwargs: Any) -> Any:
        for group in original(*args, **kwargs):
            taken.append(group)
            yield group

    monkeypatch.setattr(service, "newest_groups", counted)
    page = service.journey_page(session, _principal(team, me), JourneyFilters(q="moestuin"), None)
    assert len(page.items) == service.PAGE_SIZE
    newest = page.items[0].conversation.occurred_at
    assert newest.replace(tzinfo=newest.tzinfo or UTC) == BASE + timedelta(hours=299)
    if session.connection().dialect.name == "sqlite":
        assert len(taken) == service.PAGE_SIZE + 1
