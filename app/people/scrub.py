"""Taking a resident's first name out of what the team wrote, when the right to store it ends:
a withdrawn roepnaam ("[naam ingetrokken]") or an erasure ("[gewist]"). The free text of the
records linked to them gets a new version (so phones pull it without the name), and their
history loses the name too. Names are found by app.people.names, so this works as well for a
name that is no longer stored anywhere but as a hash.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Text, cast, func, or_
from sqlmodel import Session, col, select

from app.attachments.models import Attachment
from app.changes.models import Revision, RevisionAction, SyncedRecord
from app.changes.service import record_change
from app.conversations.models import (
    Conversation,
    ConversationPerson,
    Discovery,
    DiscoveryPerson,
    FollowUp,
    RefType,
)
from app.people.models import Person
from app.people.names import NameMatcher, as_a_bewoner, forget, forgotten_keys, name_words
from app.residents.models import ResidentProposal

ERASED = "[gewist]"
WITHDRAWN = "[naam ingetrokken]"
# What erasure and withdrawal leave in stored text where a name was.
SCRUBBED = re.compile(rf"{re.escape(ERASED)}|{re.escape(WITHDRAWN)}")


def names_as_a_bewoner(hidden: NameMatcher) -> Callable[[str], str]:
    """Free text can name a resident ("Priya brengt soep mee"). For what a page outside the
    team shows (the overview, a bewoner's own page): these names, and what erasure and
    withdrawal left where a name was, read "een bewoner"; the stored record is not touched."""

    def one(value: str) -> str:
        value = hidden.replace(value, as_a_bewoner)
        if "[" in value:
            value = SCRUBBED.sub(lambda m: as_a_bewoner(m.string, m.start()), value)
        return value

    return one


def redactor_for(session: Session, person: Person) -> Callable[[str], str]:
    """For what she reads (her own page, her inzage): every other bewoner's first name, and
    every name withdrawn or erased, as "een bewoner" (AVG art. 15(4): her copy does not give
    away others)."""
    others = session.exec(
        select(Person.first_name).where(
            col(Person.team_id) == person.team_id,
            col(Person.id) != person.id,
            col(Person.first_name).is_not(None),
        )
    ).all()
    own = (person.first_name or "").strip().casefold()
    hidden = [n for n in others if n and n.strip().casefold() != own]
    return names_as_a_bewoner(
        NameMatcher(person.team_id, hidden, keys=forgotten_keys(session, person.team_id))
    )


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
    Attachment: ("caption",),
}
# Free text inside a JSON list of a record: each item's text keys.
JSON_TEXT_FIELDS: dict[type[SyncedRecord], dict[str, tuple[str, ...]]] = {
    Discovery: {"asks": ("what", "partner")},
}
ENTITY = {
    Conversation: "conversation",
    Discovery: "discovery",
    FollowUp: "follow_up",
    Attachment: "attachment",
}


def scrub_record(record: SyncedRecord, matcher: NameMatcher, marker: str) -> bool:
    """Replace the names in the record's free text (in place); whether anything changed."""
    changed = False
    for field in TEXT_FIELDS[type(record)]:
        value = getattr(record, field) or ""
        scrubbed = matcher.replace(value, marker)
        if scrubbed != value:
            setattr(record, field, scrubbed)
            changed = True
    for field, keys in JSON_TEXT_FIELDS.get(type(record), {}).items():
        items = getattr(record, field) or []
        scrubbed_items = [
            {
                k: matcher.replace(v, marker) if k in keys and isinstance(v, str) else v
                for k, v in item.items()
            }
            for item in items
        ]
        if scrubbed_items != items:
            setattr(record, field, scrubbed_items)  # a new list, so the ORM sees the change
            changed = True
    return changed


def _texts(record: SyncedRecord) -> list[str]:
    texts = [getattr(record, f) or "" for f in TEXT_FIELDS[type(record)]]
    for field, keys in JSON_TEXT_FIELDS.get(type(record), {}).items():
        texts += [
            item[k]
            for item in getattr(record, field) or []
            for k in keys
            if isinstance(item.get(k), str)
        ]
    return texts


def scrub_history(
    session: Session,
    team_id: uuid.UUID,
    records: Iterable[tuple[str, uuid.UUID]],
    matcher: NameMatcher,
    marker: str,
    *,
    replace_id: uuid.UUID | None = None,
) -> int:
    """The names (and, for an erasure, the person's id) out of these records' revisions."""
    by_entity: dict[str, list[uuid.UUID]] = {}
    for entity, record_id in records:
        by_entity.setdefault(entity, []).append(record_id)
    scrubbed = 0
    for entity, ids in by_entity.items():
        for revision in session.exec(
            select(Revision).where(
                col(Revision.team_id) == team_id,
                col(Revision.entity) == entity,
                col(Revision.record_id).in_(ids),
            )
        ):
            before = json.dumps(revision.changes, ensure_ascii=False)
            after = matcher.replace(before, marker)
            if replace_id is not None:
                after = after.replace(str(replace_id), marker)
            if after != before:
                revision.changes = json.loads(after)
                session.add(revision)
                scrubbed += 1
    session.flush()
    return scrubbed


def linked_records(session: Session, person: Person) -> list[SyncedRecord]:
    """Everything that names this person: conversations they took part in, discoveries about
    them (in any role, or as an end of a connection), follow-ups about them."""
    talks = select(ConversationPerson.conversation_id).where(
        col(ConversationPerson.person_id) == person.id
    )
    roles = select(DiscoveryPerson.discovery_id).where(col(DiscoveryPerson.person_id) == person.id)
    is_end = [
        (col(Discovery.from_ref_type) == RefType.person.value)
        & (col(Discovery.from_ref_id) == person.id),
        (col(Discovery.to_ref_type) == RefType.person.value)
        & (col(Discovery.to_ref_id) == person.id),
    ]
    return [
        *session.exec(select(Conversation).where(col(Conversation.id).in_(talks))),
        *session.exec(
            select(Discovery).where(
                col(Discovery.team_id) == person.team_id,
                or_(col(Discovery.id).in_(roles), *is_end),
            )
        ),
        *session.exec(
            select(FollowUp).where(
                col(FollowUp.team_id) == person.team_id, col(FollowUp.person_id) == person.id
            )
        ),
    ]


def _like(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def records_naming(session: Session, person: Person, name: str) -> list[SyncedRecord]:
    """The team's records whose free text names `name` — unless another bewoner of the team
    has that name too: then the words may be about them, and only what is linked to this
    person is theirs to scrub."""
    words = name_words(name)
    if not words:
        return []
    for other in session.exec(
        select(Person.first_name).where(
            col(Person.team_id) == person.team_id,
            col(Person.id) != person.id,
            col(Person.deleted_at).is_(None),
            col(Person.first_name).is_not(None),
        )
    ):
        if name_words(other or "") == words:
            return []
    # The database narrows it down (as written, folded, or the longest plain-letter part, so
    # "HENRIËKE" is found for "Henrieke" on SQLite too); the matcher decides.
    plain = max(re.findall(r"[a-z]+", name.lower()), key=len, default="")
    patterns = {_like(p) for p in (name.lower(), " ".join(words), plain) if len(p) >= 3}
    matcher = NameMatcher(person.team_id, [name])
    found: list[SyncedRecord] = []
    for model, fields in TEXT_FIELDS.items():
        text_of = [col(getattr(model, f)) for f in fields] + [
            cast(col(getattr(model, f)), Text) for f in JSON_TEXT_FIELDS.get(model, {})
        ]
        candidates = session.exec(
            select(model).where(
                col(model.team_id) == person.team_id,
                col(model.deleted_at).is_(None),
                or_(*(func.lower(t).like(p, escape="\\") for t in text_of for p in patterns)),
            )
        )
        found += [r for r in candidates if any(matcher.contains(text) for text in _texts(r))]
    return found


def scrub_records(
    session: Session,
    records: Iterable[SyncedRecord],
    matcher: NameMatcher,
    marker: str,
    *,
    actor_id: uuid.UUID | None,
    note: str,
) -> int:
    """Scrub each record that names someone, as a change of its own (a new version with `note`
    as its revision, so phones pull the text without the name); returns how many changed."""
    changed = 0
    for record in records:
        if scrub_record(record, matcher, marker):
            record_change(
                session,
                record,
                entity=ENTITY[type(record)],
                actor_id=actor_id,
                action=RevisionAction.update,
                changes={"scrubbed": (None, note)},
            )
            changed += 1
    return changed


def withdraw_name(
    session: Session, person: Person, name: str, *, actor_id: uuid.UUID | None
) -> None:
    """The bewoner no longer wants their roepnaam stored: it is already off their record;
    here it leaves the text and history of everything linked to them (and of anything else
    of the team naming them), and only its hash stays, so overviews keep hiding it wherever
    it is still written (a phone that was offline)."""
    forget(session, person.team_id, name)
    matcher = NameMatcher(person.team_id, [name])
    records = {
        r.id: r for r in [*linked_records(session, person), *records_naming(session, person, name)]
    }
    scrub_records(
        session,
        (r for r in records.values() if not r.is_deleted),
        matcher,
        WITHDRAWN,
        actor_id=actor_id,
        note="roepnaam ingetrokken",
    )
    for record in records.values():
        if record.is_deleted:  # no new version for what is gone; its text goes all the same
            scrub_record(record, matcher, WITHDRAWN)
            session.add(record)
    scrub_history(
        session,
        person.team_id,
        [("person", person.id), *((ENTITY[type(r)], r.id) for r in records.values())],
        matcher,
        WITHDRAWN,
    )
    scrub_proposals(session, person.team_id, matcher, WITHDRAWN)


def scrub_proposals(session: Session, team_id: uuid.UUID, matcher: NameMatcher, marker: str) -> int:
    """What bewoners proposed on their own page (app.residents) is free text of the team's too:
    a name that goes leaves it as well, decided or not. Returns how many changed."""
    changed = 0
    for proposal in session.exec(
        select(ResidentProposal).where(col(ResidentProposal.team_id) == team_id)
    ):
        fields = {
            name: _scrub_value(value, matcher, marker) for name, value in proposal.fields.items()
        }
        remark = matcher.replace(proposal.remark, marker)
        if fields != proposal.fields or remark != proposal.remark:
            proposal.fields, proposal.remark = fields, remark
            session.add(proposal)
            changed += 1
    return changed


def _scrub_value(value: Any, matcher: NameMatcher, marker: str) -> Any:
    if isinstance(value, str):
        return matcher.replace(value, marker)
    if isinstance(value, dict):
        return {k: _scrub_value(v, matcher, marker) for k, v in value.items()}
    return value
