"""One gesprek as the team sees it: who took part, who wrote it, where, and its discoveries —
a colleague's private ones left out (the one visibility rule, app.conversations.visibility)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlmodel import Session, col, select

from app.attachments.service import photo_consented
from app.attachments.views import AttachmentView, of_conversations
from app.auth.models import User
from app.auth.service import Principal
from app.conversations.models import Conversation, ConversationPerson, Discovery
from app.conversations.visibility import visible_discovery
from app.people.models import Person
from app.teams.models import Neighbourhood


@dataclass(frozen=True)
class ConversationView:
    conversation: Conversation
    people: list[Person]
    author: User | None
    neighbourhood: Neighbourhood | None
    discoveries: list[Discovery]
    attachments: list[AttachmentView]
    # Who may be on a photo: the conversation's people with consent for photos.
    photo_people: set[uuid.UUID]


def conversation_view(
    session: Session, principal: Principal, conversation: Conversation
) -> ConversationView:
    people = session.exec(
        select(Person)
        .join(ConversationPerson, col(ConversationPerson.person_id) == col(Person.id))
        .where(col(ConversationPerson.conversation_id) == conversation.id)
        .order_by(col(Person.pseudonym))
    ).all()
    discoveries = session.exec(
        select(Discovery)
        .where(
            col(Discovery.conversation_id) == conversation.id,
            col(Discovery.deleted_at).is_(None),
            visible_discovery(principal),
        )
        .order_by(col(Discovery.created_at))
    ).all()
    author_id = conversation.created_by_id
    return ConversationView(
        conversation,
        list(people),
        session.get(User, author_id) if author_id else None,
        session.get(Neighbourhood, conversation.neighbourhood_id),
        list(discoveries),
        of_conversations(session, principal, [conversation.id]).get(conversation.id, []),
        photo_consented(session, [p.id for p in people]),
    )
