"""Inzageverzoek (AVG art. 15): everything the team holds about one bewoner, in one place:
the record, every consent given or withdrawn, the conversations they took part in, what was
noted about them (private notes included: the resident has a right to those too), follow-ups,
the history of their record and who looked at it; other bewoners named in what the team wrote
read "een bewoner" (her copy gives no one else away). The same data as readable HTML and JSON,
and as a ZIP with the photos and recordings themselves (app.attachments.access): exactly the
attachments an erasure would take.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlmodel import Session, col, select

from app.attachments.access import attachment_entries
from app.attachments.models import Attachment
from app.attachments.privacy import attachments_about
from app.audit.models import AuditEvent
from app.changes.models import Revision
from app.changes.service import jsonable
from app.conversations.models import (
    Conversation,
    ConversationPerson,
    Discovery,
    DiscoveryPerson,
    FollowUp,
    RefType,
)
from app.people.models import Consent, Person
from app.people.scrub import redactor_for
from app.residents.models import ResidentProposal
from app.teams.models import Team
from app.teams.service import team_members


def access_package(
    session: Session, team: Team, person: Person
) -> tuple[dict[str, Any], list[Attachment]]:
    """The report, and the attachments whose files go with it."""
    users = {user.id: user.name for user, _role in team_members(session, team.id)}
    # Her copy: other bewoners named in what the team wrote read "een bewoner".
    others = redactor_for(session, person)

    def who(user_id: uuid.UUID | None) -> str:
        return users.get(user_id, "") if user_id else ""

    consents = session.exec(
        select(Consent)
        .where(col(Consent.person_id) == person.id)
        .order_by(col(Consent.recorded_at))
    ).all()
    talk_ids = select(ConversationPerson.conversation_id).where(
        col(ConversationPerson.person_id) == person.id
    )
    talks = session.exec(
        select(Conversation)
        .where(col(Conversation.id).in_(talk_ids), col(Conversation.team_id) == team.id)
        .order_by(col(Conversation.occurred_at))
    ).all()
    roles = session.exec(
        select(DiscoveryPerson).where(col(DiscoveryPerson.person_id) == person.id)
    ).all()
    role_of = {link.discovery_id: link.role for link in roles}
    discoveries = session.exec(
        select(Discovery)
        .where(
            col(Discovery.team_id) == team.id,
            col(Discovery.deleted_at).is_(None),
            col(Discovery.id).in_(list(role_of))
            | (
                (col(Discovery.from_ref_type) == RefType.person.value)
                & (col(Discovery.from_ref_id) == person.id)
            )
            | (
                (col(Discovery.to_ref_type) == RefType.person.value)
                & (col(Discovery.to_ref_id) == person.id)
            ),
        )
        .order_by(col(Discovery.created_at))
    ).all()
    follow_ups = session.exec(
        select(FollowUp)
        .where(col(FollowUp.team_id) == team.id, col(FollowUp.person_id) == person.id)
        .order_by(col(FollowUp.created_at))
    ).all()
    attachments = [
        a
        for a in attachments_about(
            session, person.id, [t.id for t in talks], [d.id for d in discoveries]
        )
        if a.deleted_at is None
    ]
    history = session.exec(
        select(Revision)
        .where(
            col(Revision.team_id) == team.id,
            col(Revision.entity) == "person",
            col(Revision.record_id) == person.id,
        )
        .order_by(col(Revision.version))
    ).all()
    proposals = session.exec(
        select(ResidentProposal)
        .where(col(ResidentProposal.person_id) == person.id)
        .order_by(col(ResidentProposal.created_at))
    ).all()
    views = session.exec(
        select(AuditEvent)
        .where(col(AuditEvent.team_id) == team.id, col(AuditEvent.record_id) == person.id)
        .order_by(col(AuditEvent.id))
    ).all()
    report: dict[str, Any] = jsonable(
        {
            "team": team.name,
            "lawful_basis": team.lawful_basis,
            "retention": {
                "review_months": team.retention_review_months,
                "delete_months": team.retention_delete_months,
            },
            "person": {
                "pseudonym": person.pseudonym,
                "first_name": person.first_name,
                "recognition": person.recognition,
                "street": person.street,
                "is_connector": person.is_connector,
                "last_contact_at": person.last_contact_at,
                "created_at": person.created_at,
                "updated_at": person.updated_at,
            },
            "consents": [
                {
                    "scopes": c.scopes,
                    "how": c.how,
                    "recorded_at": c.recorded_at,
                    "recorded_by": who(c.recorded_by_id),
                    "withdrawn_at": c.withdrawn_at,
                }
                for c in consents
            ],
            "conversations": [
                {
                    "occurred_at": t.occurred_at,
                    "place": others(t.place),
                    "summary": others(t.summary),
                    "by": who(t.created_by_id),
                }
                for t in talks
                if t.deleted_at is None
            ],
            "discoveries": [
                {
                    "kind": d.kind,
                    "role": role_of.get(d.id, "connection"),
                    "title": others(d.title),
                    "description": others(d.description),
                    "visibility": d.visibility,
                    "status": d.status,
                    "recorded_at": d.created_at,
                    "by": who(d.created_by_id),
                }
                for d in discoveries
            ],
            "attachments": [
                {**entry, "by": who(entry.pop("by_id"))}
                for entry in attachment_entries(session, team.id, attachments)
            ],
            "follow_ups": [
                {
                    "what": others(f.what),
                    "due_on": f.due_on,
                    "done_at": f.done_at,
                    "by": who(f.owner_id),
                }
                for f in follow_ups
                if f.deleted_at is None
            ],
            "history": [
                {
                    "version": r.version,
                    "action": r.action,
                    "changed_at": r.changed_at,
                    "by": who(r.changed_by_id),
                    "by_resident": r.by_resident,
                    "changes": r.changes,
                }
                for r in history
            ],
            # What she proposed on her own page, and what the team decided.
            "proposals": [
                {
                    "kind": p.kind,
                    "fields": p.fields,
                    "remark": p.remark,
                    "sent_at": p.created_at,
                    "decided_at": p.decided_at,
                    "outcome": p.outcome,
                    "decided_by": who(p.decided_by_id),
                }
                for p in proposals
            ],
            "seen_by": [
                {"action": e.action, "at": e.occurred_at, "by": who(e.actor_id)} for e in views
            ],
        }
    )
    return report, attachments
