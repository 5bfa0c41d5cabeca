"""The JSON shapes of /api/session (DESIGN.md §4 wire contract)."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field


class LoginIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=1, max_length=254)
    password: str = Field(min_length=1, max_length=256)
    # The second step, for accounts with two-step verification: the app's six digits or a
    # recovery code.
    code: str | None = Field(default=None, max_length=32)


class UserOut(BaseModel):
    id: uuid.UUID
    name: str
    email: str


class TeamOut(BaseModel):
    id: uuid.UUID
    name: str


class NeighbourhoodOut(BaseModel):
    id: uuid.UUID
    name: str


class SessionOut(BaseModel):
    user: UserOut
    team: TeamOut
    role: str
    neighbourhoods: list[NeighbourhoodOut]
    csrf_token: str
