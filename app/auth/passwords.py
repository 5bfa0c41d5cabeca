"""Argon2id password hashing (pwdlib) and the password rules."""

from __future__ import annotations

import asyncio
import os
import re
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import anyio
import anyio.to_thread
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from app.errors import AppError
from app.i18n import gettext as _

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
_COMMON = frozenset(
    {
        "wachtwoord123",
        "welkom123456",
        "password1234",
        "123456789012",
        "qwertyuiopas",
        "ontdekkingstocht",
        "wachtwoordwachtwoord",
    }
)

password_hash = PasswordHash((Argon2Hasher(),))
# Verified against when an e-mail address is unknown, so both paths cost the same time.
_DUMMY_HASH = password_hash.hash("not-a-real-password-just-for-timing")


# Argon2id takes 64 MB and most of a core for a moment. A burst of logins (a team's phones
# after an update; 200 at once in bench/load.py) ran dozens at a time per process: 3.2 GB of
# memory and every pooled database connection held by a login that was hashing. Logins take
# turns here, before they touch the database.
HASHING_AT_ONCE = max(2, os.cpu_count() or 2)
_HASHING = threading.BoundedSemaphore(HASHING_AT_ONCE)
# The same turns for a login's check on the event loop (check_password_in_turn), one set per
# loop: a login waiting to hash waits there, holding no worker thread.
_LIMITERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


@contextmanager
def hashing_turn() -> Iterator[None]:
    with _HASHING:
        yield


class WeakPasswordError(AppError):
    pass


def check_password_strength(password: str, *, email: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPasswordError(
            _("Kies een wachtwoord van minstens {n} tekens.").format(n=MIN_PASSWORD_LENGTH)
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPasswordError(_("Dit wachtwoord is te lang."))
    lowered = password.lower()
    if lowered in _COMMON or len(set(password)) < 5:
        raise WeakPasswordError(_("Dit wachtwoord is te makkelijk te raden. Kies een ander."))
    if any(part in lowered for part in _guessable_parts(email)):
        raise WeakPasswordError(_("Gebruik je e-mailadres niet in je wachtwoord."))


# Shorter parts of an address ("jo@", "t.de.vries@") are in nearly every password and give a
# guesser nothing: only the whole local part and its words of this length or more count.
MIN_GUESSABLE = 4


def _guessable_parts(email: str) -> set[str]:
    local = email.rsplit("@", 1)[0].lower() if "@" in email else ""
    parts = {local, *re.split(r"[^a-z]+", local)}
    return {p for p in parts if len(p) >= MIN_GUESSABLE}


def hash_password(password: str) -> str:
    return password_hash.hash(password)


def verify_password(password: str, hashed: str | None) -> bool:
    if hashed is None:
        password_hash.verify(password, _DUMMY_HASH)
        return False
    return password_hash.verify(password, hashed)


def _verify_in_turn(password: str, hashed: str | None) -> bool:
    with hashing_turn():
        return verify_password(password, hashed)


async def check_password_in_turn(password: str, hashed: str | None) -> bool:
    """verify_password in a worker thread once a hashing turn is free. The waiting is done on
    the event loop: a burst of logins never fills the worker threads that requests admitted
    to the database need (app.admission)."""
    loop = asyncio.get_running_loop()
    limiter = _LIMITERS.get(loop)
    if limiter is None:
        limiter = _LIMITERS[loop] = anyio.CapacityLimiter(HASHING_AT_ONCE)
    return await anyio.to_thread.run_sync(_verify_in_turn, password, hashed, limiter=limiter)
