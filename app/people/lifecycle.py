"""What a change to a bewoner sets off, whoever makes it (a phone's push or a page): the same
rules on every path (app.sync.engine.apply_change calls these).

- A consent change is audited.
- Consent for photos withdrawn: the photos they are on go, files included (app.attachments).
- A roepnaam that goes (consent to store it withdrawn) leaves the free text and history of
  everything linked to them (app.people.scrub).
- A roepnaam now shared in the team, or no longer (app.people.sharing): what names her goes to
  the phones again.
- Deleting a bewoner is erasing them (AVG art. 17): only a coordinator may, and it is the
  same erasure as on their profile — never a soft delete that would leave their data stored
  but unreachable for inzage, erasure and retention.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlmodel import Session

from app.attachments.privacy import erase_attachments, photos_of
from app.audit.service import record_event
from app.auth.service import Principal
from app.changes.service import Actor, send_again
from app.db import utcnow
from app.errors import AppError, PermissionDeniedError
from app.i18n import gettext as _
from app.people.erasure import erase_person, tombstone
from app.people.models import ConsentScope, Person
from app.people.scrub import records_naming, withdraw_name
from app.people.sharing import shared_in_team


def scopes_of(consent: Any) -> list[str]:
    return sorted(consent.get("scopes", [])) if isinstance(consent, dict) else []


def person_changed(
    session: Session,
    actor: Actor,
    person: Person,
    changes: Mapping[str, tuple[Any, Any]],
) -> None:
    """After the person's own change and revision are written."""
    if "consent" in changes:
        old, new = changes["consent"]
        details: dict[str, Any] = {"old": scopes_of(old), "new": scopes_of(new)}
        if actor.by_resident:
            details["by_resident"] = True  # on her own page
        record_event(
            session,
            action="person.consent",
            team_id=person.team_id,
            actor_id=actor.user_id,
            entity="person",
            record_id=person.id,
            details=details,
        )
        photo = ConsentScope.photo.value
        if photo in scopes_of(old) and photo not in scopes_of(new):
            now = utcnow()
            for attachment_id in erase_attachments(session, photos_of(session, person.id)):
                tombstone(session, person.team_id, "attachment", attachment_id, now)
        shared = shared_in_team(scopes_of(old)), shared_in_team(scopes_of(new))
        if person.first_name and "first_name" not in changes and shared[0] != shared[1]:
            # Her name is now shared in the team, or no longer: texts naming her go to the
            # phones again, as each user may see them (app.sync.shown_text).
            send_again(session, records_naming(session, person, person.first_name))
    if "first_name" in changes:
        old_name, new_name = changes["first_name"]
        if old_name and not new_name:
            withdraw_name(session, person, old_name, actor_id=actor.user_id)


def delete_person(session: Session, principal: Principal, person: Person) -> None:
    if not principal.is_coordinator:
        raise PermissionDeniedError(
            _(
                "Een bewoner verwijderen is alles over hem of haar wissen: dat doet een "
                "coördinator, op het profiel van de bewoner."
            )
        )
    erase_person(session, person, actor_id=principal.user.id)


def erase_on_request(
    session: Session, principal: Principal, person: Person, *, confirm: str
) -> None:
    """Erasure from the profile: the coordinator types the pseudonym over, since it cannot be
    undone."""
    if confirm.strip().upper() != person.pseudonym.upper():
        raise AppError(
            _("Typ het pseudoniem %(p)s over om het wissen te bevestigen.")
            % {"p": person.pseudonym}
        )
    erase_person(session, person, actor_id=principal.user.id)
