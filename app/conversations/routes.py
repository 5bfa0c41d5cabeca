"""Pages of the core domain: Vandaag, Nieuw gesprek, one gesprek and one ontdekking."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request, Response
from fastapi.responses import RedirectResponse

from app.attachments.models import Attachment
from app.attachments.pages import attachment_form, delete_attachment_from_page, save_attachment
from app.auth.dependencies import PrincipalDep, owned, require_form_csrf
from app.auth.service import Principal
from app.conversations.detail import conversation_view
from app.conversations.discovery_form import discovery_form, form_version
from app.conversations.discovery_page import Fields, discovery_page, save_discovery
from app.conversations.follow_ups import set_done
from app.conversations.models import Conversation, Discovery, FollowUp
from app.db import SessionDep
from app.dependencies import FormDep
from app.errors import AppError, NotFoundError, PermissionDeniedError
from app.templating import templates
from app.validation import FormText, InputError

router = APIRouter(dependencies=[Depends(require_form_csrf)])

OwnedConversation = Annotated[Conversation, Depends(owned(Conversation, "conversation_id"))]
OwnedDiscovery = Annotated[Discovery, Depends(owned(Discovery, "discovery_id"))]
OwnedAttachment = Annotated[Attachment, Depends(owned(Attachment, "attachment_id"))]
OwnedFollowUp = Annotated[FollowUp, Depends(owned(FollowUp, "follow_up_id"))]


# Vandaag and Nieuw gesprek are app-shell pages: no data and no login check on the server, so
# the service worker can keep them and they open from a cold start offline. The browser fills
# them from its own store and sends the user to /login when it has no session.
@router.get("/")
def today(request: Request) -> Response:
    return templates.TemplateResponse(
        request, "conversations/today.html", {"nav": "today", "shell": True}
    )


@router.get("/gesprekken/nieuw")
def new_conversation(request: Request) -> Response:
    return templates.TemplateResponse(
        request, "conversations/new.html", {"nav": "new", "shell": True}
    )


@router.get("/gesprekken/{conversation_id}")
def conversation_detail(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    conversation: OwnedConversation,
) -> Response:
    return _conversation_response(request, session, principal, conversation)


def _conversation_response(
    request: Request,
    session: SessionDep,
    principal: Principal,
    conversation: Conversation,
    *,
    error: str = "",
) -> Response:
    view = conversation_view(session, principal, conversation)
    return templates.TemplateResponse(
        request,
        "conversations/detail.html",
        {
            "nav": "today",
            "conversation": view.conversation,
            "people": view.people,
            "author": view.author,
            "neighbourhood": view.neighbourhood,
            "discoveries": view.discoveries,
            "attachments": view.attachments,
            "photo_people": view.photo_people,
            "error": error,
            "saved": request.query_params.get("bijlage"),
        },
        status_code=422 if error else 200,
    )


@router.post("/bijlagen/{attachment_id}")
def attachment_save(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    attachment: OwnedAttachment,
    form: FormDep,
) -> Response:
    """Caption, who may see it, who is on it, which discovery: a synced change on the version
    the form was opened at. A refusal shows the conversation again with the reason."""
    try:
        fields = attachment_form(form)
        save_attachment(
            session, principal, attachment, base_version=form_version(form), fields=fields
        )
    except (NotFoundError, PermissionDeniedError):
        raise
    except (AppError, InputError) as exc:
        session.rollback()
        conversation = session.get(Conversation, attachment.conversation_id)
        assert conversation is not None
        return _conversation_response(request, session, principal, conversation, error=exc.message)
    session.commit()
    return RedirectResponse(
        f"/gesprekken/{attachment.conversation_id}?bijlage=opgeslagen#bijlage-{attachment.id}",
        status_code=303,
    )


@router.post("/bijlagen/{attachment_id}/verwijderen")
def attachment_delete(
    session: SessionDep, principal: PrincipalDep, attachment: OwnedAttachment
) -> Response:
    conversation_id = attachment.conversation_id
    delete_attachment_from_page(session, principal, attachment)
    session.commit()
    return RedirectResponse(
        f"/gesprekken/{conversation_id}?bijlage=verwijderd#bijlagen", status_code=303
    )


def _discovery_response(
    request: Request,
    session: SessionDep,
    principal: Principal,
    discovery: Discovery,
    *,
    values: Fields | None = None,
    error: str = "",
) -> Response:
    page = discovery_page(session, principal, discovery, values)
    return templates.TemplateResponse(
        request,
        "conversations/discovery.html",
        {"nav": "journey", "page": page, "error": error},
        status_code=422 if error else 200,
    )


@router.get("/ontdekkingen/{discovery_id}")
def discovery_detail(
    request: Request, session: SessionDep, principal: PrincipalDep, discovery: OwnedDiscovery
) -> Response:
    return _discovery_response(request, session, principal, discovery)


@router.post("/ontdekkingen/{discovery_id}")
def discovery_save(
    request: Request,
    session: SessionDep,
    principal: PrincipalDep,
    discovery: OwnedDiscovery,
    form: FormDep,
) -> Response:
    """Saved as a synced change on the version the form was opened at. A refusal shows the
    page again with what was typed and the reason in Dutch."""
    fields: Fields = {}
    try:
        fields = discovery_form(form, discovery.kind, may_highlight=principal.is_coordinator)
        edit = save_discovery(
            session, principal, discovery, base_version=form_version(form), fields=fields
        )
    except (NotFoundError, PermissionDeniedError):
        raise
    except (AppError, InputError) as exc:
        session.rollback()
        message = exc.message
        return _discovery_response(
            request, session, principal, discovery, values=fields, error=message
        )
    session.commit()
    query = {"opgeslagen": "samengevoegd" if edit.merged else ("1" if edit.changed else "0")}
    if edit.conflicts:
        query["allebei"] = ",".join(edit.conflicts)
    return RedirectResponse(
        f"/ontdekkingen/{discovery.id}?{urlencode(query)}#opgeslagen", status_code=303
    )


def _back_from_follow_up(back: str, follow_up: FollowUp) -> str:
    """Back to where the button was; only these places, so the form names no address."""
    if back == "bewoner" and follow_up.person_id:
        return f"/bewoners/{follow_up.person_id}#vervolg"
    if back == "nog-te-spreken":
        return "/weekoverleg#nog-te-spreken"
    if back == "gedaan":
        return "/weekoverleg#gedaan"
    return "/weekoverleg#afspraken"


@router.post("/vervolgafspraken/{follow_up_id}/gedaan")
def follow_up_done(
    session: SessionDep,
    principal: PrincipalDep,
    follow_up: OwnedFollowUp,
    done: Annotated[FormText, Form(max_length=1)] = "1",
    back: Annotated[FormText, Form(max_length=20)] = "",
) -> Response:
    """Gedaan (or Gesproken) ticks it off now; done=0 opens it again."""
    set_done(session, principal, follow_up, done=done != "0")
    session.commit()
    return RedirectResponse(_back_from_follow_up(back, follow_up), status_code=303)
