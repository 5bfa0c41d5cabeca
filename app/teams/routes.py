"""Team settings (coordinators and admins only)."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from app.auth.dependencies import CoordinatorDep, require_form_csrf
from app.db import SessionDep
from app.teams import cards
from app.teams import settings as team_settings
from app.teams.models import AddressForm, PromptCard, PromptGroup, Role, Theme
from app.teams.service import list_neighbourhoods, list_themes
from app.templating import templates
from app.validation import FormText, parse_whole_number

router = APIRouter(dependencies=[Depends(require_form_csrf)])


def _done(section: str) -> Response:
    return RedirectResponse(f"/team?bewaard=1#{section}", status_code=303)


@router.get("/team")
def team_page(request: Request, session: SessionDep, principal: CoordinatorDep) -> Response:
    prompts = cards.team_cards(session, principal.team.id)
    retired = cards.team_cards(session, principal.team.id, retired=True)
    form = principal.team.address_form
    return templates.TemplateResponse(
        request,
        "teams/settings.html",
        {
            "nav": "",
            "members": team_settings.members(session, principal),
            "roles": [r.value for r in Role],
            "buurten": list_neighbourhoods(session, principal.team.id),
            "themes": list_themes(session, principal.team.id),
            "prompts": prompts,
            "retired_prompts": retired,
            "shown": cards.shown_texts([*prompts, *retired], form),
            "address_forms": [f.value for f in AddressForm],
            "cards_added": request.query_params.get("kaarten"),
            "groups": [g.value for g in PromptGroup],
            "saved": request.query_params.get("bewaard"),
            "member_added": request.query_params.get("lid"),
        },
    )


@router.post("/team/leden")
def add_member(
    session: SessionDep,
    principal: CoordinatorDep,
    name: Annotated[FormText, Form(max_length=120)],
    email: Annotated[FormText, Form(max_length=254)],
    role: Annotated[FormText, Form(max_length=16)],
    password: Annotated[FormText, Form(max_length=256)],
) -> Response:
    team_settings.add_member(
        session, principal, name=name, email=email, role=role, password=password
    )
    session.commit()
    # One answer whether or not the address has an account elsewhere: the list says which.
    return RedirectResponse("/team?lid=1#leden", status_code=303)


@router.post("/team/leden/{user_id}/rol")
def change_role(
    session: SessionDep,
    principal: CoordinatorDep,
    user_id: uuid.UUID,
    role: Annotated[FormText, Form(max_length=16)],
) -> Response:
    team_settings.change_role(session, principal, user_id, role)
    session.commit()
    return _done("leden")


@router.post("/team/buurten")
def add_buurt(
    session: SessionDep, principal: CoordinatorDep, name: Annotated[FormText, Form(max_length=80)]
) -> Response:
    team_settings.add_buurt(session, principal, name)
    session.commit()
    return _done("buurten")


@router.post("/team/themas")
def add_theme(
    session: SessionDep, principal: CoordinatorDep, name: Annotated[FormText, Form(max_length=80)]
) -> Response:
    team_settings.add_theme(session, principal, name)
    session.commit()
    return _done("themas")


@router.post("/team/themas/{theme_id}/weg")
def remove_theme(session: SessionDep, principal: CoordinatorDep, theme_id: uuid.UUID) -> Response:
    team_settings.remove(session, principal, Theme, theme_id)
    session.commit()
    return _done("themas")


@router.post("/team/vragen")
def add_prompt(
    session: SessionDep,
    principal: CoordinatorDep,
    group: Annotated[FormText, Form(max_length=16)],
    text: Annotated[FormText, Form(max_length=400)],
) -> Response:
    cards.add_card(session, principal, group, text)
    session.commit()
    return _done("vragen")


@router.post("/team/vragen/standaard")
def add_standard_prompts(session: SessionDep, principal: CoordinatorDep) -> Response:
    added = cards.add_missing_standard_cards(session, principal)
    session.commit()
    return RedirectResponse(f"/team?kaarten={added}#vragen", status_code=303)


@router.post("/team/vragen/{prompt_id}/bewerk")
def edit_prompt(
    session: SessionDep,
    principal: CoordinatorDep,
    prompt_id: uuid.UUID,
    group: Annotated[FormText, Form(max_length=16)],
    text: Annotated[FormText, Form(max_length=400)],
) -> Response:
    cards.edit_card(session, principal, prompt_id, group=group, text=text)
    session.commit()
    return _done("vragen")


@router.post("/team/vragen/{prompt_id}/omhoog")
def prompt_up(session: SessionDep, principal: CoordinatorDep, prompt_id: uuid.UUID) -> Response:
    cards.move_card(session, principal, prompt_id, up=True)
    session.commit()
    return _done("vragen")


@router.post("/team/vragen/{prompt_id}/omlaag")
def prompt_down(session: SessionDep, principal: CoordinatorDep, prompt_id: uuid.UUID) -> Response:
    cards.move_card(session, principal, prompt_id, up=False)
    session.commit()
    return _done("vragen")


@router.post("/team/vragen/{prompt_id}/terug")
def restore_prompt(
    session: SessionDep, principal: CoordinatorDep, prompt_id: uuid.UUID
) -> Response:
    cards.restore_card(session, principal, prompt_id)
    session.commit()
    return _done("vragen")


@router.post("/team/aanspreekvorm")
def address_form(
    session: SessionDep, principal: CoordinatorDep, form: Annotated[FormText, Form(max_length=4)]
) -> Response:
    cards.set_address_form(session, principal, form)
    session.commit()
    return _done("vragen")


@router.post("/team/vragen/{prompt_id}/weg")
def remove_prompt(session: SessionDep, principal: CoordinatorDep, prompt_id: uuid.UUID) -> Response:
    team_settings.remove(session, principal, PromptCard, prompt_id)
    session.commit()
    return _done("vragen")


@router.post("/team/in-gesprek-blijven")
def stale_weeks(
    session: SessionDep, principal: CoordinatorDep, weeks: Annotated[FormText, Form(max_length=10)]
) -> Response:
    team_settings.set_stale_weeks(session, principal, parse_whole_number(weeks) or 0)
    session.commit()
    return _done("contact")


@router.post("/team/privacy")
def privacy(
    session: SessionDep,
    principal: CoordinatorDep,
    basis: Annotated[FormText, Form(max_length=24)],
    review: Annotated[FormText, Form(max_length=4)],
    delete: Annotated[FormText, Form(max_length=4)],
) -> Response:
    team_settings.set_privacy(
        session,
        principal,
        basis=basis,
        review_months=parse_whole_number(review) or 0,
        delete_months=parse_whole_number(delete) or 0,
    )
    session.commit()
    return _done("privacy")


@router.post("/team/tweestaps")
def require_mfa(
    session: SessionDep,
    principal: CoordinatorDep,
    require: Annotated[FormText, Form(max_length=4)] = "",
) -> Response:
    team_settings.set_require_mfa(session, principal, require=require == "ja")
    session.commit()
    return _done("tweestaps")


@router.post("/team/leden/{user_id}/tweestaps-resetten")
def reset_mfa(session: SessionDep, principal: CoordinatorDep, user_id: uuid.UUID) -> Response:
    team_settings.reset_member_mfa(session, principal, user_id)
    session.commit()
    return _done("leden")
