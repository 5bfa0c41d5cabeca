"""Her links as her profile shows them to the team (app/templates/people/profile.html)."""

from __future__ import annotations

from fastapi import Request
from sqlmodel import Session

from app.auth.service import Principal
from app.people.models import Person
from app.qr import qr_svg
from app.residents.links import links_of, token_for
from app.residents.models import ResidentLink


def profile_links(
    request: Request, session: Session, principal: Principal, person: Person
) -> list[tuple[ResidentLink, str, object]]:
    """Her open links as the profile shows them: the link, its address and its QR code."""
    secret_key = request.app.state.settings.secret_key
    shown: list[tuple[ResidentLink, str, object]] = []
    for link in links_of(session, principal, person.id):
        url = str(request.url_for("resident_page", token=token_for(secret_key, link)))
        shown.append((link, url, qr_svg(url, scale=4)))
    return shown
