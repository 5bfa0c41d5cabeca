"""Giving or withdrawing consent on a bewoner's profile: a synced change of the person like a
phone's, so it has a revision and every phone pulls it. What the change sets off (the audit
event, a withdrawn roepnaam scrubbed) is app.people.lifecycle's, the same for both paths."""

from __future__ import annotations

from collections.abc import Collection

from sqlmodel import Session

from app.auth.service import Principal
from app.errors import AppError
from app.i18n import gettext as _
from app.people.models import ConsentHow, ConsentScope, Person
from app.sync.engine import change_from_page
from app.sync.entities import person_fields


def set_consent(
    session: Session, principal: Principal, person: Person, *, scopes: Collection[str], how: str
) -> None:
    """The consent is exactly `scopes` from now on; without `store_name` the roepnaam goes."""
    if not set(scopes) <= {s.value for s in ConsentScope} or how not in {
        h.value for h in ConsentHow
    }:
        raise AppError(_("Deze toestemming kent de app niet."))
    fields = person_fields(session, [person])[person.id]
    chosen = [s.value for s in ConsentScope if s.value in scopes]
    fields["consent"] = {"scopes": chosen, "how": how} if chosen else None
    if ConsentScope.store_name.value not in chosen:
        fields["first_name"] = None
    change_from_page(
        session, principal, "person", person.id, base_version=person.version, fields=fields
    )
