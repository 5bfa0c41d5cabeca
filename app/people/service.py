"""Bewoners: pseudonyms, consent, and the rule that a name needs consent."""

from __future__ import annotations

import re
import secrets
import uuid
from typing import Any

from sqlmodel import Session, col, select

from app.changes.models import RevisionAction
from app.changes.service import record_change
from app.db import utcnow
from app.errors import AppError
from app.i18n import gettext as _
from app.people.models import Consent, ConsentScope, Person
from app.people.schemas import ConsentIn, PersonCreate
from app.teams.models import Neighbourhood, Team
from app.teams.refs import TeamRefs

# No 0/O or 1/I: pseudonyms are read aloud and typed on phones.
PSEUDONYM_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
HOUSE_NUMBER = re.compile(r"\d")


def make_pseudonym() -> str:
    return "B-" + "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(4))


def current_consent(session: Session, person_id: uuid.UUID) -> Consent | None:
    return session.exec(
        select(Consent)
        .where(Consent.person_id == person_id, col(Consent.withdrawn_at).is_(None))
        .order_by(col(Consent.recorded_at).desc())
    ).first()


def _pseudonym_taken(session: Session, team_id: uuid.UUID, pseudonym: str) -> bool:
    return (
        session.exec(
            select(Person.id).where(Person.team_id == team_id, Person.pseudonym == pseudonym)
        ).first()
        is not None
    )


def _unique_pseudonym(session: Session, team_id: uuid.UUID) -> str:
    while True:
        candidate = make_pseudonym()
        if not _pseudonym_taken(session, team_id, candidate):
            return candidate


def check_person(refs: TeamRefs, data: PersonCreate) -> str | None:
    """The rules for a bewoner; returns the first name that may be kept (or None)."""
    first_name = (data.first_name or "").strip() or None
    scopes = set(data.consent.scopes) if data.consent else set()
    if first_name and ConsentScope.store_name not in scopes:
        raise AppError(_("Een roepnaam bewaren mag alleen met toestemming van de bewoner."))
    if HOUSE_NUMBER.search(data.street):
        raise AppError(_("Noteer alleen de straat, zonder huisnummer."))
    if data.neighbourhood_id is not None and refs.get(Neighbourhood, data.neighbourhood_id) is None:
        raise AppError(_("Deze buurt hoort niet bij je team."))
    return first_name


def person_values(data: PersonCreate, *, first_name: str | None, pseudonym: str) -> dict[str, Any]:
    return {
        "neighbourhood_id": data.neighbourhood_id,
        "pseudonym": pseudonym,
        "first_name": first_name,
        "recognition": data.recognition.strip(),
        "street": data.street.strip(),
        "is_connector": data.is_connector,
    }


def consent_values(
    person: Person, actor_id: uuid.UUID | None, consent: ConsentIn
) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "team_id": person.team_id,
        "person_id": person.id,
        "scopes": sorted({scope.value for scope in consent.scopes}),
        "how": consent.how.value,
        "recorded_at": consent.recorded_at or utcnow(),
        "recorded_by_id": actor_id,
        "withdrawn_at": None,
    }


def _same_consent(current: Consent | None, wanted: ConsentIn | None) -> bool:
    current_scopes = set(current.scopes) if current else set()
    wanted_scopes = {s.value for s in wanted.scopes} if wanted else set()
    if current_scopes != wanted_scopes:
        return False
    return current is None or wanted is None or current.how == wanted.how.value


def assign_person(
    session: Session,
    team: Team,
    person: Person,
    *,
    data: PersonCreate,
    actor_id: uuid.UUID | None = None,
) -> None:
    """Give an existing bewoner the state `data` describes. A changed consent is a new
    consent record (the previous one is withdrawn, never erased)."""
    first_name = check_person(TeamRefs(session, team), data)
    pseudonym = (data.pseudonym or "").strip() or person.pseudonym
    if pseudonym != person.pseudonym and _pseudonym_taken(session, team.id, pseudonym):
        raise AppError(_("Het pseudoniem {p} is al in gebruik.").format(p=pseudonym))
    for name, value in person_values(data, first_name=first_name, pseudonym=pseudonym).items():
        setattr(person, name, value)
    session.add(person)
    session.flush()
    current = current_consent(session, person.id)
    if not _same_consent(current, data.consent):
        if current is not None:
            current.withdrawn_at = utcnow()
            session.add(current)
        if data.consent is not None and data.consent.scopes:
            record_consent(session, person, actor_id, consent=data.consent)
        session.flush()


def create_person(
    session: Session,
    team: Team,
    actor_id: uuid.UUID | None,
    *,
    data: PersonCreate,
    person_id: uuid.UUID | None = None,
    op_id: uuid.UUID | None = None,
) -> Person:
    first_name = check_person(TeamRefs(session, team), data)
    pseudonym = (data.pseudonym or "").strip()
    if pseudonym and _pseudonym_taken(session, team.id, pseudonym):
        raise AppError(_("Het pseudoniem {p} is al in gebruik.").format(p=pseudonym))
    person = Person(
        id=person_id or uuid.uuid4(),
        team_id=team.id,
        **person_values(
            data,
            first_name=first_name,
            pseudonym=pseudonym or _unique_pseudonym(session, team.id),
        ),
    )
    record_change(
        session,
        person,
        entity="person",
        actor_id=actor_id,
        action=RevisionAction.create,
        changes={},
        op_id=op_id,
    )
    if data.consent is not None and data.consent.scopes:
        record_consent(session, person, actor_id, consent=data.consent)
    return person


def record_consent(
    session: Session, person: Person, actor_id: uuid.UUID | None, *, consent: ConsentIn
) -> Consent:
    record = Consent(**consent_values(person, actor_id, consent))
    session.add(record)
    session.flush()
    return record
