"""The weekoverleg's counts: open discoveries per kind (new since the last meeting, or from
before it) and how often each theme comes up among the new ones.

They come from review_tally (app.review.models.ReviewTally, kept by triggers), a row per
team, day, kind, theme and visibility, so they cost the same at 100,000 open as at 1,000.
Only the day of the last meeting itself is counted from the discoveries, exactly, since the
meeting fell somewhere in it."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, case, func, true
from sqlmodel import Session, col, select

from app.auth.service import Principal
from app.conversations.models import Discovery, DiscoveryTheme, ReviewStatus
from app.conversations.visibility import visible_discovery
from app.review.models import NO_THEME, TEAM_VISIBLE, ReviewTally
from app.teams.models import Theme


def _tally_of(principal: Principal) -> tuple[ColumnElement[bool], ...]:
    return (
        col(ReviewTally.team_id) == principal.team.id,
        col(ReviewTally.owner_id).in_([TEAM_VISIBLE, principal.user.id]),
    )


def _meeting_day(since: datetime) -> tuple[date, datetime]:
    """The meeting's UTC day, and the first moment after it."""
    day = since.astimezone(UTC).date()
    return day, datetime.combine(day + timedelta(days=1), time(), UTC)


def _open_on_meeting_day(principal: Principal, since: datetime) -> tuple[ColumnElement[bool], ...]:
    """Open discoveries the viewer may see that came in after the meeting, on its day."""
    _day, next_day = _meeting_day(since)
    return (
        col(Discovery.team_id) == principal.team.id,
        col(Discovery.review_status) == ReviewStatus.new.value,
        col(Discovery.deleted_at).is_(None),
        visible_discovery(principal),
        col(Discovery.created_at) > since,
        col(Discovery.created_at) < next_day,
    )


def open_counts(
    session: Session, principal: Principal, since: datetime | None
) -> dict[tuple[str, bool], int]:
    """(kind, new since the last meeting?) -> how many are open; kinds with none left out."""
    after_meeting = col(ReviewTally.day) > _meeting_day(since)[0] if since is not None else true()
    totals: Counter[str] = Counter()
    fresh: Counter[str] = Counter()
    for kind, total, new in session.exec(
        select(
            col(ReviewTally.kind),
            func.sum(ReviewTally.n),
            func.sum(case((after_meeting, col(ReviewTally.n)), else_=0)),
        )
        .where(*_tally_of(principal), col(ReviewTally.theme_id) == NO_THEME)
        .group_by(col(ReviewTally.kind))
    ):
        totals[kind] += int(total)
        fresh[kind] += int(new)
    if since is not None:
        for kind, count in session.exec(
            select(col(Discovery.kind), func.count())
            .where(*_open_on_meeting_day(principal, since))
            .group_by(col(Discovery.kind))
        ):
            fresh[kind] += count
    counts = {(kind, True): fresh[kind] for kind in fresh}
    counts |= {(kind, False): totals[kind] - fresh[kind] for kind in totals}
    return {key: count for key, count in counts.items() if count > 0}


def fresh_theme_counts(
    session: Session, principal: Principal, since: datetime | None
) -> list[tuple[str, int]]:
    """How often each theme comes up among everything new since the last meeting, most first."""
    query = (
        select(col(Theme.name), func.sum(ReviewTally.n))
        .join(Theme, col(Theme.id) == col(ReviewTally.theme_id))
        .where(*_tally_of(principal), col(ReviewTally.theme_id) != NO_THEME)
        .group_by(col(Theme.name))
    )
    if since is not None:
        query = query.where(col(ReviewTally.day) > _meeting_day(since)[0])
    counts: Counter[str] = Counter({name: int(count) for name, count in session.exec(query)})
    if since is not None:
        counts.update(
            dict(
                session.exec(
                    select(col(Theme.name), func.count())
                    .join(DiscoveryTheme, col(DiscoveryTheme.theme_id) == col(Theme.id))
                    .join(Discovery, col(Discovery.id) == col(DiscoveryTheme.discovery_id))
                    .where(*_open_on_meeting_day(principal, since))
                    .group_by(col(Theme.name))
                ).all()
            )
        )
    return sorted(
        ((name, count) for name, count in counts.items() if count > 0),
        key=lambda pair: (-pair[1], pair[0]),
    )
