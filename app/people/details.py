"""A bewoner's herkenning, straat and verbinder, changed on their profile: a synced change of
the person like a phone's (app.sync.page_edit), so it has a revision and every phone pulls
it. The rules are the person's own (app.people.service.check_person: no house number)."""

from __future__ import annotations

from sqlmodel import Session

from app.auth.service import Principal
from app.errors import AppError
from app.i18n import gettext as _
from app.people.models import Person
from app.sync.page_edit import PageEdit, edit_from_page

RECOGNITION_MAX = 200
STREET_MAX = 120


def update_details(
    session: Session,
    principal: Principal,
    person: Person,
    *,
    base_version: int,
    recognition: str,
    street: str,
    is_connector: bool,
) -> PageEdit:
    recognition, street = recognition.strip(), street.strip()
    if len(recognition) > RECOGNITION_MAX:
        raise AppError(_("Houd de herkenning kort: hooguit 200 tekens."))
    if len(street) > STREET_MAX:
        raise AppError(_("Deze straatnaam is te lang (hooguit 120 tekens)."))
    return edit_from_page(
        session,
        principal,
        "person",
        person,
        base_version=base_version,
        fields={"recognition": recognition, "street": street, "is_connector": is_connector},
    )
