"""Users, memberships, login throttling and server-side sessions."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from app.auth import mfa
from app.auth.models import AuthSession, LoginAttempt, User
from app.auth.passwords import (
    check_password_strength,
    hash_password,
    hashing_turn,
    verify_password,
)
from app.config import Settings
from app.db import serialise_on, utcnow
from app.errors import AppError, NotAuthenticatedError, TooManyRequestsError
from app.i18n import gettext as _
from app.teams.models import Membership, Role, Team

# last_seen_at is written at most this often, so reading pages stays (nearly) write-free.
TOUCH_INTERVAL = timedelta(seconds=60)


def normalise_email(email: str) -> str:
    try:
        result = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise AppError(_("'{email}' is geen geldig e-mailadres.").format(email=email)) from exc
    return result.normalized.lower()


def create_user(
    session: Session, team: Team, *, email: str, name: str, password: str, role: Role
) -> User:
    email = normalise_email(email)
    name = name.strip() or email.split("@")[0]
    if session.exec(select(User).where(User.email == email)).first() is not None:
        raise AppError(_("Er is al een account met e-mailadres {email}.").format(email=email))
    check_password_strength(password, email=email)
    user = User(email=email, name=name, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    session.add(Membership(user_id=user.id, team_id=team.id, role=role.value))
    session.flush()
    return user


def disable_user(session: Session, user: User) -> None:
    user.is_active = False
    user.disabled_at = utcnow()
    session.add(user)
    revoke_user_sessions(session, user.id)


def revoke_user_sessions(session: Session, user_id: uuid.UUID) -> int:
    result = session.execute(
        update(AuthSession)
        .where(AuthSession.user_id == user_id, col(AuthSession.revoked_at).is_(None))  # type: ignore[arg-type]
        .values(revoked_at=utcnow())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _recent_failures(session: Session, email: str, since: datetime) -> list[datetime]:
    last_success = session.exec(
        select(func.max(LoginAttempt.attempted_at)).where(
            LoginAttempt.email == email, col(LoginAttempt.succeeded).is_(True)
        )
    ).one()
    start = max(since, last_success) if last_success is not None else since
    rows = session.exec(
        select(LoginAttempt.attempted_at)
        .where(
            LoginAttempt.email == email,
            col(LoginAttempt.succeeded).is_(False),
            col(LoginAttempt.attempted_at) > start,
        )
        .order_by(col(LoginAttempt.attempted_at))
    ).all()
    return list(rows)


def check_login_throttle(session: Session, settings: Settings, email: str) -> None:
    """After too many failures for one account in the window, answer 429 until the oldest
    failure leaves the window. No permanent lockout: time alone lifts it. In a writing
    transaction, before a failure is recorded, so each guess sees the ones before it."""
    # Parallel guesses for one account queue here, so each sees the failures before it.
    serialise_on(session, f"login:{email}")
    _refuse_when_throttled(session, settings, email)


def _refuse_when_throttled(session: Session, settings: Settings, email: str) -> None:
    now = utcnow()
    failures = _recent_failures(session, email, now - settings.login_window)
    if len(failures) >= settings.login_max_failures:
        oldest_counted = failures[-settings.login_max_failures]
        retry_after = int((oldest_counted + settings.login_window - now).total_seconds()) + 1
        raise TooManyRequestsError(
            _("Te veel mislukte pogingen. Probeer het over {minutes} minuten opnieuw.").format(
                minutes=max(1, (retry_after + 59) // 60)
            ),
            retry_after=max(1, retry_after),
        )


@dataclass(frozen=True)
class Principal:
    """Who is making a request, in which team, with which role."""

    user: User
    team: Team
    role: Role
    auth_session: AuthSession

    @property
    def is_coordinator(self) -> bool:
        return self.role in (Role.coordinator, Role.admin)


def _membership(session: Session, user: User) -> tuple[Team, Role] | None:
    row = session.exec(
        select(Team, Membership.role)
        .join(Membership, col(Membership.team_id) == col(Team.id))
        .where(Membership.user_id == user.id)
        .order_by(col(Membership.id))
    ).first()
    if row is None:
        return None
    return row[0], Role(row[1])


@dataclass(frozen=True)
class LoginCheck:
    """What a login reads before it checks the password, so that Argon2 (most of a second)
    runs with no transaction open and no turn to write held: the address as stored, or None
    when it is no address at all, and the hash the password is checked against."""

    email: str | None
    password_hash: str | None


def wrong_credentials() -> NotAuthenticatedError:
    return NotAuthenticatedError(_("E-mailadres of wachtwoord klopt niet."))


def read_login(session: Session, settings: Settings, *, email: str) -> LoginCheck:
    """The reading step of a login. An account already past the throttle is refused here,
    before any hashing."""
    try:
        email = normalise_email(email)
    except AppError:
        return LoginCheck(email=None, password_hash=None)
    _refuse_when_throttled(session, settings, email)
    user = session.exec(select(User).where(User.email == email)).first()
    return LoginCheck(email=email, password_hash=user.password_hash if user else None)


def finish_login(
    session: Session, settings: Settings, check: LoginCheck, *, valid: bool, user_agent: str
) -> tuple[str, Principal]:
    """The writing step of a login, once the password was checked against check's hash: open
    a session, or record the failure (the caller commits it before answering). Returns the
    cookie token and who logged in. With a second step to go (app.auth.mfa) the session is half
    done: its mfa_stage says which step, and it opens no page but that step's own until
    complete_second_step."""
    if check.email is None:
        raise wrong_credentials()  # no account: nothing to count
    email = check.email
    # Counted again, here where failures are written: guesses checked at the same time are
    # decided one by one, and none past the limit is answered by its password.
    check_login_throttle(session, settings, email)
    user = session.exec(select(User).where(User.email == email)).first()
    # A password changed meanwhile: the one given was checked against the old one.
    valid = valid and user is not None and user.password_hash == check.password_hash
    membership = _membership(session, user) if user is not None else None
    if user is None or not valid or not user.is_active or membership is None:
        record_login_failure(session, email)
        raise wrong_credentials()
    team, role = membership
    stage = mfa.stage_for(user, team, role)
    if stage is None:
        record_login_success(session, settings, email)
    # With a second step to go, the password alone is no success: failures keep counting, so
    # a known password gives no more code guesses than the throttle allows.
    token = secrets.token_urlsafe(32)
    now = utcnow()
    auth_session = AuthSession(
        token_hash=hash_token(token),
        user_id=user.id,
        team_id=team.id,
        created_at=now,
        last_seen_at=now,
        expires_at=now + (settings.session_absolute if stage is None else mfa.PENDING_LIFETIME),
        user_agent=user_agent[:300],
        mfa_stage=stage,
    )
    session.add(auth_session)
    session.flush()
    return token, Principal(user=user, team=team, role=role, auth_session=auth_session)


def authenticate(
    session: Session, settings: Settings, *, email: str, password: str, user_agent: str = ""
) -> tuple[str, Principal]:
    """A login's steps in one transaction, for scripts and benchmarks; the login pages and
    /api/session take them in turns of their own (app.auth.login)."""
    check = read_login(session, settings, email=email)
    with hashing_turn():
        valid = verify_password(password, check.password_hash)
    return finish_login(session, settings, check, valid=valid, user_agent=user_agent)


def record_login_success(session: Session, settings: Settings, email: str) -> None:
    session.add(LoginAttempt(email=email, succeeded=True))
    # Failures before this success no longer count; keep the table small.
    session.execute(
        delete(LoginAttempt).where(
            LoginAttempt.email == email,  # type: ignore[arg-type]
            col(LoginAttempt.attempted_at) < utcnow() - settings.login_window,
        )
    )


def record_login_failure(session: Session, email: str) -> None:
    session.add(LoginAttempt(email=email, succeeded=False))
    session.flush()


def complete_second_step(session: Session, settings: Settings, principal: Principal) -> str:
    """The second step is done: the half-done session becomes a full login under a new token
    (the old token is worthless from here on). Returns the new cookie token."""
    record_login_success(session, settings, principal.user.email)
    token = secrets.token_urlsafe(32)
    now = utcnow()
    auth_session = principal.auth_session
    auth_session.token_hash = hash_token(token)
    auth_session.mfa_stage = None
    auth_session.last_seen_at = now
    auth_session.expires_at = now + settings.session_absolute
    session.add(auth_session)
    session.flush()
    return token


def _load_session(
    session: Session, settings: Settings, token: str
) -> tuple[AuthSession, User, Team, Role] | None:
    """The live session behind a cookie token with its user, team and role, or None when it
    is dead for any reason: unknown, revoked, idle too long, past its absolute lifetime, user
    disabled or removed from the team. One query: it runs on every request."""
    row = session.exec(
        select(AuthSession, User, Team, Membership.role)
        .join(User, col(User.id) == col(AuthSession.user_id))
        .join(Team, col(Team.id) == col(AuthSession.team_id))
        .join(
            Membership,
            (col(Membership.user_id) == col(AuthSession.user_id))
            & (col(Membership.team_id) == col(AuthSession.team_id)),
        )
        .where(AuthSession.token_hash == hash_token(token))
    ).first()
    if row is None:
        return None
    auth_session, user, team, role = row
    now = utcnow()
    if (
        auth_session.revoked_at is not None
        or not user.is_active
        or now >= auth_session.expires_at
        or now - auth_session.last_seen_at >= settings.session_idle
    ):
        return None
    return auth_session, user, team, Role(role)


def resolve_session(session: Session, settings: Settings, token: str) -> Principal | None:
    """The principal behind a cookie token of a full login. A half-done login (second step
    still to go) is none; nor is a coordinator's login without two-step verification once
    the team requires it (a role or setting changed since): they log in again and set it up."""
    loaded = _load_session(session, settings, token)
    if loaded is None:
        return None
    auth_session, user, team, role = loaded
    if auth_session.mfa_stage is not None:
        return None
    if mfa.required_for(team, role) and not mfa.is_enabled(user):
        return None
    return Principal(user=user, team=team, role=role, auth_session=auth_session)


def resolve_pending(session: Session, settings: Settings, token: str) -> Principal | None:
    """The principal behind a half-done login, for the second step's own pages only."""
    loaded = _load_session(session, settings, token)
    if loaded is None or loaded[0].mfa_stage is None:
        return None
    auth_session, user, team, role = loaded
    return Principal(user=user, team=team, role=role, auth_session=auth_session)


def needs_touch(auth_session: AuthSession) -> bool:
    return utcnow() - auth_session.last_seen_at >= TOUCH_INTERVAL


def touch_session(session: Session, session_id: uuid.UUID) -> None:
    session.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id)  # type: ignore[arg-type]
        .values(last_seen_at=utcnow())
    )


def revoke_session(session: Session, session_id: uuid.UUID) -> None:
    session.execute(
        update(AuthSession)
        .where(AuthSession.id == session_id, col(AuthSession.revoked_at).is_(None))  # type: ignore[arg-type]
        .values(revoked_at=utcnow())
    )
