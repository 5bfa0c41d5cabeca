"""Typed factories that build through the real services, so tests exercise the same rules."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from app.auth.models import User
from app.auth.service import create_user
from app.conversations.models import Conversation, Discovery, DiscoveryKind, FollowUp
from app.conversations.schemas import ConversationCreate, DiscoveryCreate, FollowUpCreate
from app.conversations.service import create_conversation, create_discovery, create_follow_up
from app.people.models import Person
from app.people.schemas import PersonCreate
from app.people.service import create_person
from app.teams.models import Neighbourhood, Role, Team
from app.teams.service import create_neighbourhood, create_team

PASSWORD = "zonnebloem-op-het-plein"


def make_team(session: Session, name: str | None = None) -> Team:
    return create_team(session, name=name or f"Team {uuid.uuid4().hex[:6]}")


def make_neighbourhood(session: Session, team: Team, name: str = "Oosterpark") -> Neighbourhood:
    return create_neighbourhood(session, team, name=name)


def make_user(
    session: Session,
    team: Team,
    *,
    role: Role = Role.worker,
    email: str | None = None,
    name: str = "Fatima de Boer",
    password: str = PASSWORD,
) -> User:
    email = email or f"{uuid.uuid4().hex[:8]}@buurtteam.example.nl"
    return create_user(session, team, email=email, name=name, password=password, role=role)


def make_person(session: Session, team: Team, actor: User | None = None) -> Person:
    return create_person(
        session,
        team,
        actor.id if actor else None,
        data=PersonCreate(recognition="woont bij het speelveld", street="Wijttenbachstraat"),
    )


def make_conversation(
    session: Session,
    team: Team,
    author: User,
    neighbourhood: Neighbourhood,
    *,
    summary: str = "Praatje bij de bakker over de moestuin.",
    people: list[Person] | None = None,
    occurred_at: datetime | None = None,
    prompt_ids: list[uuid.UUID] | None = None,
) -> Conversation:
    return create_conversation(
        session,
        team,
        author.id,
        data=ConversationCreate(
            neighbourhood_id=neighbourhood.id,
            occurred_at=occurred_at or datetime.now(UTC),
            summary=summary,
            person_ids=[p.id for p in people or []],
            prompt_ids=prompt_ids or [],
        ),
    )


def make_discovery(
    session: Session,
    team: Team,
    author: User,
    conversation: Conversation,
    *,
    kind: DiscoveryKind = DiscoveryKind.quality,
    description: str = "Kan prachtig taarten bakken en wil het anderen leren.",
    **fields: Any,
) -> Discovery:
    return create_discovery(
        session,
        team,
        author.id,
        data=DiscoveryCreate(
            conversation_id=conversation.id, kind=kind, description=description, **fields
        ),
    )


def make_follow_up(
    session: Session, team: Team, owner: User, conversation: Conversation | None = None
) -> FollowUp:
    return create_follow_up(
        session,
        team,
        owner.id,
        data=FollowUpCreate(
            what="Terugbellen over de buurtmaaltijd",
            conversation_id=conversation.id if conversation else None,
        ),
    )


def login(client: TestClient, user: User, password: str = PASSWORD) -> dict[str, object]:
    response = client.post("/api/session", json={"email": user.email, "password": password})
    assert response.status_code == 200, response.text
    body: dict[str, object] = response.json()
    return body


def form_token(client: TestClient, path: str = "/login") -> str:
    """The CSRF token a page hands to its forms (what a browser would submit)."""
    html = client.get(path).text
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]
