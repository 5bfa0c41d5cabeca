"""Who said "liever niet" to an overview (app.export.models.OverviewObjection), and what that
takes out of it: the one rule, applied by app.export.assemble to every format and to the
share link alike.

An objection is given on a share link, and holds for its selection: the team's own overview
of the same buurten and period leaves her out too, and so does a later link for it. Counts
still count her discoveries (counts are not personal data, DESIGN.md §5); her name is not
shown, and neither are her words: what is noted about her, and connections with her."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select

from app.conversations.models import Discovery, DiscoveryPerson, PersonRole, RefType
from app.export.models import OverviewObjection, ShareLink


def same_selection(
    link: ShareLink,
    neighbourhood_ids: Sequence[uuid.UUID],
    start: datetime | None,
    end: datetime | None,
) -> bool:
    return (
        sorted(link.neighbourhood_ids) == sorted(str(i) for i in neighbourhood_ids)
        and link.starts_at == start
        and link.ends_at == end
    )


def withheld(
    session: Session,
    team_id: uuid.UUID,
    neighbourhood_ids: Sequence[uuid.UUID],
    start: datetime | None,
    end: datetime | None,
) -> frozenset[uuid.UUID]:
    """The bewoners who would rather not be in the overview of this selection."""
    rows = session.exec(
        select(ShareLink, OverviewObjection.person_id)
        .join(OverviewObjection, col(OverviewObjection.share_link_id) == col(ShareLink.id))
        .where(col(ShareLink.team_id) == team_id)
    ).all()
    return frozenset(
        person_id for link, person_id in rows if same_selection(link, neighbourhood_ids, start, end)
    )


def not_about(people: frozenset[uuid.UUID]) -> list[ColumnElement[bool]]:
    """Where-clauses leaving out the discoveries about these bewoners (they are the subject)
    and the connections they are an end of."""
    if not people:
        return []
    about = select(DiscoveryPerson.discovery_id).where(
        col(DiscoveryPerson.person_id).in_(people),
        col(DiscoveryPerson.role) == PersonRole.subject.value,
    )
    person = RefType.person.value
    return [
        col(Discovery.id).not_in(about),
        *(
            or_(
                ref_type.is_(None),
                ref_type != person,
                ref_id.is_(None),
                ref_id.not_in(people),
            )
            for ref_type, ref_id in (
                (col(Discovery.from_ref_type), col(Discovery.from_ref_id)),
                (col(Discovery.to_ref_type), col(Discovery.to_ref_id)),
            )
        ),
    ]
