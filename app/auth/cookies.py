"""The session cookie and where a login may send the browser next."""

from __future__ import annotations

from fastapi import Response

from app.config import Settings
from app.security import session_cookie_name


def _harmless(char: str) -> bool:
    # Browsers drop tabs and newlines from URLs and read a backslash as a slash, so
    # "/\t/evil.example" becomes "//evil.example": another site. No whitespace or control
    # character of any kind, no backslash.
    return char.isprintable() and not char.isspace() and char != "\\"


def safe_next(target: str | None) -> str:
    """Where to go after a login: a path on this site, or else the start page."""
    if (
        not target
        or not target.startswith("/")
        or target.startswith("//")
        or not all(_harmless(c) for c in target)
    ):
        return "/"
    return target


def set_session_cookie(response: Response, settings: Settings, token: str) -> None:
    response.set_cookie(
        session_cookie_name(settings),
        token,
        max_age=int(settings.session_absolute.total_seconds()),
        httponly=True,
        secure=settings.is_production,
        samesite="lax",
        path="/",
    )


def clear_session_cookie(response: Response, settings: Settings) -> None:
    response.delete_cookie(
        session_cookie_name(settings),
        path="/",
        secure=settings.is_production,
        httponly=True,
        samesite="lax",
    )
