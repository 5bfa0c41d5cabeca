"""Retention (AVG art. 5 lid 1e, opslagbeperking): a bewoner the team has had no contact with
for the team's review term is put up for review; after the delete term they are erased, with
the same erasure as on request (app.people.erasure). `python -m app retention` does it, daily.

Activity is the latest of: the person record changed, the last contact noted, and the last
conversation they took part in.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from app.attachments.files import purge_stray_files
from app.audit.service import record_event
from app.conversations.models import Conversation, ConversationPerson
from app.people.erasure import erase_person
from app.people.models import Person
from app.teams.models import Team

NOTICE = timedelta(days=28)  # the weekoverleg sees erasures this far ahead


def months_later(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class Inactive:
    person: Person
    last_activity: datetime
    review_on: datetime
    erase_on: datetime


# Month arithmetic clamps to the month's last day (31 March + 1 month = 30 April), so the
# database pre-selects with this much slack and the exact terms are checked here.
CLAMP_SLACK = timedelta(days=4)


def inactive_people(
    session: Session, team: Team, now: datetime, *, erased_by: datetime | None = None
) -> list[Inactive]:
    """Everyone past the review term (with `erased_by`: only those whose erasure falls on or
    before it), soonest erasure first. The database leaves out everyone with recent activity,
    so the cost follows the inactive, not the whole team (the weekoverleg asks on every view)."""
    cutoff = months_later(now, -team.retention_review_months) + CLAMP_SLACK
    if erased_by is not None:
        cutoff = min(cutoff, months_later(erased_by, -team.retention_delete_months) + CLAMP_SLACK)
    # The last conversation of each candidate only (an index lookup per person the filters
    # above leave), not of everyone the team ever talked to.
    last_talk = (
        select(func.max(Conversation.occurred_at))
        .join(ConversationPerson, col(ConversationPerson.conversation_id) == col(Conversation.id))
        .where(
            col(ConversationPerson.person_id) == col(Person.id),
            col(Conversation.team_id) == team.id,
            col(Conversation.deleted_at).is_(None),
        )
        .correlate(Person)
        .scalar_subquery()
    )
    rows = session.exec(
        select(Person, last_talk).where(
            col(Person.team_id) == team.id,
            col(Person.deleted_at).is_(None),
            col(Person.updated_at) <= cutoff,
            or_(col(Person.last_contact_at).is_(None), col(Person.last_contact_at) <= cutoff),
            or_(last_talk.is_(None), last_talk <= cutoff),
        )
    ).all()
    found = []
    for person, talk in rows:
        moments = [person.updated_at, person.last_contact_at, talk]
        last = max(m for m in moments if m is not None)
        review_on = months_later(last, team.retention_review_months)
        erase_on = months_later(last, team.retention_delete_months)
        if review_on <= now and (erased_by is None or erase_on <= erased_by):
            found.append(Inactive(person, last, review_on, erase_on))
    return sorted(found, key=lambda i: i.erase_on)


def upcoming(session: Session, team: Team, now: datetime) -> list[Inactive]:
    """What the daily run will erase within NOTICE (or is already due)."""
    return inactive_people(session, team, now, erased_by=now + NOTICE)


@dataclass(frozen=True)
class RetentionRun:
    team: str
    erased: int
    to_review: int
    stray_files: int = 0


def deleted_people(session: Session, team: Team) -> list[Person]:
    """Bewoners an earlier version let a phone mark deleted (their data stayed stored): erased
    by the next run, as a deletion is now (app.people.lifecycle)."""
    return list(
        session.exec(
            select(Person).where(
                col(Person.team_id) == team.id, col(Person.deleted_at).is_not(None)
            )
        )
    )


def run_retention(session: Session, now: datetime, *, dry_run: bool = False) -> list[RetentionRun]:
    """Erase everyone past the delete term, team by team; each team's run is audit-logged."""
    runs = []
    for team in session.exec(select(Team).order_by(col(Team.name))).all():
        inactive = inactive_people(session, team, now)
        expired = [i.person for i in inactive if i.erase_on <= now]
        due = expired + deleted_people(session, team)
        if not dry_run:
            for person in due:
                erase_person(session, person, actor_id=None)
            if due:
                record_event(
                    session,
                    action="retention.erase",
                    team_id=team.id,
                    actor_id=None,
                    entity="person",
                    details={
                        "erased": len(due),
                        "delete_months": team.retention_delete_months,
                    },
                )
        stray = 0 if dry_run else purge_stray_files(session, team.id, now)
        runs.append(RetentionRun(team.name, len(due), len(inactive) - len(expired), stray))
    return runs
