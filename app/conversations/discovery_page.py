"""One ontdekking on a page of its own: everything about it, the team's bewoners, themes and
what a connection or an ask can point at, its history, and the edit by its author or a
coordinator — a synced change like a phone's (app.sync.page_edit)."""

from __future__ import annotations

import textwrap
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from app.auth.models import User
from app.auth.service import Principal
from app.changes.models import Revision
from app.conversations.models import Conversation, Discovery, RefType
from app.conversations.visibility import can_see, visible_discovery
from app.errors import AppError, NotFoundError, PermissionDeniedError
from app.i18n import gettext as _
from app.people.models import Person
from app.people.sharing import name_of
from app.sync.entities import discovery_fields
from app.sync.page_edit import PageEdit, edit_from_page
from app.teams.models import Theme
from app.text import shorten

Fields = dict[str, Any]
REF_KINDS = [RefType.group, RefType.place, RefType.institution, RefType.idea]


@dataclass(frozen=True)
class Change:
    when: datetime
    who: str
    fields: list[str]


@dataclass
class DiscoveryPage:
    discovery: Discovery
    values: Fields  # the wire fields shown: the record's, or what was typed on a refused save
    may_edit: bool
    is_author: bool
    author: str
    conversation: Conversation | None
    people: list[tuple[str, str]]  # (id, name) of the team's bewoners
    themes: list[Theme]
    # (id, title) per kind a connection or an ask can point at (group, place, institution, idea)
    discoveries: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    history: list[Change] = field(default_factory=list)
    # The id of the empty row that adds an ask: made here, so a refused save keeps it.
    new_ask_id: str = field(default_factory=lambda: str(uuid.uuid4()))

    @property
    def theme_options(self) -> list[tuple[str, str]]:
        return [(str(t.id), t.name) for t in self.themes]

    def name_of(self, ref_type: str, ref_id: str) -> str:
        options = self.people if ref_type == RefType.person.value else self.discoveries[ref_type]
        return next((name for value, name in options if value == ref_id), "")


def may_edit(principal: Principal, discovery: Discovery) -> bool:
    """Its author and coordinators change an ontdekking on a page; others read it."""
    return principal.is_coordinator or discovery.created_by_id == principal.user.id


def visible(principal: Principal, discovery: Discovery) -> Discovery:
    if not can_see(principal, discovery):
        raise NotFoundError(_("Dit bestaat niet (meer)."))  # a colleague's private discovery
    return discovery


def discovery_page(
    session: Session, principal: Principal, discovery: Discovery, values: Fields | None = None
) -> DiscoveryPage:
    visible(principal, discovery)
    team_id = principal.team.id
    current = discovery_fields(session, [discovery])[discovery.id]
    people = session.exec(
        select(Person)
        .where(col(Person.team_id) == team_id, col(Person.deleted_at).is_(None))
        .order_by(col(Person.pseudonym))
    ).all()
    others = session.exec(
        select(Discovery)
        .where(
            col(Discovery.team_id) == team_id,
            col(Discovery.deleted_at).is_(None),
            col(Discovery.kind).in_([k.value for k in REF_KINDS]),
            col(Discovery.id) != discovery.id,
            visible_discovery(principal),
        )
        .order_by(col(Discovery.title), col(Discovery.description))
    ).all()
    by_kind: dict[str, list[tuple[str, str]]] = {k.value: [] for k in REF_KINDS}
    for other in others:
        by_kind[other.kind].append((str(other.id), shorten(other.title or other.description, 80)))
    author = session.get(User, discovery.created_by_id) if discovery.created_by_id else None
    conversation = (
        session.get(Conversation, discovery.conversation_id) if discovery.conversation_id else None
    )
    return DiscoveryPage(
        discovery=discovery,
        values={**current, **(values or {})},
        may_edit=may_edit(principal, discovery),
        is_author=discovery.created_by_id == principal.user.id,
        author=author.name if author else "",
        conversation=conversation if conversation and not conversation.is_deleted else None,
        people=sorted(((str(p.id), _person_label(p)) for p in people), key=lambda p: p[1]),
        themes=list(
            session.exec(
                select(Theme).where(col(Theme.team_id) == team_id).order_by(col(Theme.position))
            )
        ),
        discoveries=by_kind,
        history=_history(session, discovery),
    )


def _person_label(person: Person) -> str:
    # A pseudonym alone says little when picking: the herkenning helps find the right one.
    name = name_of(person)
    if not person.recognition:
        return name
    return f"{name} · {textwrap.shorten(person.recognition, 60, placeholder='…')}"


def _history(session: Session, discovery: Discovery) -> list[Change]:
    revisions = session.exec(
        select(Revision)
        .where(col(Revision.entity) == "discovery", col(Revision.record_id) == discovery.id)
        .order_by(col(Revision.version).desc())
    ).all()
    ids = {r.changed_by_id for r in revisions if r.changed_by_id}
    names = {u.id: u.name for u in session.exec(select(User).where(col(User.id).in_(ids)))}
    return [
        Change(
            r.changed_at,
            names.get(r.changed_by_id, "") if r.changed_by_id else "",
            sorted(r.changes),
        )
        for r in revisions
    ]


def _check_asks(fields: Fields) -> None:
    for ask in fields.get("asks") or []:
        if not ask.get("what"):
            raise AppError(_("Vul bij elke vraag aan partners in wat er gevraagd wordt."))


def save_discovery(
    session: Session,
    principal: Principal,
    discovery: Discovery,
    *,
    base_version: int,
    fields: Fields,
) -> PageEdit:
    """The author or a coordinator saves the form opened at `base_version`: only what they
    changed goes out, merged over a teammate's change made meanwhile."""
    visible(principal, discovery)
    if not may_edit(principal, discovery):
        raise PermissionDeniedError(
            _("Alleen wie dit vastlegde en coördinatoren passen deze ontdekking aan.")
        )
    _check_asks(fields)
    return edit_from_page(
        session, principal, "discovery", discovery, base_version=base_version, fields=fields
    )


def ref_value(ref: Any) -> str:
    """A connection end as the form's option value, "type:id"."""
    return f"{ref['type']}:{ref['id']}" if isinstance(ref, dict) else ""
