"""Weekoverleg: the team's weekly review of what the street taught them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Path, Query, Request, Response
from fastapi.responses import RedirectResponse

from app.auth.dependencies import PrincipalDep, owned, require_form_csrf
from app.auth.models import User
from app.conversations.discovery_form import COMPLETE_FIELDS, form_version, parse_fields
from app.conversations.discovery_page import may_edit, save_discovery
from app.conversations.models import Discovery, ReviewStatus
from app.conversations.visibility import can_see
from app.dates import local_today
from app.db import SessionDep, utcnow
from app.dependencies import FormDep
from app.errors import AppError, NotFoundError
from app.i18n import gettext as _
from app.people.retention import upcoming
from app.residents.proposals import (
    consent_by_residents,
    decide_proposal,
    open_proposals,
)
from app.review.cards import cards_this_quarter
from app.review.open_items import done_lately, move_ask, open_asks, talk_to_list
from app.review.service import (
    KIND_ORDER,
    REVIEW_PAGE,
    Decision,
    decide,
    follow_ups_by_owner,
    last_meeting,
    new_discoveries,
    open_conflicts,
    record_meeting,
    resolve_conflict,
    stay_in_touch,
    theme_counts,
)
from app.teams.service import team_users
from app.templating import templates
from app.validation import FormText, InputError, parse_day

router = APIRouter(dependencies=[Depends(require_form_csrf)])

# Without a weekoverleg yet: the consent bewoners changed themselves in the last weeks.
RESIDENT_CONSENT_SHOWN = timedelta(days=28)
OwnedDiscovery = Annotated[Discovery, Depends(owned(Discovery, "discovery_id"))]
DECISIONS = {
    s.value: s for s in (ReviewStatus.discussed, ReviewStatus.follow_up, ReviewStatus.parked)
}


def _expanded(kind: str) -> str | None:
    """The kind whose open discoveries are all shown (?alle=quality); anything else: none."""
    return kind if kind in KIND_ORDER else None


def _back_to_review(kind: str, expand: str) -> str:
    query = f"?alle={kind}" if _expanded(expand) == kind else ""
    return f"/weekoverleg{query}#soort-{kind}"


@router.get("/weekoverleg")
def weekly_review(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    alle: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    now = utcnow()
    today = local_today(now)
    meeting = last_meeting(session, principal.team.id)
    since = meeting.held_at if meeting else None
    expand = _expanded(alle)
    groups, earlier = new_discoveries(session, principal, since, expand=expand)
    members = team_users(session, principal.team.id, active_only=True)
    return templates.TemplateResponse(
        request,
        "review/weekly.html",
        {
            "nav": "review",
            "today": today,
            "meeting": meeting,
            "meeting_attendees": _names(members, meeting.attendee_ids if meeting else []),
            "groups": groups,
            "new_count": sum(g.total for g in groups),
            "earlier": earlier,
            "earlier_count": sum(g.total for g in earlier),
            "expand": expand,
            "page_size": REVIEW_PAGE,
            "themes": theme_counts(session, principal, since),
            "conflicts": open_conflicts(session, principal),
            "follow_ups": follow_ups_by_owner(session, principal, today),
            "stale": stay_in_touch(session, principal, now),
            "stale_weeks": principal.team.stale_contact_weeks,
            "retention": upcoming(session, principal.team, now),
            "members": members,
            "asks": open_asks(session, principal),
            "talk_to": talk_to_list(session, principal),
            "done_lately": done_lately(session, principal, now),
            "may_edit": may_edit,
            "complete_fields": COMPLETE_FIELDS,
            "card_counts": cards_this_quarter(session, principal.team, today),
            "from_residents": open_proposals(session, principal),
            "consent_by_residents": consent_by_residents(
                session, principal.team.id, since or now - RESIDENT_CONSENT_SHOWN
            ),
        },
    )


def _names(members: Sequence[User], ids: list[str]) -> list[str]:
    wanted = set(ids)
    return [m.name for m in members if str(m.id) in wanted]


@router.post("/weekoverleg/ontdekkingen/{discovery_id}")
def decide_discovery(
    session: SessionDep,
    principal: PrincipalDep,
    discovery: OwnedDiscovery,
    status: Annotated[FormText, Form()],
    note: Annotated[FormText, Form(max_length=1000)] = "",
    highlight: Annotated[FormText, Form(max_length=5)] = "",
    follow_up_what: Annotated[FormText, Form(max_length=300)] = "",
    follow_up_owner: Annotated[FormText, Form(max_length=40)] = "",
    follow_up_due: Annotated[FormText, Form(max_length=10)] = "",
    alle: Annotated[FormText, Form(max_length=20)] = "",
) -> Response:
    if status not in DECISIONS:
        raise AppError(_("Kies besproken, opvolgen of parkeren."))
    if not can_see(principal, discovery):
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    try:
        owner = uuid.UUID(follow_up_owner) if follow_up_owner else None
        due = parse_day(follow_up_due) if follow_up_due else None
    except InputError as exc:
        raise AppError(exc.message) from None
    except ValueError:
        raise AppError(_("Kies een eigenaar en een datum als jjjj-mm-dd.")) from None
    decide(
        session,
        principal,
        discovery,
        Decision(
            status=DECISIONS[status],
            note=note,
            highlight=highlight == "1",
            follow_up_what=follow_up_what,
            follow_up_owner=owner,
            follow_up_due=due,
        ),
    )
    session.commit()
    return RedirectResponse(_back_to_review(discovery.kind, alle), status_code=303)


@router.post("/weekoverleg/samenvoegingen/{revision_id}")
def keep_value(
    session: SessionDep,
    principal: PrincipalDep,
    revision_id: Annotated[int, Path(ge=1, le=2**63 - 1)],
    keep: Annotated[FormText, Form(max_length=10)],
) -> Response:
    resolve_conflict(session, principal, revision_id, keep)
    session.commit()
    return RedirectResponse("/weekoverleg#samenvoegingen", status_code=303)


@router.post("/weekoverleg/vergaderingen")
def save_meeting(
    session: SessionDep,
    principal: PrincipalDep,
    held_on: Annotated[FormText, Form(max_length=10)],
    attendees: Annotated[list[str] | None, Form()] = None,
    notes: Annotated[FormText, Form(max_length=5000)] = "",
) -> Response:
    try:
        day = parse_day(held_on)
    except InputError as exc:
        raise AppError(exc.message) from None
    try:
        attendee_ids = [uuid.UUID(a) for a in attendees or []]
    except ValueError:
        raise AppError(_("Deze deelnemer kent het weekoverleg niet.")) from None
    record_meeting(session, principal, held_on=day, attendee_ids=attendee_ids, notes=notes)
    session.commit()
    return RedirectResponse("/weekoverleg?vastgelegd=1", status_code=303)


@router.post("/weekoverleg/ontdekkingen/{discovery_id}/aanvullen")
def complete_discovery(
    session: SessionDep,
    principal: PrincipalDep,
    discovery: OwnedDiscovery,
    form: FormDep,
) -> Response:
    """Fill in what the team learns while discussing an item (an idea's three questions, a
    group's "zouden graag" and "als je het vraagt"), as the discovery page saves it."""
    names = COMPLETE_FIELDS.get(discovery.kind)
    if names is None:
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    try:
        version = form_version(form)
    except InputError as exc:
        raise AppError(exc.message) from None
    fields = parse_fields(form, names)
    save_discovery(session, principal, discovery, base_version=version, fields=fields)
    session.commit()
    expand = form.get("alle")
    query = f"?alle={discovery.kind}" if expand == discovery.kind else ""
    return RedirectResponse(f"/weekoverleg{query}#item-{discovery.id}", status_code=303)


@router.post("/weekoverleg/vragen/{discovery_id}")
def move_ask_on(
    session: SessionDep,
    principal: PrincipalDep,
    discovery: OwnedDiscovery,
    ask_id: Annotated[FormText, Form(max_length=40)] = "",
    status: Annotated[FormText, Form(max_length=20)] = "",
) -> Response:
    """An idea's ask to a partner moves on: toegezegd, geregeld, or afgewezen."""
    move_ask(session, principal, discovery, ask_id=ask_id, status=status)
    session.commit()
    return RedirectResponse("/weekoverleg#vragen", status_code=303)


@router.post("/weekoverleg/van-bewoners/{proposal_id}")
def from_a_resident(
    session: SessionDep,
    principal: PrincipalDep,
    proposal_id: uuid.UUID,
    decision: Annotated[FormText, Form(max_length=20)] = "",
) -> Response:
    """What a bewoner proposed on her own page: taken over (a change like any, its revision
    saying it came from her) or not."""
    decide_proposal(session, principal, proposal_id, decision)
    session.commit()
    return RedirectResponse("/weekoverleg#van-bewoners", status_code=303)
