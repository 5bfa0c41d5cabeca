"""Pages of the core domain: Vandaag, Nieuw gesprek and one gesprek."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from app.auth.dependencies import PrincipalDep, owned, require_form_csrf
from app.conversations.detail import conversation_view
from app.conversations.models import Conversation
from app.db import SessionDep
from app.templating import templates

router = APIRouter(dependencies=[Depends(require_form_csrf)])

OwnedConversation = Annotated[Conversation, Depends(owned(Conversation, "conversation_id"))]


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
        },
    )
