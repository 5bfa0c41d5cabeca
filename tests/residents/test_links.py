"""A bewoner's own link (app.residents.links): only the team makes and revokes it; it opens
for a while; every link that does not open gets the same answer; a client that keeps trying
waits."""

import uuid
from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from app import links
from app.audit.models import AuditEvent
from app.auth.models import AuthSession, User
from app.auth.service import Principal
from app.db import utcnow
from app.errors import AppError, NotFoundError, TooManyRequestsError
from app.export.share import create_link as create_share_link
from app.export.share import token_for as share_token
from app.people.erasure import erase_person
from app.residents.links import (
    LINK_MAX_FAILURES,
    LINK_WINDOW,
    PURPOSE,
    LinkGone,
    client_key,
    create_link,
    links_of,
    open_link,
    revoke_link,
    token_for,
)
from app.residents.models import LinkAttempt
from app.teams.models import Role, Team
from tests.conftest import TEST_SECRET
from tests.factories import make_person, make_team, make_user

CLIENT = client_key(TEST_SECRET, "203.0.113.7")


def _principal(team: Team, user: User) -> Principal:
    auth_session = AuthSession(
        token_hash=uuid.uuid4().hex,
        user_id=user.id,
        team_id=team.id,
        expires_at=utcnow() + timedelta(hours=1),
    )
    return Principal(user=user, team=team, role=Role.worker, auth_session=auth_session)


@pytest.fixture
def worker(session: Session) -> Principal:
    team = make_team(session)
    return _principal(team, make_user(session, team))


def test_a_link_opens_for_its_time_and_is_audited(session: Session, worker: Principal) -> None:
    person = make_person(session, worker.team)
    link = create_link(session, worker, person.id)
    assert link.expires_at - link.created_at == timedelta(days=90)
    opened = open_link(session, TEST_SECRET, token_for(TEST_SECRET, link), CLIENT)
    assert opened.id == link.id
    assert opened.person_id == person.id
    assert opened.last_opened_at is not None
    assert links_of(session, worker, person.id) == [link]
    actions = session.exec(
        select(AuditEvent.action).where(col(AuditEvent.record_id) == person.id)
    ).all()
    assert "resident_link_created" in actions


def _gone(session: Session, token: str) -> str:
    with pytest.raises(LinkGone) as refused:
        open_link(session, TEST_SECRET, token, CLIENT)
    return str(refused.value)


def test_every_link_that_does_not_open_gets_the_same_answer(
    session: Session, worker: Principal
) -> None:
    person = make_person(session, worker.team)
    expired = create_link(session, worker, person.id, days=1)
    expired.expires_at = utcnow() - timedelta(seconds=1)
    revoked = create_link(session, worker, person.id)
    revoke_link(session, worker, person.id, revoked.id)
    good = token_for(TEST_SECRET, create_link(session, worker, person.id))
    other_team = _principal(make_team(session), make_user(session, make_team(session)))
    share = create_share_link(
        session,
        team_id=worker.team.id,
        created_by_id=worker.user.id,
        neighbourhood_ids=[],
        starts_at=None,
        ends_at=None,
        label="",
        days=30,
    )
    answers = {
        _gone(session, token)
        for token in (
            "",
            "nonsense",
            good[:-2] + ("AA" if not good.endswith("AA") else "BB"),  # forged signature
            uuid.uuid4().hex + "." + good.partition(".")[2],  # another id, this signature
            links.token(TEST_SECRET, PURPOSE, uuid.uuid4()),  # signed, but no such link
            links.token("another-secret-key-long-enough!!", PURPOSE, expired.id),
            token_for(TEST_SECRET, expired),
            token_for(TEST_SECRET, revoked),
            share_token(TEST_SECRET, share),  # a share link is not a resident's link
            links.token(TEST_SECRET, PURPOSE, share.id),
        )
    }
    assert len(answers) == 1
    assert links_of(session, worker, person.id) != []
    # Another team neither sees, makes nor revokes this bewoner's links.
    with pytest.raises(NotFoundError):
        create_link(session, other_team, person.id)
    with pytest.raises(NotFoundError):
        links_of(session, other_team, person.id)
    with pytest.raises(NotFoundError):
        revoke_link(session, other_team, person.id, revoked.id)
    with pytest.raises(NotFoundError):  # through another bewoner of the team
        revoke_link(session, worker, make_person(session, worker.team).id, revoked.id)


def test_an_erased_bewoners_link_opens_nothing(session: Session, worker: Principal) -> None:
    person = make_person(session, worker.team)
    token = token_for(TEST_SECRET, create_link(session, worker, person.id))
    open_link(session, TEST_SECRET, token, CLIENT)
    erase_person(session, person, actor_id=worker.user.id)
    session.expire_all()
    _gone(session, token)


def test_a_link_lasts_one_day_to_a_year(session: Session, worker: Principal) -> None:
    person = make_person(session, worker.team)
    for days in (0, 366, -5):
        with pytest.raises(AppError):
            create_link(session, worker, person.id, days=days)
    assert create_link(session, worker, person.id, days=365)


def test_a_client_that_keeps_trying_waits(session: Session, worker: Principal) -> None:
    person = make_person(session, worker.team)
    good = token_for(TEST_SECRET, create_link(session, worker, person.id))
    for _ in range(LINK_MAX_FAILURES):
        _gone(session, links.token(TEST_SECRET, PURPOSE, uuid.uuid4()))
    # Now even a good link waits for this client, and says nothing about the link.
    with pytest.raises(TooManyRequestsError):
        open_link(session, TEST_SECRET, good, CLIENT)
    # Another client is not held up.
    assert open_link(session, TEST_SECRET, good, client_key(TEST_SECRET, "198.51.100.2"))
    # Time alone lifts it.
    for attempt in session.exec(select(LinkAttempt)).all():
        attempt.attempted_at -= LINK_WINDOW
        session.add(attempt)
    session.flush()
    assert open_link(session, TEST_SECRET, good, CLIENT)


def test_the_address_is_never_kept(session: Session, worker: Principal) -> None:
    _gone_token = links.token(TEST_SECRET, PURPOSE, uuid.uuid4())
    _gone(session, _gone_token)
    kept = session.exec(select(LinkAttempt.client)).all()
    assert kept == [CLIENT]
    assert "203.0.113.7" not in CLIENT
