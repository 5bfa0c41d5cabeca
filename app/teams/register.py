"""The processing register (AVG art. 30) for the team's privacy officer (FG), read from the
team's own settings, so it says what the app does."""

from __future__ import annotations

from collections import Counter

from fastapi import APIRouter, Request, Response

from app.auth.dependencies import CoordinatorDep
from app.conversations.labels import label
from app.db import SessionDep
from app.teams.service import list_neighbourhoods, team_members
from app.templating import templates

router = APIRouter()


@router.get("/team/verwerkingsregister")
def processing_register(
    request: Request, session: SessionDep, principal: CoordinatorDep
) -> Response:
    roles = Counter(role for _user, role in team_members(session, principal.team.id))
    members = ", ".join(f"{count} × {label('role', role)}" for role, count in sorted(roles.items()))
    database = "PostgreSQL" if session.get_bind().dialect.name == "postgresql" else "SQLite"
    return templates.TemplateResponse(
        request,
        "teams/register.html",
        {
            "team": principal.team,
            "buurten": [b.name for b in list_neighbourhoods(session, principal.team.id)],
            "members": members,
            "database": database,
        },
    )
