"""The weekoverleg's counts come from review_tally, kept by database triggers: after every kind
of change to discoveries and their themes (created, themes changed, decided, hidden, deleted,
kind changed, erased, rows written straight into the tables) they equal a plain count of the
open discoveries themselves, for each viewer, with and without a meeting in between."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, insert, update
from sqlmodel import Session, col, select

from app.auth.models import AuthSession, User
from app.auth.service import Principal
from app.conversations.models import Discovery, DiscoveryKind, DiscoveryTheme, ReviewStatus
from app.conversations.visibility import visible_discovery
from app.db import utcnow
from app.people.erasure import erase_person
from app.review.service import Decision, decide
from app.review.tally import fresh_theme_counts, open_counts
from app.sync.engine import change_from_page
from app.teams.models import Role, Team, Theme
from tests.factories import (
    make_conversation,
    make_discovery,
    make_neighbourhood,
    make_person,
    make_team,
    make_user,
)


def _principal(team: Team, user: User) -> Principal:
    auth_session = AuthSession(
        token_hash=uuid.uuid4().hex,
        user_id=user.id,
        team_id=team.id,
        expires_at=utcnow() + timedelta(hours=1),
    )
    return Principal(user=user, team=team, role=Role.coordinator, auth_session=auth_session)


def _counted(session: Session, principal: Principal, since: datetime | None) -> Any:
    """What the weekoverleg counted before the tally: the open discoveries themselves."""
    open_ = (
        col(Discovery.team_id) == principal.team.id,
        col(Discovery.deleted_at).is_(None),
        col(Discovery.review_status) == ReviewStatus.new.value,
        visible_discovery(principal),
    )
    kinds: dict[tuple[str, bool], int] = {}
    for discovery in session.exec(select(Discovery).where(*open_)):
        key = (discovery.kind, since is None or discovery.created_at > since)
        kinds[key] = kinds.get(key, 0) + 1
    fresh = () if since is None else (col(Discovery.created_at) > since,)
    themes = session.exec(
        select(col(Theme.name), func.count())
        .join(DiscoveryTheme, col(DiscoveryTheme.theme_id) == col(Theme.id))
        .join(Discovery, col(Discovery.id) == col(DiscoveryTheme.discovery_id))
        .where(*open_, *fresh)
        .group_by(col(Theme.name))
    ).all()
    return kinds, sorted(themes, key=lambda pair: (-pair[1], pair[0]))


def _check(session: Session, viewers: list[Principal], moments: list[datetime | None]) -> None:
    session.flush()
    session.expire_all()
    for principal in viewers:
        for since in moments:
            expected_kinds, expected_themes = _counted(session, principal, since)
            assert open_counts(session, principal, since) == expected_kinds
            assert fresh_theme_counts(session, principal, since) == expected_themes


def test_the_tally_counts_what_is_open_after_every_kind_of_change(session: Session) -> None:
    team = make_team(session)
    coordinator, worker = make_user(session, team), make_user(session, team, name="Bram")
    viewers = [_principal(team, coordinator), _principal(team, worker)]
    themes = session.exec(
        select(Theme).where(Theme.team_id == team.id, col(Theme.is_special_category).is_(False))
    ).all()
    a, b, c = (t.id for t in themes[:3])
    conversation = make_conversation(session, team, worker, make_neighbourhood(session, team))
    made = [
        make_discovery(session, team, worker, conversation, themes=[a, b]),
        make_discovery(session, team, worker, conversation, kind=DiscoveryKind.idea, themes=[a]),
        make_discovery(session, team, coordinator, conversation, themes=[c]),
        make_discovery(session, team, worker, conversation, visibility="private", themes=[b]),
    ]
    session.flush()
    # A meeting between the first two and the last two (the same UTC day), and one a day ago.
    made[2].created_at = made[1].created_at + timedelta(seconds=2)
    made[3].created_at = made[1].created_at + timedelta(seconds=3)
    meeting = made[1].created_at + timedelta(seconds=1)
    moments: list[datetime | None] = [None, meeting, meeting - timedelta(days=1)]
    _check(session, viewers, moments)

    # Themes changed and a discovery made private, on a page (as a push would).
    first = made[0]
    change_from_page(
        session,
        viewers[1],
        "discovery",
        first.id,
        base_version=first.version,
        fields={"themes": [str(c)], "visibility": "private"},
    )
    _check(session, viewers, moments)

    # Decided in the weekoverleg, then its kind changed (no longer open: nothing moves).
    decide(session, viewers[0], made[1], Decision(status=ReviewStatus.discussed))
    session.execute(update(Discovery).where(col(Discovery.id) == made[1].id).values(kind="group"))
    _check(session, viewers, moments)
    # Back to new, and a kind change while open.
    session.execute(
        update(Discovery).where(col(Discovery.id) == made[1].id).values(review_status="new")
    )
    session.execute(update(Discovery).where(col(Discovery.id) == made[2].id).values(kind="place"))
    _check(session, viewers, moments)

    # Deleted from a phone (a tombstone), and theme links written and removed directly.
    change_from_page(
        session,
        viewers[0],
        "discovery",
        made[2].id,
        base_version=made[2].version,
        fields={},
        deleted=True,
    )
    session.execute(insert(DiscoveryTheme), [{"discovery_id": made[1].id, "theme_id": b}])
    session.execute(
        delete(DiscoveryTheme).where(
            col(DiscoveryTheme.discovery_id) == made[3].id, col(DiscoveryTheme.theme_id) == b
        )
    )
    _check(session, viewers, moments)

    # Erased with the person it was about, and one removed outright.
    person = make_person(session, team, worker)
    about = make_discovery(session, team, worker, conversation, person_ids=[person.id], themes=[a])
    _check(session, viewers, moments)
    erase_person(session, person, actor_id=coordinator.id)
    session.execute(delete(Discovery).where(col(Discovery.id) == made[1].id))
    assert session.get(Discovery, about.id) is None
    _check(session, viewers, moments)
