"""Giving or withdrawing consent: a synced change of the person like a phone's, so it has a
revision and every phone pulls it. On the bewoner's profile a team member records it; on her
own page the bewoner gives or withdraws it herself (app.residents.consent). What the change
sets off (the audit event, a withdrawn roepnaam scrubbed, photos gone) is
app.people.lifecycle's, the same for every path."""

from __future__ import annotations

from collections.abc import Collection
from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from app.auth.service import Principal
from app.changes.models import Revision
from app.db import utcnow
from app.errors import AppError
from app.i18n import gettext as _
from app.people.models import ConsentHow, ConsentScope, Person
from app.people.service import current_consent
from app.sync.engine import change_by_resident, change_from_page
from app.sync.entities import Fields, person_fields
from app.teams.models import Team


def consent_fields(
    session: Session, person: Person, *, scopes: Collection[str], how: str
) -> Fields:
    """The person's wire fields with the consent exactly `scopes` from now on; without
    `store_name` the roepnaam goes."""
    if not set(scopes) <= {s.value for s in ConsentScope} or how not in {
        h.value for h in ConsentHow
    }:
        raise AppError(_("Deze toestemming kent de app niet."))
    fields = person_fields(session, [person])[person.id]
    chosen = [s.value for s in ConsentScope if s.value in scopes]
    fields["consent"] = {"scopes": chosen, "how": how} if chosen else None
    if ConsentScope.store_name.value not in chosen:
        fields["first_name"] = None
    return fields


def set_consent(
    session: Session, principal: Principal, person: Person, *, scopes: Collection[str], how: str
) -> None:
    """Recorded by a team member on the bewoner's profile."""
    fields = consent_fields(session, person, scopes=scopes, how=how)
    change_from_page(
        session, principal, "person", person.id, base_version=person.version, fields=fields
    )


def set_own_consent(
    session: Session, team: Team, person: Person, *, scopes: Collection[str]
) -> None:
    """Given or withdrawn by the bewoner herself on her own page: at once, no team member
    in between (DESIGN.md §5). What she gives there she gave in writing; what she only
    withdraws leaves how the rest was given."""
    _not_too_often(session, person)
    current = current_consent(session, person.id)
    how = (
        current.how
        if current is not None and set(scopes) <= set(current.scopes)
        else ConsentHow.written.value
    )
    fields = consent_fields(session, person, scopes=scopes, how=how)
    change_by_resident(session, team, "person", person, fields)


# Her own consent changes in a day, at most: plenty for changing her mind, not for a script
# on a link someone else got hold of.
OWN_CHANGES_PER_DAY = 20


def _not_too_often(session: Session, person: Person) -> None:
    since = utcnow() - timedelta(days=1)
    count = session.exec(
        select(func.count())
        .select_from(Revision)
        .where(
            col(Revision.entity) == "person",
            col(Revision.record_id) == person.id,
            col(Revision.by_resident).is_(True),
            col(Revision.changed_at) >= since,
        )
    ).one()
    if count >= OWN_CHANGES_PER_DAY:
        raise AppError(
            _(
                "Je hebt je toestemming vandaag al vaak aangepast. Probeer het morgen weer, "
                "of vraag het je contact in het team."
            )
        )
