"""Meelezen before the wijkoverleg: a named bewoner sees, on her own page, the part of each
krachtenoverzicht the team is about to share (an open share link) that names or quotes her,
and can answer "liever niet": her name and words then leave that overview and its share link
(the rule is app.export.objections', applied by app.export.assemble). She can take it back.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete
from sqlmodel import Session, col, select

from app.audit.service import record_event
from app.conversations.models import Discovery
from app.errors import NotFoundError
from app.export.assemble import shareable, talks_in
from app.export.models import OverviewObjection, ShareLink
from app.export.objections import same_selection, withheld
from app.export.share import team_links
from app.i18n import gettext as _
from app.people.models import ConsentScope, Person
from app.people.service import current_consent
from app.residents.view import NotedItem
from app.teams.models import Neighbourhood


@dataclass(frozen=True)
class ReadAlong:
    link_id: uuid.UUID
    label: str
    buurten: list[str]
    starts_at: datetime | None
    ends_at: datetime | None
    items: list[NotedItem]  # what of hers it shows, as her page shows it
    named: bool  # her first name is in it
    rather_not: bool  # she said "liever niet": none of this is in it now


def read_along(session: Session, person: Person, items: list[NotedItem]) -> list[ReadAlong]:
    """Her part of every overview the team is sharing, where she has one."""
    links = team_links(session, person.team_id)
    if not links:
        return []
    consent = current_consent(session, person.id)
    may_name = bool(
        person.first_name
        and consent is not None
        and ConsentScope.name_in_overview.value in consent.scopes
    )
    names = {
        str(b.id): b.name
        for b in session.exec(
            select(Neighbourhood).where(col(Neighbourhood.team_id) == person.team_id)
        )
    }
    mine = {i.id: i for i in items}
    # The links she said "liever niet" to: it holds for each one's selection.
    objected = session.exec(
        select(ShareLink)
        .join(OverviewObjection, col(OverviewObjection.share_link_id) == col(ShareLink.id))
        .where(col(OverviewObjection.person_id) == person.id)
    ).all()
    found = []
    for link in links:
        ids = [uuid.UUID(i) for i in link.neighbourhood_ids]
        shown = set(
            session.exec(
                select(Discovery.id).where(
                    *shareable(person.team_id),
                    col(Discovery.conversation_id).in_(
                        talks_in(person.team_id, ids, link.starts_at, link.ends_at)
                    ),
                    col(Discovery.id).in_(list(mine)),
                )
            )
        )
        if not shown and not may_name:
            continue
        found.append(
            ReadAlong(
                link_id=link.id,
                label=link.label,
                buurten=sorted(names[i] for i in link.neighbourhood_ids if i in names),
                starts_at=link.starts_at,
                ends_at=link.ends_at,
                items=[mine[i] for i in mine if i in shown],
                named=may_name,
                rather_not=any(
                    same_selection(o, ids, link.starts_at, link.ends_at) for o in objected
                ),
            )
        )
    return found


def answer(session: Session, person: Person, share_link_id: uuid.UUID, *, rather_not: bool) -> None:
    """ "Liever niet" for the overview of this link's selection, or taking that back."""
    link = next((k for k in team_links(session, person.team_id) if k.id == share_link_id), None)
    if link is None:
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    ids = [uuid.UUID(i) for i in link.neighbourhood_ids]
    if rather_not:
        if person.id not in withheld(session, person.team_id, ids, link.starts_at, link.ends_at):
            session.add(
                OverviewObjection(
                    team_id=person.team_id, share_link_id=link.id, person_id=person.id
                )
            )
    else:
        same = [
            k.id
            for k in session.exec(select(ShareLink).where(col(ShareLink.team_id) == person.team_id))
            if same_selection(k, ids, link.starts_at, link.ends_at)
        ]
        session.execute(
            delete(OverviewObjection).where(
                col(OverviewObjection.person_id) == person.id,
                col(OverviewObjection.share_link_id).in_(same),
            )
        )
    record_event(
        session,
        action="overview.read_along",
        team_id=person.team_id,
        actor_id=None,
        entity="person",
        record_id=person.id,
        details={"share_link": str(link.id), "rather_not": rather_not, "by_resident": True},
    )
    session.flush()
