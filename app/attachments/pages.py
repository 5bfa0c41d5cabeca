"""Changing an attachment from the conversation page: its caption, who may see it, who is on
the photo and the discovery it belongs to. The form becomes wire fields and goes through the
same engine as a phone's push (versions, revisions, the consent rule for photos)."""

from __future__ import annotations

import uuid

from sqlmodel import Session
from starlette.datastructures import FormData

from app.attachments.models import Attachment
from app.attachments.service import can_see_attachment, may_change_attachment
from app.auth.service import Principal
from app.errors import NotFoundError, PermissionDeniedError
from app.i18n import gettext as _
from app.sync.engine import change_from_page
from app.sync.page_edit import PageEdit, edit_from_page
from app.validation import InputError, clean_text

Fields = dict[str, object]


def _ids(form: FormData, name: str) -> list[str]:
    values = []
    for value in form.getlist(name):
        if not isinstance(value, str) or not value:
            continue
        try:
            values.append(str(uuid.UUID(value)))
        except ValueError:
            raise InputError(_("Deze pagina was verlopen. Laad de pagina opnieuw.")) from None
    return values


def attachment_form(form: FormData) -> Fields:
    caption = form.get("caption")
    visibility = form.get("visibility")
    discovery = _ids(form, "discovery_id")
    return {
        "caption": clean_text(caption).strip() if isinstance(caption, str) else "",
        "visibility": visibility if isinstance(visibility, str) else "",
        "person_ids": _ids(form, "person_ids"),
        "discovery_id": discovery[0] if discovery else None,
    }


def _may(principal: Principal, attachment: Attachment) -> None:
    if not can_see_attachment(principal, attachment):
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    if not may_change_attachment(principal, attachment):
        raise PermissionDeniedError(
            _("Alleen wie dit opnam en coördinatoren passen deze bijlage aan.")
        )


def save_attachment(
    session: Session,
    principal: Principal,
    attachment: Attachment,
    *,
    base_version: int,
    fields: Fields,
) -> PageEdit:
    _may(principal, attachment)
    return edit_from_page(
        session, principal, "attachment", attachment, base_version=base_version, fields=fields
    )


def delete_attachment_from_page(
    session: Session, principal: Principal, attachment: Attachment
) -> None:
    _may(principal, attachment)
    change_from_page(
        session,
        principal,
        "attachment",
        attachment.id,
        base_version=attachment.version,
        fields={},
        deleted=True,
    )
