"""Moving an idea or a connection on through its lifecycle from a page (ideas board,
connections): the same synced change as a phone's edit, so it has a revision."""

from __future__ import annotations

from collections.abc import Collection

from sqlmodel import Session

from app.auth.service import Principal
from app.conversations.models import Discovery, DiscoveryKind
from app.conversations.visibility import can_see
from app.errors import AppError, NotFoundError
from app.i18n import gettext as _
from app.sync.engine import change_from_page


def move_on(
    session: Session,
    principal: Principal,
    discovery: Discovery,
    *,
    kind: DiscoveryKind,
    status: str,
    allowed: Collection[str],
    refusal: str,
) -> None:
    """404 for another kind or a colleague's private discovery; `refusal` (a Dutch 400) for
    a status outside `allowed`."""
    if discovery.kind != kind.value or not can_see(principal, discovery):
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    if status not in allowed:
        raise AppError(refusal)
    change_from_page(
        session,
        principal,
        "discovery",
        discovery.id,
        base_version=discovery.version,
        fields={"status": status},
    )
