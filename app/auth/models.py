"""Accounts and server-side sessions."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import CheckConstraint
from sqlmodel import Field, SQLModel

from app.db import UTCDateTime, utcnow


class User(SQLModel, table=True):
    __tablename__ = "app_user"
    __table_args__ = (CheckConstraint("language IN ('nl', 'en')", name="language"),)

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    email: str = Field(max_length=254, unique=True)
    name: str = Field(max_length=120)
    password_hash: str = Field(max_length=255)
    is_active: bool = Field(default=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    disabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    # Two-step verification (app.auth.mfa). The TOTP secret is encrypted at rest; it exists
    # unconfirmed while being set up, and counts once totp_enabled_at is set. The last used
    # time step makes every code single-use.
    totp_secret: str | None = Field(default=None, max_length=200)
    totp_enabled_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    totp_last_step: int | None = Field(default=None)
    # The language of the team's pages for this user (app.i18n.TEAM_LOCALES); None follows
    # the browser's Accept-Language.
    language: str | None = Field(default=None, max_length=8)


class AuthSession(SQLModel, table=True):
    """A login. Only the SHA-256 of the random token is stored; the cookie holds the token."""

    __tablename__ = "auth_session"

    id: uuid.UUID = Field(default_factory=uuid.uuid4, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True)
    team_id: uuid.UUID = Field(foreign_key="team.id", index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    user_agent: str = Field(default="", max_length=300)
    # Set while the login is half done: "code" (the second step is asked) or "enroll" (the
    # team requires two-step verification and this user must set it up first). Such a
    # session opens no page but the second step's own.
    mfa_stage: str | None = Field(default=None, max_length=8)


class LoginAttempt(SQLModel, table=True):
    """Failed logins per account, for throttling; old rows carry no meaning and are pruned."""

    __tablename__ = "login_attempt"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, index=True)
    attempted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime, index=True)
    succeeded: bool = Field(default=False)


class RecoveryCode(SQLModel, table=True):
    """Single-use codes for when the phone with the authenticator app is gone; only the
    SHA-256 is kept (the codes are long random strings, so no slow hash is needed)."""

    __tablename__ = "recovery_code"

    id: int | None = Field(default=None, primary_key=True)
    user_id: uuid.UUID = Field(foreign_key="app_user.id", index=True)
    code_hash: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
