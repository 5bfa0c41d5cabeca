"""Who may see a discovery: a private one is its author's alone. One rule, as a query
condition and as a check on a loaded record, for every page that shows discoveries."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_
from sqlmodel import col

from app.auth.service import Principal
from app.conversations.models import Discovery, Visibility


def visible_discovery(principal: Principal) -> ColumnElement[bool]:
    return or_(
        col(Discovery.visibility) != Visibility.private.value,
        col(Discovery.created_by_id) == principal.user.id,
    )


def can_see(principal: Principal, discovery: Discovery) -> bool:
    return (
        discovery.visibility != Visibility.private.value
        or discovery.created_by_id == principal.user.id
    )
