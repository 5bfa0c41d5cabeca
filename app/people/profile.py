"""What the team knows about one bewoner, as a timeline, and the list to find them by."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from app.attachments.views import AttachmentView, of_person
from app.auth.models import User
from app.auth.service import Principal
from app.conversations.models import (
    Conversation,
    ConversationPerson,
    Discovery,
    DiscoveryKind,
    DiscoveryPerson,
    FollowUp,
    RefType,
)
from app.conversations.visibility import visible_discovery
from app.people.models import Consent, Person
from app.people.sharing import sight
from app.search.query import matching_people
from app.search.text import query_terms

LIST_LIMIT = 50


@dataclass
class TimelineEntry:
    when: datetime | date
    kind: str  # "conversation" | "discovery" | "follow_up"
    record: Any
    role: str = ""  # for a discovery: subject / trekker / supporter / connection


@dataclass
class Profile:
    person: Person
    consent: Consent | None
    consent_by: str
    timeline: list[TimelineEntry]
    counts: dict[str, int]
    attachments: list[AttachmentView]


def find_people(session: Session, principal: Principal, query: str) -> list[Person]:
    """The team's bewoners, most recently met first; a query matches pseudonym, roepnaam,
    herkenning or straat (the same Dutch search as the Tocht, so accents do not matter)."""
    statement = select(Person).where(
        col(Person.team_id) == principal.team.id, col(Person.deleted_at).is_(None)
    )
    dialect = session.connection().dialect.name
    found = matching_people(dialect, principal.team.id, query)
    if found is not None:
        # Best matches first (the same word before another form of it before a longer word).
        statement = statement.join(found, found.c.found_id == col(Person.id)).order_by(found.c.rank)
    statement = statement.order_by(
        col(Person.last_contact_at).desc().nulls_last(), col(Person.pseudonym)
    )
    people = list(session.exec(statement.limit(LIST_LIMIT)))
    if found is None:
        return people
    names = sight(session, principal.team.id, principal.user.id)
    terms = query_terms(query)
    if not names.may_find_names(terms):
        return people
    # Found as they may read her: never through a roepnaam not shared with them (or one in
    # another bewoner's herkenning), which would say who she is.
    return [
        p
        for p in people
        if names.found_without_names(
            terms, " ".join([p.pseudonym, names.first_name(p) or "", p.recognition, p.street])
        )
    ]


def person_profile(session: Session, principal: Principal, person: Person) -> Profile:
    consent = session.exec(
        select(Consent)
        .where(col(Consent.person_id) == person.id, col(Consent.withdrawn_at).is_(None))
        .order_by(col(Consent.recorded_at).desc())
        .limit(1)
    ).first()
    consent_by = ""
    if consent and consent.recorded_by_id:
        user = session.get(User, consent.recorded_by_id)
        consent_by = user.name if user else ""
    timeline: list[TimelineEntry] = []
    conversations = session.exec(
        select(Conversation)
        .join(ConversationPerson, col(ConversationPerson.conversation_id) == col(Conversation.id))
        .where(
            col(ConversationPerson.person_id) == person.id,
            col(Conversation.deleted_at).is_(None),
        )
    ).all()
    timeline += [TimelineEntry(c.occurred_at, "conversation", c) for c in conversations]
    linked = session.exec(
        select(Discovery, DiscoveryPerson.role)
        .join(DiscoveryPerson, col(DiscoveryPerson.discovery_id) == col(Discovery.id))
        .where(
            col(DiscoveryPerson.person_id) == person.id,
            col(Discovery.deleted_at).is_(None),
            visible_discovery(principal),
        )
    ).all()
    seen: set[uuid.UUID] = set()
    for discovery, role in linked:
        seen.add(discovery.id)
        timeline.append(TimelineEntry(discovery.created_at, "discovery", discovery, role))
    connections = session.exec(
        select(Discovery).where(
            col(Discovery.team_id) == principal.team.id,
            col(Discovery.kind) == DiscoveryKind.connection.value,
            col(Discovery.deleted_at).is_(None),
            visible_discovery(principal),
            or_(
                (col(Discovery.from_ref_type) == RefType.person.value)
                & (col(Discovery.from_ref_id) == person.id),
                (col(Discovery.to_ref_type) == RefType.person.value)
                & (col(Discovery.to_ref_id) == person.id),
            ),
        )
    ).all()
    timeline += [
        TimelineEntry(c.created_at, "discovery", c, "connection")
        for c in connections
        if c.id not in seen
    ]
    follow_ups = session.exec(
        select(FollowUp).where(
            col(FollowUp.person_id) == person.id, col(FollowUp.deleted_at).is_(None)
        )
    ).all()
    timeline += [TimelineEntry(f.due_on or f.created_at, "follow_up", f) for f in follow_ups]
    timeline.sort(key=lambda e: _sort_key(e.when), reverse=True)
    counts = {
        "conversations": len(conversations),
        "qualities": sum(
            1
            for e in timeline
            if e.kind == "discovery" and e.record.kind == DiscoveryKind.quality.value
        ),
        "ideas": sum(
            1
            for e in timeline
            if e.kind == "discovery" and e.record.kind == DiscoveryKind.idea.value
        ),
        "connections": sum(1 for e in timeline if e.role == "connection"),
    }
    return Profile(
        person, consent, consent_by, timeline, counts, of_person(session, principal, person.id)
    )


def _sort_key(when: datetime | date) -> str:
    return when.isoformat() if isinstance(when, datetime) else f"{when.isoformat()}T23:59"
