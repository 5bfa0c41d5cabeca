"""Second-step codes asked after the password: at a login, for new recovery codes, and (with
the password again) to turn two-step verification off. Every wrong code counts as a failed
login of the account, so a stolen session gets no more guesses than the login page gives.
A failure is written before the error is raised: the caller commits it before answering."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from app.audit.service import record_event
from app.auth import mfa
from app.auth.models import User
from app.auth.passwords import hashing_turn, verify_password
from app.auth.service import (
    Principal,
    check_login_throttle,
    complete_second_step,
    record_login_failure,
)
from app.config import Settings
from app.errors import NotAuthenticatedError, PermissionDeniedError
from app.i18n import gettext as _


def audit_mfa(session: Session, principal: Principal, action: str, **details: Any) -> None:
    record_event(
        session,
        action=action,
        team_id=principal.team.id,
        actor_id=principal.user.id,
        entity="user",
        record_id=principal.user.id,
        details=details or None,
    )


def _checked_code(session: Session, settings: Settings, user: User, code: str) -> str:
    """mfa.verify behind the login throttle. An empty code is no guess: it is only asked for."""
    check_login_throttle(session, settings, user.email)
    try:
        return mfa.verify(session, settings, user, code)
    except mfa.NothingEnteredError:
        raise
    except mfa.MfaError:
        record_login_failure(session, user.email)
        raise


def second_step(session: Session, settings: Settings, principal: Principal, code: str) -> str:
    """Check the code of a half-done login and finish it; returns the new session token."""
    try:
        kind = _checked_code(session, settings, principal.user, code)
    except mfa.MfaError as exc:
        raise NotAuthenticatedError(exc.message) from None
    if kind == "recovery":
        audit_mfa(
            session,
            principal,
            "mfa.recovery_used",
            left=mfa.recovery_codes_left(session, principal.user),
        )
    return complete_second_step(session, settings, principal)


def renew_recovery_codes(
    session: Session, settings: Settings, principal: Principal, *, code: str
) -> list[str]:
    """New recovery codes (the old ones stop working) for a right code; shown once."""
    _checked_code(session, settings, principal.user, code)
    codes = mfa.new_recovery_codes(session, principal.user)
    audit_mfa(session, principal, "mfa.recovery_codes")
    return codes


def turn_off(
    session: Session, settings: Settings, principal: Principal, *, password: str, code: str
) -> None:
    """Two-step verification off: the password and a code, so neither a left-open session nor
    one recovery code alone is enough."""
    if mfa.required_for(principal.team, principal.role):
        raise PermissionDeniedError(
            _(
                "Je team vraagt tweestapsverificatie van coördinatoren en beheerders: "
                "uitzetten kan niet."
            )
        )
    user = principal.user
    check_login_throttle(session, settings, user.email)
    if not password:
        raise mfa.NothingEnteredError(_("Vul je wachtwoord in."))
    with hashing_turn():
        valid = verify_password(password, user.password_hash)
    if not valid:
        record_login_failure(session, user.email)
        raise mfa.MfaError(_("Dit wachtwoord klopt niet. Probeer het nog eens."))
    _checked_code(session, settings, user, code)
    mfa.disable(session, user)
    audit_mfa(session, principal, "mfa.disable")
