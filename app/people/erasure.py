"""Erasing a bewoner (AVG art. 17): gone from the server at once, and from every phone on its
next pull.

What goes:
- the person record, their consents and their entry in the search index;
- what was only about them: their qualities (discoveries with them as subject) and every
  connection that has them at one end — erased records, with tombstones for the phones;
- every link to them from other records (conversations they took part in, ideas they carry or
  help with, follow-ups about them): the link is removed and the record gets a new version, so
  phones pull it without them;
- their first name in the free text of those linked records ("[gewist]");
- history: every revision of an erased record, and their name and id inside the revisions of
  the records that stay.

What stays is one audit event saying an erasure happened, with counts and nothing else.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, Delete, delete
from sqlmodel import Session, col, select

from app.audit.service import record_event
from app.changes.models import Revision, RevisionAction, SyncedRecord, Tombstone
from app.changes.service import next_change_seq, record_change
from app.conversations.models import (
    Conversation,
    ConversationPerson,
    Discovery,
    DiscoveryKind,
    DiscoveryPerson,
    FollowUp,
    PersonRole,
    RefType,
)
from app.db import utcnow
from app.people.models import Consent, Person
from app.search.index import SearchDoc, index_docs

ERASED = "[gewist]"
TEXT_FIELDS: dict[type[SyncedRecord], tuple[str, ...]] = {
    Conversation: ("summary", "place", "referrals"),
    Discovery: (
        "title",
        "description",
        "group_would_like",
        "group_if_asked",
        "idea_self",
        "idea_little_help",
        "idea_outside",
        "review_note",
    ),
    FollowUp: ("what",),
}
ENTITY = {Conversation: "conversation", Discovery: "discovery", FollowUp: "follow_up"}


@dataclass
class ErasureCounts:
    erased_records: int = 0  # the person and what was only about them
    unlinked_records: int = 0  # records that stay, without them
    consents: int = 0
    revisions_deleted: int = 0
    revisions_scrubbed: int = 0


def _name_pattern(first_name: str | None) -> re.Pattern[str] | None:
    name = (first_name or "").strip()
    if not name:
        return None
    return re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)


def erase_person(session: Session, person: Person, *, actor_id: uuid.UUID | None) -> ErasureCounts:
    """Erase `person` in the caller's transaction; the caller commits."""
    team_id, person_id = person.team_id, person.id
    counts = ErasureCounts()
    name = _name_pattern(person.first_name)

    # What was only about them: their qualities, and connections with them at an end.
    about = set(
        session.exec(
            select(DiscoveryPerson.discovery_id)
            .join(Discovery, col(Discovery.id) == col(DiscoveryPerson.discovery_id))
            .where(
                col(DiscoveryPerson.person_id) == person_id,
                col(DiscoveryPerson.role) == PersonRole.subject.value,
                col(Discovery.kind) == DiscoveryKind.quality.value,
            )
        )
    )
    about |= set(
        session.exec(
            select(Discovery.id).where(
                col(Discovery.team_id) == team_id,
                col(Discovery.kind) == DiscoveryKind.connection.value,
                (
                    (col(Discovery.from_ref_type) == RefType.person.value)
                    & (col(Discovery.from_ref_id) == person_id)
                )
                | (
                    (col(Discovery.to_ref_type) == RefType.person.value)
                    & (col(Discovery.to_ref_id) == person_id)
                ),
            )
        )
    )

    # Records that stay, without them.
    talks = set(
        session.exec(
            select(ConversationPerson.conversation_id).where(
                col(ConversationPerson.person_id) == person_id
            )
        )
    )
    linked = (
        set(
            session.exec(
                select(DiscoveryPerson.discovery_id).where(
                    col(DiscoveryPerson.person_id) == person_id
                )
            )
        )
        - about
    )
    follow_ups = list(
        session.exec(
            select(FollowUp).where(
                col(FollowUp.team_id) == team_id,
                (col(FollowUp.person_id) == person_id)
                | col(FollowUp.discovery_id).in_(about or {uuid.uuid4()}),
            )
        )
    )
    session.execute(
        delete(ConversationPerson).where(col(ConversationPerson.person_id) == person_id)
    )
    session.execute(delete(DiscoveryPerson).where(col(DiscoveryPerson.person_id) == person_id))
    kept: list[SyncedRecord] = [
        *session.exec(
            select(Conversation).where(col(Conversation.id).in_(talks or {uuid.uuid4()}))
        ),
        *session.exec(select(Discovery).where(col(Discovery.id).in_(linked or {uuid.uuid4()}))),
    ]
    for follow_up in follow_ups:
        if follow_up.person_id == person_id:
            follow_up.person_id = None
        if follow_up.discovery_id in about:
            follow_up.discovery_id = None
        kept.append(follow_up)
    for record in kept:
        changes: dict[str, tuple[Any, Any]] = {"erasure": (None, "bewoner gewist")}
        if name is not None:
            for field in TEXT_FIELDS[type(record)]:
                value = getattr(record, field) or ""
                if name.search(value):
                    setattr(record, field, name.sub(ERASED, value))
        record_change(
            session,
            record,
            entity=ENTITY[type(record)],
            actor_id=actor_id,
            action=RevisionAction.update,
            changes=changes,
        )
        counts.unlinked_records += 1

    # History: nothing of theirs in what stays; nothing at all of what goes.
    gone = [("person", person_id), *(("discovery", d) for d in about)]
    for entity, record_id in gone:
        counts.revisions_deleted += _deleted(
            session,
            delete(Revision).where(
                col(Revision.team_id) == team_id,
                col(Revision.entity) == entity,
                col(Revision.record_id) == record_id,
            ),
        )
    counts.revisions_scrubbed = _scrub_revisions(session, team_id, kept, person_id, name)

    # The records themselves, with a tombstone each so phones drop them.
    index_docs(
        session,
        [SearchDoc(team_id, entity, record_id, None, None, "") for entity, record_id in gone],
    )
    counts.consents = _deleted(session, delete(Consent).where(col(Consent.person_id) == person_id))
    for discovery_id in about:
        session.execute(delete(Discovery).where(col(Discovery.id) == discovery_id))
    session.execute(delete(Person).where(col(Person.id) == person_id))
    now = utcnow()
    for entity, record_id in gone:
        _tombstone(session, team_id, entity, record_id, now)
    counts.erased_records = len(gone)
    session.expunge(person)
    record_event(
        session,
        action="person.erase",
        team_id=team_id,
        actor_id=actor_id,
        entity="person",
        details=asdict(counts),
    )
    return counts


def _deleted(session: Session, statement: Delete) -> int:
    result = cast("CursorResult[Any]", session.execute(statement))
    return result.rowcount


def _tombstone(
    session: Session, team_id: uuid.UUID, entity: str, record_id: uuid.UUID, now: Any
) -> None:
    seq = next_change_seq(session, team_id)
    existing = session.get(Tombstone, (entity, record_id))
    if existing is None:
        session.add(
            Tombstone(
                entity=entity, record_id=record_id, team_id=team_id, change_seq=seq, deleted_at=now
            )
        )
    else:
        existing.change_seq, existing.deleted_at = seq, now
        session.add(existing)
    session.flush()


def _scrub_revisions(
    session: Session,
    team_id: uuid.UUID,
    kept: Iterable[SyncedRecord],
    person_id: uuid.UUID,
    name: re.Pattern[str] | None,
) -> int:
    """Their id and first name out of the history of the records that stay."""
    scrubbed = 0
    by_entity: dict[str, list[uuid.UUID]] = {}
    for record in kept:
        by_entity.setdefault(ENTITY[type(record)], []).append(record.id)
    person_ref = str(person_id)
    for entity, ids in by_entity.items():
        for revision in session.exec(
            select(Revision).where(
                col(Revision.team_id) == team_id,
                col(Revision.entity) == entity,
                col(Revision.record_id).in_(ids),
            )
        ):
            before = json.dumps(revision.changes, ensure_ascii=False)
            after = before.replace(person_ref, ERASED)
            if name is not None:
                after = name.sub(ERASED, after)
            if after != before:
                revision.changes = json.loads(after)
                session.add(revision)
                scrubbed += 1
    session.flush()
    return scrubbed
