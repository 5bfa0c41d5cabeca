"""The demo team, seeded into the test database: the overview's sections are checked on the
same data a coordinator sees on a fresh install."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlmodel import Session, col, select

from app.auth.models import User
from app.db import utcnow
from app.demo.seed import DEMO_TEAM, seed_demo
from app.people.models import Consent, ConsentScope, Person
from app.teams.models import Neighbourhood, Team


@dataclass(frozen=True)
class Demo:
    team: Team
    coordinator: User
    worker: User
    oosterpark: Neighbourhood
    # First names of residents without consent to be named in an overview.
    unnamed: set[str]
    named: set[str]
    pseudonyms: set[str]


@pytest.fixture
def demo(session: Session) -> Demo:
    seed_demo(session, now=utcnow())
    team = session.exec(select(Team).where(Team.name == DEMO_TEAM)).one()
    coordinator = session.exec(select(User).where(User.email == "samira@buurtteam-oost.nl")).one()
    worker = session.exec(select(User).where(User.email == "joost@buurtteam-oost.nl")).one()
    oosterpark = session.exec(
        select(Neighbourhood).where(
            col(Neighbourhood.team_id) == team.id, col(Neighbourhood.name) == "Oosterpark"
        )
    ).one()
    people = session.exec(select(Person).where(col(Person.team_id) == team.id)).all()
    allowed = {
        c.person_id
        for c in session.exec(select(Consent).where(col(Consent.team_id) == team.id))
        if ConsentScope.name_in_overview.value in c.scopes and c.withdrawn_at is None
    }
    named = {p.first_name for p in people if p.first_name and p.id in allowed}
    unnamed = {p.first_name for p in people if p.first_name and p.id not in allowed}
    return Demo(
        team,
        coordinator,
        worker,
        oosterpark,
        unnamed - named,
        named,
        {p.pseudonym for p in people},
    )
