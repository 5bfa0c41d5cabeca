"""Creating teams and their buurten; a new team gets the default themes and prompt cards."""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, select

from app.auth.models import User
from app.changes.models import ChangeCounter, RevisionAction
from app.changes.service import record_change
from app.errors import AppError, NotFoundError
from app.i18n import gettext as _
from app.teams.cards import create_default_cards
from app.teams.defaults import DEFAULT_THEMES
from app.teams.models import Membership, Neighbourhood, Team, Theme

# Special categories of the AVG: such themes may not be attached to a named person.
SPECIAL_CATEGORY_THEMES = frozenset({"gezondheid", "geloof & levensbeschouwing"})


def get_team_by_name(session: Session, name: str) -> Team:
    team = session.exec(select(Team).where(Team.name == name.strip())).first()
    if team is None:
        raise NotFoundError(_("Team '{name}' bestaat niet.").format(name=name))
    return team


def create_team(session: Session, *, name: str) -> Team:
    name = name.strip()
    if not name:
        raise AppError(_("Geef het team een naam."))
    if session.exec(select(Team).where(Team.name == name)).first() is not None:
        raise AppError(_("Er is al een team met de naam '{name}'.").format(name=name))
    team = Team(name=name)
    session.add(team)
    session.flush()
    session.add(ChangeCounter(team_id=team.id))
    session.flush()
    for position, theme_name in enumerate(DEFAULT_THEMES):
        theme = Theme(
            id=uuid.uuid4(),
            team_id=team.id,
            name=theme_name,
            position=position,
            is_special_category=theme_name in SPECIAL_CATEGORY_THEMES,
        )
        record_change(
            session,
            theme,
            entity="theme",
            actor_id=None,
            action=RevisionAction.create,
            changes={"name": (None, theme_name)},
        )
    create_default_cards(session, team)
    return team


def create_neighbourhood(
    session: Session, team: Team, *, name: str, actor_id: uuid.UUID | None = None
) -> Neighbourhood:
    name = name.strip()
    if not name:
        raise AppError(_("Geef de buurt een naam."))
    existing = session.exec(
        select(Neighbourhood).where(Neighbourhood.team_id == team.id, Neighbourhood.name == name)
    ).first()
    if existing is not None:
        raise AppError(
            _("Team '{team}' heeft al een buurt '{name}'.").format(team=team.name, name=name)
        )
    neighbourhood = Neighbourhood(id=uuid.uuid4(), team_id=team.id, name=name)
    record_change(
        session,
        neighbourhood,
        entity="neighbourhood",
        actor_id=actor_id,
        action=RevisionAction.create,
        changes={"name": (None, name)},
    )
    return neighbourhood


def list_neighbourhoods(session: Session, team_id: uuid.UUID) -> list[Neighbourhood]:
    return list(
        session.exec(
            select(Neighbourhood)
            .where(Neighbourhood.team_id == team_id, col(Neighbourhood.deleted_at).is_(None))
            .order_by(col(Neighbourhood.name))
        )
    )


def list_themes(session: Session, team_id: uuid.UUID) -> list[Theme]:
    return list(
        session.exec(
            select(Theme)
            .where(Theme.team_id == team_id, col(Theme.deleted_at).is_(None))
            .order_by(col(Theme.position))
        )
    )


def team_users(session: Session, team_id: uuid.UUID, *, active_only: bool = False) -> list[User]:
    """The team's users by name; `active_only` leaves out disabled accounts (who can no longer
    attend or own anything, yet stay authors of what they wrote)."""
    query = (
        select(User)
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(col(Membership.team_id) == team_id)
        .order_by(col(User.name))
    )
    if active_only:
        query = query.where(col(User.is_active))
    return list(session.exec(query).all())


def team_members(session: Session, team_id: uuid.UUID) -> list[tuple[User, str]]:
    """The team's users with their role, by name."""
    rows = session.exec(
        select(User, Membership.role)
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(col(Membership.team_id) == team_id)
        .order_by(col(User.name))
    ).all()
    return [(user, role) for user, role in rows]
