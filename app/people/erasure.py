"""Erasing a bewoner (AVG art. 17): gone from the server at once, and from every phone on its
next pull.

What goes:
- the person record, their consents and their entry in the search index;
- what was only about them: their qualities (discoveries with them as subject) and every
  connection that has them at one end — erased records, with tombstones for the phones;
- every link to them from other records (conversations they took part in, ideas they carry or
  help with, follow-ups about them): the link is removed and the record gets a new version, so
  phones pull it without them;
- photos they are on, voice notes of conversations they took part in (a recording cannot be
  redacted) and what was attached to what was only about them: records, history and files;
- their first name in the free text of those linked records, and of any other record of the
  team naming them (unless a namesake of theirs lives in the team): "[gewist]" — a name they
  withdrew earlier too, which is known only by its hash by then;
- history: every revision of an erased record, and their name and id inside the revisions of
  the records that stay.

What stays is one audit event saying an erasure happened, with counts and nothing else, and
the hash of their name (app.people.names), so it stays hidden wherever it is still written.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from typing import Any, cast

from sqlalchemy import CursorResult, Delete, delete
from sqlmodel import Session, col, select

from app.attachments.privacy import attachments_about, erase_attachments
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
from app.people.names import NameMatcher, forget, forgotten_keys
from app.people.scrub import (
    ENTITY,
    ERASED,
    records_naming,
    scrub_history,
    scrub_proposals,
    scrub_record,
    scrub_records,
)
from app.search.index import SearchDoc, index_docs


@dataclass
class ErasureCounts:
    erased_records: int = 0  # the person and what was only about them
    unlinked_records: int = 0  # records that stay, without them
    consents: int = 0
    revisions_deleted: int = 0
    revisions_scrubbed: int = 0


def erase_person(session: Session, person: Person, *, actor_id: uuid.UUID | None) -> ErasureCounts:
    """Erase `person` in the caller's transaction; the caller commits."""
    team_id, person_id = person.team_id, person.id
    counts = ErasureCounts()
    # Their name as stored, and every name of the team already withdrawn (theirs among them,
    # if they withdrew it first: then it is no longer on their record).
    name = NameMatcher(team_id, [person.first_name or ""], keys=forgotten_keys(session, team_id))
    forget(session, team_id, person.first_name)

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
        scrub_record(record, name, ERASED)
        record_change(
            session,
            record,
            entity=ENTITY[type(record)],
            actor_id=actor_id,
            action=RevisionAction.update,
            changes=changes,
        )
        counts.unlinked_records += 1
    # Anything else of the team naming them (unless a namesake of theirs lives in the team).
    seen = {r.id for r in kept} | about
    naming = [
        r for r in records_naming(session, person, person.first_name or "") if r.id not in seen
    ]
    scrub_records(session, naming, name, ERASED, actor_id=actor_id, note="bewoner gewist")
    kept += naming
    scrub_proposals(session, team_id, name, ERASED)

    # Photos they are on, recordings of their talks, what hangs on what was only about them.
    files = erase_attachments(session, attachments_about(session, person_id, talks, about))

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
    counts.revisions_scrubbed = scrub_history(
        session,
        team_id,
        [(ENTITY[type(r)], r.id) for r in kept],
        name,
        ERASED,
        replace_id=person_id,
    )

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
    for entity, record_id in [*gone, *(("attachment", a) for a in files)]:
        tombstone(session, team_id, entity, record_id, now)
    counts.erased_records = len(gone) + len(files)
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


def tombstone(
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
