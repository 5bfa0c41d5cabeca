"""A login in three steps, so that checking the password never holds up anyone else.

Argon2 takes most of a second. Checked inside a writing request, it held SQLite's one turn to
write (app.admission) and every phone's push waited behind it. So a login reads the account
as a reader (refused at once past the throttle), checks the password with no connection, no
transaction and no turn held, and only then takes a turn to write, in which the throttle is
counted again before the outcome is recorded: guesses for one account checked at the same
time are decided one by one, and no more of them are answered than the throttle allows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlmodel import Session

from app.auth.passwords import check_password_in_turn
from app.auth.service import Principal, finish_login, read_login, wrong_credentials
from app.config import Settings
from app.db import DatabaseSteps
from app.errors import NotAuthenticatedError, TooManyRequestsError

T = TypeVar("T")


async def log_in(
    steps: DatabaseSteps,
    settings: Settings,
    *,
    email: str,
    password: str,
    user_agent: str,
    then: Callable[[Session, str, Principal], T],
) -> T:
    """Check the credentials and open a session, then call ``then(session, token, principal)``
    in the same writing transaction (it commits). A failed attempt is committed before
    NotAuthenticatedError or TooManyRequestsError is raised."""
    check = await steps.read(lambda session: read_login(session, settings, email=email))
    valid = await check_password_in_turn(password, check.password_hash)
    if check.email is None:
        raise wrong_credentials()  # no account to count a failure for: no write either

    def decide(session: Session) -> T:
        try:
            token, principal = finish_login(
                session, settings, check, valid=valid, user_agent=user_agent
            )
        except (NotAuthenticatedError, TooManyRequestsError):
            session.commit()  # the failed attempt counts towards throttling
            raise
        return then(session, token, principal)

    return await steps.write(decide)
