"""Pages of the core domain: Vandaag, Nieuw gesprek and one gesprek."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from sqlmodel import col, select

from app.auth.dependencies import PrincipalDep, owned, require_form_csrf
from app.auth.models import User
from app.conversations.models import Conversation, ConversationPerson
from app.conversations.service import discoveries_of
from app.db import SessionDep
from app.people.models import Person
from app.teams.models import Neighbourhood
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
    people = list(
        session.exec(
            select(Person)
            .join(ConversationPerson, col(ConversationPerson.person_id) == col(Person.id))
            .where(ConversationPerson.conversation_id == conversation.id)
            .order_by(col(Person.pseudonym))
        )
    )
    author = session.get(User, conversation.created_by_id) if conversation.created_by_id else None
    neighbourhood = session.get(Neighbourhood, conversation.neighbourhood_id)
    return templates.TemplateResponse(
        request,
        "conversations/detail.html",
        {
            "nav": "today",
            "conversation": conversation,
            "people": people,
            "author": author,
            "neighbourhood": neighbourhood,
            "discoveries": discoveries_of(session, conversation.id),
        },
    )
