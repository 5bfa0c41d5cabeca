import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, col, func, select

from app.auth.models import User
from app.changes.models import Revision
from app.conversations.models import Conversation, Discovery, DiscoveryKind, FollowUp
from app.demo.seed import DEMO_PASSWORD, DEMO_TEAM, DEMO_USERS, seed_demo
from app.errors import AppError
from app.people.models import Consent, Person
from app.teams.models import Membership, Neighbourhood, PromptCard, Team, Theme
from testkit.language import DEFICIT_WORDS

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


@pytest.fixture
def seeded(session: Session) -> Team:
    seed_demo(session, now=NOW)
    return session.exec(select(Team).where(Team.name == DEMO_TEAM)).one()


def test_demo_team_has_buurten_members_themes_and_prompts(session: Session, seeded: Team) -> None:
    names = set(session.exec(select(Neighbourhood.name).where(Neighbourhood.team_id == seeded.id)))
    assert names == {"Oosterpark", "Dapperbuurt"}
    roles = sorted(session.exec(select(Membership.role).where(Membership.team_id == seeded.id)))
    assert roles == ["coordinator", "worker", "worker"]
    assert [u.role.value for u in DEMO_USERS] == ["coordinator", "worker", "worker"]
    assert (
        session.exec(
            select(func.count()).select_from(Theme).where(Theme.team_id == seeded.id)
        ).one()
        == 14
    )
    assert (
        session.exec(
            select(func.count()).select_from(PromptCard).where(PromptCard.team_id == seeded.id)
        ).one()
        >= 7
    )
    assert len(DEMO_PASSWORD) >= 12


def test_about_forty_conversations_over_six_weeks_by_everyone(
    session: Session, seeded: Team
) -> None:
    conversations = session.exec(
        select(Conversation).where(Conversation.team_id == seeded.id)
    ).all()
    recent = [c for c in conversations if c.occurred_at >= NOW - timedelta(weeks=6, days=1)]
    assert 35 <= len(recent) <= 50
    assert all(c.occurred_at <= NOW for c in conversations)
    # A few from the year before, one per quarter, for the overview's trend.
    earlier = {(c.occurred_at.year, (c.occurred_at.month - 1) // 3) for c in conversations}
    assert len(earlier) >= 4
    authors = {c.created_by_id for c in conversations}
    users = session.exec(
        select(User.id)
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(Membership.team_id == seeded.id)
    ).all()
    assert authors == set(users)
    buurten = {c.neighbourhood_id for c in conversations}
    assert len(buurten) == 2


def test_every_kind_of_discovery_and_lifecycle_is_present(session: Session, seeded: Team) -> None:
    kinds = set(session.exec(select(Discovery.kind).where(Discovery.team_id == seeded.id)))
    assert kinds == {k.value for k in DiscoveryKind}
    connections = session.exec(
        select(Discovery).where(Discovery.team_id == seeded.id, Discovery.kind == "connection")
    ).all()
    assert all(c.from_ref_id and c.to_ref_id for c in connections)
    assert len({c.status for c in connections}) >= 3
    ideas = session.exec(
        select(Discovery).where(Discovery.team_id == seeded.id, Discovery.kind == "idea")
    ).all()
    assert len({i.status for i in ideas}) >= 3
    statuses = set(
        session.exec(select(Discovery.review_status).where(Discovery.team_id == seeded.id))
    )
    assert {"new", "discussed"} <= statuses
    visibilities = set(
        session.exec(select(Discovery.visibility).where(Discovery.team_id == seeded.id))
    )
    assert visibilities == {"private", "team", "overview"}


def test_names_only_with_consent_and_no_house_numbers(session: Session, seeded: Team) -> None:
    people = session.exec(select(Person).where(Person.team_id == seeded.id)).all()
    assert len(people) >= 20
    named = [p for p in people if p.first_name]
    assert named
    for person in named:
        consents = session.exec(select(Consent).where(Consent.person_id == person.id)).all()
        assert any("store_name" in c.scopes for c in consents), person.pseudonym
    assert not any(re.search(r"\d", p.street) for p in people)
    assert any(p.is_connector for p in people)


def test_follow_ups_are_overdue_upcoming_and_done(session: Session, seeded: Team) -> None:
    follow_ups = session.exec(select(FollowUp).where(FollowUp.team_id == seeded.id)).all()
    assert len(follow_ups) >= 8
    today = NOW.date()
    assert any(f.done_at for f in follow_ups)
    assert any(f.due_on and f.due_on < today and not f.done_at for f in follow_ups)
    assert any(f.due_on and f.due_on >= today and not f.done_at for f in follow_ups)


def test_every_record_went_through_change_tracking(session: Session, seeded: Team) -> None:
    discoveries = session.exec(
        select(func.count()).select_from(Discovery).where(Discovery.team_id == seeded.id)
    ).one()
    revisions = session.exec(
        select(func.count())
        .select_from(Revision)
        .where(Revision.team_id == seeded.id, Revision.entity == "discovery")
    ).one()
    assert revisions >= discoveries
    seqs = session.exec(select(Discovery.change_seq).where(Discovery.team_id == seeded.id)).all()
    assert 0 not in seqs
    assert len(set(seqs)) == len(seqs)


def test_demo_texts_speak_the_language_of_strengths(session: Session, seeded: Team) -> None:
    texts: list[str] = []
    for c in session.exec(select(Conversation).where(Conversation.team_id == seeded.id)):
        texts += [c.summary, c.place, c.referrals]
    for d in session.exec(select(Discovery).where(Discovery.team_id == seeded.id)):
        texts += [
            d.title,
            d.description,
            d.group_would_like,
            d.group_if_asked,
            d.idea_self,
            d.idea_little_help,
            d.idea_outside,
            d.review_note,
        ]
    for p in session.exec(select(Person).where(Person.team_id == seeded.id)):
        texts += [p.recognition]
    hits = [t for t in texts if DEFICIT_WORDS.search(t)]
    assert hits == []


def test_seeding_twice_is_refused(session: Session, seeded: Team) -> None:
    with pytest.raises(AppError):
        seed_demo(session, now=NOW)
