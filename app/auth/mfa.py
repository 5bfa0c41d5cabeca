"""Two-step verification: a TOTP app (RFC 6238, via pyotp) and single-use recovery codes.

The secret is encrypted at rest with a key derived from APP_SECRET_KEY (AES-GCM, bound to the
user's id), so a copied database alone does not hand out second factors. A code counts once:
the time step it matched is kept and an equal or older step is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import string
from datetime import datetime, timedelta

import pyotp
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete
from sqlmodel import Session, col, func, select

from app.auth.models import RecoveryCode, User
from app.config import Settings
from app.db import serialise_on, utcnow
from app.errors import AppError
from app.i18n import gettext as _
from app.teams.models import Role, Team

ISSUER = "Ontdekkingstocht"
RECOVERY_CODES = 10
# Unambiguous on paper and on a phone keyboard: no 0/o, 1/l/i.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 10  # about 50 bits each
PENDING_LIFETIME = timedelta(minutes=10)
STEP_SECONDS = 30

STAGE_CODE = "code"
STAGE_ENROLL = "enroll"


class MfaError(AppError):
    """A wrong, reused or missing second-step code."""

    status_code = 400


class NothingEnteredError(MfaError):
    """Nothing was typed: asked for again, and no guess to count as a failure."""


def required_for(team: Team, role: Role) -> bool:
    return team.require_mfa and role in (Role.coordinator, Role.admin)


def is_enabled(user: User) -> bool:
    return user.totp_enabled_at is not None and user.totp_secret is not None


# --- the secret at rest ------------------------------------------------------------------------


def _key(settings: Settings) -> bytes:
    return hmac.new(settings.secret_key.encode(), b"ontdekkingstocht totp v1", "sha256").digest()


def seal(settings: Settings, user: User, secret: str) -> str:
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(_key(settings)).encrypt(nonce, secret.encode(), user.id.bytes)
    return "v1:" + base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(settings: Settings, user: User) -> str:
    if not user.totp_secret or not user.totp_secret.startswith("v1:"):
        raise MfaError(_("Tweestapsverificatie is voor dit account niet ingesteld."))
    raw = base64.urlsafe_b64decode(user.totp_secret[3:])
    try:
        return AESGCM(_key(settings)).decrypt(raw[:12], raw[12:], user.id.bytes).decode()
    except InvalidTag:
        # The server's secret key changed since this was set up: a coordinator resets it.
        raise MfaError(
            _(
                "Je tweestapsverificatie werkt niet meer. "
                "Vraag een coördinator om hem opnieuw in te stellen."
            )
        ) from None


# --- setting up --------------------------------------------------------------------------------


def start_setup(session: Session, settings: Settings, user: User) -> str:
    """The secret to show while setting up: the unconfirmed one from a reload, or a new one."""
    if user.totp_secret and user.totp_enabled_at is None:
        try:
            return unseal(settings, user)
        except MfaError:
            pass
    secret = pyotp.random_base32()
    user.totp_secret = seal(settings, user, secret)
    user.totp_enabled_at = None
    user.totp_last_step = None
    session.add(user)
    session.flush()
    return secret


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def grouped(secret: str) -> str:
    """For typing by hand: ABCD EFGH …"""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def confirm_setup(session: Session, settings: Settings, user: User, code: str) -> list[str]:
    """Turn two-step verification on once the app's first code matches; returns the new
    recovery codes (shown once, never again)."""
    serialise_on(session, f"mfa:{user.id}")
    if user.totp_enabled_at is not None:
        raise MfaError(_("Tweestapsverificatie staat al aan."))
    step = _matching_step(unseal(settings, user), code)
    if step is None:
        raise MfaError(
            _(
                "Deze code klopt niet. Kijk of de tijd op je telefoon goed staat "
                "en probeer de nieuwe code."
            )
        )
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    session.add(user)
    return new_recovery_codes(session, user)


def disable(session: Session, user: User) -> None:
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    session.add(user)
    session.execute(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user.id))
    session.flush()


# --- recovery codes ----------------------------------------------------------------------------


def _normalise(code: str) -> str:
    return "".join(c for c in code.lower() if c.isalnum())


def _hash(code: str) -> str:
    return hashlib.sha256(_normalise(code).encode()).hexdigest()


def new_recovery_codes(session: Session, user: User) -> list[str]:
    session.execute(delete(RecoveryCode).where(col(RecoveryCode.user_id) == user.id))
    codes = []
    for _i in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _j in range(RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
        session.add(RecoveryCode(user_id=user.id, code_hash=_hash(raw)))
    session.flush()
    return codes


def recovery_codes_left(session: Session, user: User) -> int:
    return session.exec(
        select(func.count())
        .select_from(RecoveryCode)
        .where(col(RecoveryCode.user_id) == user.id, col(RecoveryCode.used_at).is_(None))
    ).one()


def _use_recovery_code(session: Session, user: User, code: str) -> bool:
    wanted = _hash(code)
    rows = session.exec(
        select(RecoveryCode).where(
            col(RecoveryCode.user_id) == user.id, col(RecoveryCode.used_at).is_(None)
        )
    ).all()
    match = next((r for r in rows if hmac.compare_digest(r.code_hash, wanted)), None)
    if match is None:
        return False
    match.used_at = utcnow()
    session.add(match)
    session.flush()
    return True


# --- checking a code ---------------------------------------------------------------------------


def _matching_step(secret: str, code: str, now: datetime | None = None) -> int | None:
    """The time step a six-digit code belongs to: this one, or one step either side for a
    phone clock that is a little off."""
    # ASCII digits only: "²" and "١" are digits too, and compare_digest refuses them (a 500).
    code = "".join(c for c in code if c in string.digits)
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(secret, interval=STEP_SECONDS)
    moment = now or utcnow()
    for offset in (0, -1, 1):
        at = moment + timedelta(seconds=offset * STEP_SECONDS)
        if hmac.compare_digest(totp.at(at), code):
            return int(totp.timecode(at))
    return None


def verify(session: Session, settings: Settings, user: User, code: str) -> str:
    """Check a second-step code: a TOTP code (single use) or a recovery code. Returns which
    kind was used ("totp" or "recovery"); raises MfaError otherwise."""
    serialise_on(session, f"mfa:{user.id}")
    if not is_enabled(user):
        raise MfaError(_("Tweestapsverificatie is voor dit account niet ingesteld."))
    if not _normalise(code):
        raise NothingEnteredError(_("Vul de code van zes cijfers uit je app in."))
    digits = "".join(c for c in code if c.isdigit())
    if len(digits) == 6 and len(_normalise(code)) == 6:
        step = _matching_step(unseal(settings, user), code)
        if step is not None and (user.totp_last_step is None or step > user.totp_last_step):
            user.totp_last_step = step
            session.add(user)
            session.flush()
            return "totp"
        if step is not None:
            raise MfaError(_("Deze code is net al gebruikt. Wacht op de volgende code in je app."))
        raise MfaError(_("Deze code klopt niet. Probeer de code die nu in je app staat."))
    if _use_recovery_code(session, user, code):
        return "recovery"
    raise MfaError(_("Deze herstelcode klopt niet of is al gebruikt."))


# --- half-done logins --------------------------------------------------------------------------


def stage_for(user: User, team: Team, role: Role) -> str | None:
    if is_enabled(user):
        return STAGE_CODE
    if required_for(team, role):
        return STAGE_ENROLL
    return None
