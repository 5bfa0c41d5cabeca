"""What a bewoner proposes on her own page, and the team taking it over (issue #18).

She corrects or adds to what was noted about her: her qualities in her own words and what
she wants to share, teach or learn; a group's "zouden graag"; an idea's three questions, and
as its trekker its phase and what it asks of partners; or she says in her words that
something is not right. Each is a proposal the team sees in the weekoverleg ("Van
bewoners"). Taken over, it is a change like any other (app.sync.engine): a new version, a
change number for every phone, and a revision that says it came from her. Only the fields
she changed are taken over, on the version she saw, so what the team changed meanwhile stays.
Her consent is not a proposal: it applies at once (app.people.consent.set_own_consent).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from app.auth.service import Principal
from app.changes.models import Revision
from app.conversations.discovery_page import may_edit
from app.conversations.models import (
    AskStatus,
    Dimension,
    Discovery,
    DiscoveryKind,
    IdeaPhase,
    PersonRole,
    QualityType,
    Willingness,
)
from app.conversations.visibility import can_see
from app.db import utcnow
from app.errors import AppError, NotFoundError, PermissionDeniedError
from app.i18n import gettext as _
from app.people.lifecycle import scopes_of
from app.people.models import ConsentScope, Person
from app.people.names import onto_real
from app.people.scrub import redactor_for
from app.residents.models import ProposalKind, ProposalOutcome, ResidentLink, ResidentProposal
from app.residents.view import NotedItem, noted_items
from app.sync.engine import change_from_page
from app.sync.entities import ENTITIES
from app.sync.history import fields_at
from app.sync.page_edit import edit_from_page

# A bewoner's open proposals at most: enough for a long talk with herself, not a flood.
MAX_OPEN = 30
TEXT_LIMITS = {"title": 200, "remark": 2000, "new_ask_what": 300, "new_ask_partner": 120}
LONG_TEXT = 4000
IDEA_QUESTIONS = ("idea_self", "idea_little_help", "idea_outside")
# What she can: in her words, a gift, skill, knowledge or passion, of head, heart or hands,
# and what she wants to do with it.
QUALITY = ("title", "description", "quality_type", "dimensions", "willingness")
GROUP = ("group_would_like", "group_if_asked")
# Every field any of her forms may carry.
PROPOSABLE = (*QUALITY, *GROUP, *IDEA_QUESTIONS, "status", "new_ask")


def proposable(item: NotedItem) -> tuple[str, ...]:
    """The fields she may propose for something noted about her; the rest only by remark."""
    if item.kind == DiscoveryKind.quality.value:
        return QUALITY
    if item.kind == DiscoveryKind.group.value:
        return GROUP
    if item.kind == DiscoveryKind.idea.value:
        if PersonRole.trekker.value in item.roles:
            return (*IDEA_QUESTIONS, "status", "new_ask")
        return IDEA_QUESTIONS
    return ()


@dataclass(frozen=True)
class Proposed:
    """What her form asks for, already cleaned (app.discovery_form's helpers)."""

    fields: dict[str, Any]
    remark: str


CHOICE_LISTS: dict[str, type[StrEnum]] = {"willingness": Willingness, "dimensions": Dimension}


def _check_text(name: str, value: str) -> str:
    limit = TEXT_LIMITS.get(name, LONG_TEXT)
    if len(value) > limit:
        raise AppError(_("Dit is te lang: ten hoogste %(n)s tekens.") % {"n": limit})
    return value


def _check(name: str, value: Any) -> Any:
    if name in CHOICE_LISTS:
        options = [o.value for o in CHOICE_LISTS[name]]
        if not isinstance(value, list) or not set(value) <= set(options):
            raise AppError(_("Deze keuze kent de app niet."))
        return [o for o in options if o in value]
    if name == "quality_type":
        if value and value not in {q.value for q in QualityType}:
            raise AppError(_("Deze keuze kent de app niet."))
        return value or None
    if name == "status":
        if value not in {p.value for p in IdeaPhase}:
            raise AppError(_("Deze keuze kent de app niet."))
        return value
    if name == "new_ask":
        what = _check_text("new_ask_what", str(value.get("what") or "").strip())
        partner = _check_text("new_ask_partner", str(value.get("partner") or "").strip())
        return {"what": what, "partner": partner} if what else None
    if not isinstance(value, str):
        raise AppError(_("Deze keuze kent de app niet."))
    return _check_text(name, value.strip())


def _open_count(session: Session, person_id: uuid.UUID) -> int:
    """Her proposals still waiting for the team; one about something the team deleted since
    waits for nobody, and takes no room."""
    return session.exec(
        select(func.count())
        .select_from(ResidentProposal)
        .outerjoin(Discovery, col(Discovery.id) == col(ResidentProposal.discovery_id))
        .where(
            col(ResidentProposal.person_id) == person_id,
            col(ResidentProposal.decided_at).is_(None),
            or_(col(ResidentProposal.discovery_id).is_(None), col(Discovery.deleted_at).is_(None)),
        )
    ).one()


def _room_for_one_more(session: Session, person: Person) -> None:
    if _open_count(session, person.id) >= MAX_OPEN:
        raise AppError(
            _(
                "Er liggen al veel voorstellen van je bij het team. Wacht tot ze besproken "
                "zijn, of vertel het je contact in het team."
            )
        )


def propose_change(
    session: Session,
    link: ResidentLink,
    person: Person,
    discovery_id: uuid.UUID,
    version: int,
    proposed: Proposed,
) -> ResidentProposal:
    """Her correction of something noted about her, and/or her remark on it. Her form shows
    the record at `version`: only what differs from what it showed her is proposed, so a
    field the team changed since is not put back by a form that merely showed it."""
    item = next((i for i in noted_items(session, person) if i.id == discovery_id), None)
    discovery = session.get(Discovery, discovery_id)
    if item is None or discovery is None:
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    version = max(1, min(version, discovery.version))
    redact = redactor_for(session, person)
    shown = fields_at(session, "discovery", discovery, version)
    allowed = proposable(item)
    changed: dict[str, Any] = {}
    for name, value in proposed.fields.items():
        if name not in allowed:
            raise AppError(_("Dit kun je hier niet aanpassen; schrijf het in je opmerking."))
        clean = _check(name, value)
        before = shown.get(name)
        if isinstance(before, str):
            before = redact(before)
        elif isinstance(before, list) and name in CHOICE_LISTS:
            before = [o.value for o in CHOICE_LISTS[name] if o.value in before]
        if (clean is not None or name == "quality_type") and clean != before:
            changed[name] = clean
    remark = _check_text("remark", proposed.remark.strip())
    if not changed and not remark:
        raise AppError(_("Je hebt niets veranderd of opgeschreven."))
    _room_for_one_more(session, person)
    proposal = ResidentProposal(
        team_id=person.team_id,
        person_id=person.id,
        link_id=link.id,
        kind=(ProposalKind.change if changed else ProposalKind.remark).value,
        discovery_id=discovery_id,
        base_version=version,
        fields=changed,
        remark=remark,
    )
    session.add(proposal)
    session.flush()
    return proposal


def propose_new_quality(
    session: Session, link: ResidentLink, person: Person, proposed: Proposed
) -> ResidentProposal:
    """Something she can, or wants to share, teach or learn, that was not noted yet."""
    fields = {
        name: _check(name, proposed.fields.get(name, [] if name in CHOICE_LISTS else ""))
        for name in QUALITY
    }
    if not fields["title"] and not fields["description"]:
        raise AppError(_("Schrijf op wat je kunt, of wat je wilt delen of leren."))
    _room_for_one_more(session, person)
    proposal = ResidentProposal(
        team_id=person.team_id,
        person_id=person.id,
        link_id=link.id,
        kind=ProposalKind.new_quality.value,
        fields=fields,
        remark=_check_text("remark", proposed.remark.strip()),
    )
    session.add(proposal)
    session.flush()
    return proposal


# ----------------------------------------------------------------------------- the team


@dataclass(frozen=True)
class OpenProposal:
    proposal: ResidentProposal
    person: Person
    discovery: Discovery | None  # what it is about; None for something new
    may_accept: bool
    fields: dict[str, Any]  # what taking it over writes (her text edits on the text as written)


def open_proposals(session: Session, principal: Principal) -> list[OpenProposal]:
    """The weekoverleg's "Van bewoners": every open proposal of the team, oldest first;
    one about something the reader may not see (made private meanwhile) is not shown."""
    rows = session.exec(
        select(ResidentProposal, Person)
        .join(Person, col(Person.id) == col(ResidentProposal.person_id))
        .where(
            col(ResidentProposal.team_id) == principal.team.id,
            col(ResidentProposal.decided_at).is_(None),
        )
        .order_by(col(ResidentProposal.created_at), col(ResidentProposal.id))
    ).all()
    ids = [p.discovery_id for p, _person in rows if p.discovery_id is not None]
    found = {d.id: d for d in session.exec(select(Discovery).where(col(Discovery.id).in_(ids)))}
    shown = []
    for proposal, person in rows:
        discovery = found.get(proposal.discovery_id) if proposal.discovery_id else None
        if proposal.discovery_id is not None and (
            discovery is None or not can_see(principal, discovery)
        ):
            continue
        shown.append(
            OpenProposal(
                proposal,
                person,
                discovery,
                may_accept=discovery is None or may_edit(principal, discovery),
                fields=_preview(session, proposal, discovery),
            )
        )
    return shown


def _preview(
    session: Session, proposal: ResidentProposal, discovery: Discovery | None
) -> dict[str, Any]:
    if discovery is None or not proposal.fields:
        return dict(proposal.fields)
    applied = _change(session, proposal, discovery)
    return {k: applied.get(k, v) if k != "new_ask" else v for k, v in proposal.fields.items()}


def _open_of_team(
    session: Session, principal: Principal, proposal_id: uuid.UUID
) -> ResidentProposal:
    """An open proposal of the reader's team that the reader may decide on: about something
    of the team's, the one who wrote it or a coordinator; something new, anyone."""
    proposal = session.get(ResidentProposal, proposal_id)
    if proposal is None or proposal.team_id != principal.team.id:
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    if proposal.decided_at is not None:
        raise AppError(_("Over dit voorstel is al besloten."))
    discovery = session.get(Discovery, proposal.discovery_id) if proposal.discovery_id else None
    if discovery is not None and not can_see(principal, discovery):
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    if discovery is not None and proposal.fields and not may_edit(principal, discovery):
        raise PermissionDeniedError(_("Dit overnemen doet wie het schreef, of een coördinator."))
    return proposal


def _decided(proposal: ResidentProposal, principal: Principal, outcome: ProposalOutcome) -> None:
    proposal.decided_at = utcnow()
    proposal.decided_by_id = principal.user.id
    proposal.outcome = outcome.value


# The weekoverleg's two buttons.
DECISIONS = {"overnemen": ProposalOutcome.accepted, "niet": ProposalOutcome.declined}


def decide_proposal(
    session: Session, principal: Principal, proposal_id: uuid.UUID, decision: str
) -> None:
    """Taken over or not: the proposal is looked up first, so another team's id is a 404
    whatever the form says."""
    proposal = _open_of_team(session, principal, proposal_id)
    outcome = DECISIONS.get(decision)
    if outcome is None:
        raise AppError(_("Kies: overnemen of niet overnemen."))
    if outcome is ProposalOutcome.accepted:
        _accept(session, principal, proposal)
    _decided(proposal, principal, outcome)
    session.add(proposal)
    session.flush()


def _accept(session: Session, principal: Principal, proposal: ResidentProposal) -> None:
    """Take it over: her change as a change of the team's record, with a revision that says
    it came from her; her remark read and dealt with."""
    if proposal.kind == ProposalKind.new_quality.value:
        change_from_page(
            session,
            principal,
            "discovery",
            uuid.uuid4(),
            base_version=None,
            fields=_new_quality(proposal),
            by_resident=True,
        )
    elif proposal.kind == ProposalKind.change.value:
        discovery = session.get(Discovery, proposal.discovery_id)
        if discovery is None or discovery.is_deleted:
            raise AppError(_("Dit bestaat niet meer; je kunt het voorstel alleen afwijzen."))
        person = session.get(Person, proposal.person_id)
        items = noted_items(session, person) if person is not None else []
        item = next((i for i in items if i.id == discovery.id), None)
        if item is None or not set(proposal.fields) <= set(proposable(item)):
            # Her role changed since (no longer its trekker, no longer linked to it).
            raise AppError(_("Dit past niet meer bij wat over de bewoner genoteerd staat."))
        edit_from_page(
            session,
            principal,
            "discovery",
            discovery,
            base_version=proposal.base_version or discovery.version,
            fields=_change(session, proposal, discovery),
            by_resident=True,
        )


def _new_quality(proposal: ResidentProposal) -> dict[str, Any]:
    return {
        "kind": DiscoveryKind.quality.value,
        "title": proposal.fields.get("title", ""),
        "description": proposal.fields.get("description", ""),
        "quality_type": proposal.fields.get("quality_type"),
        "dimensions": proposal.fields.get("dimensions", []),
        "willingness": proposal.fields.get("willingness", []),
        "person_ids": [str(proposal.person_id)],
    }


def _change(session: Session, proposal: ResidentProposal, discovery: Discovery) -> dict[str, Any]:
    """Her fields as wire fields, her text edits made on the text as written (onto_real) at
    the version she saw; a new ask joins the idea's asks as they are now."""
    proposed = proposal.fields
    person = session.get(Person, proposal.person_id)
    base = max(1, min(proposal.base_version or discovery.version, discovery.version))
    written = fields_at(session, "discovery", discovery, base)
    redact = redactor_for(session, person) if person is not None else None
    fields: dict[str, Any] = {}
    for name, value in proposed.items():
        if name == "new_ask":
            continue
        real = written.get(name)
        if isinstance(value, str) and isinstance(real, str) and redact is not None:
            value = onto_real(real, redact(real), value)
        fields[name] = value
    ask = proposed.get("new_ask")
    if isinstance(ask, dict) and ask.get("what"):
        current = ENTITIES["discovery"].fields_of(session, [discovery])[discovery.id]["asks"]
        fields["asks"] = [
            *current,
            {
                "id": str(uuid.uuid4()),
                "what": ask["what"],
                "partner": ask.get("partner", ""),
                "status": AskStatus.asked.value,
            },
        ]
    return fields


@dataclass(frozen=True)
class ConsentByResident:
    person: Person
    given: list[str]
    withdrawn: list[str]
    at: datetime


def consent_by_residents(
    session: Session, team_id: uuid.UUID, since: datetime
) -> list[ConsentByResident]:
    """What bewoners gave or withdrew themselves on their own page since `since`: it
    applied at once, the team takes note (newest first)."""
    rows = session.exec(
        select(Revision, Person)
        .join(Person, col(Person.id) == col(Revision.record_id))
        .where(
            col(Revision.team_id) == team_id,
            col(Revision.entity) == "person",
            col(Revision.by_resident).is_(True),
            col(Revision.changed_by_id).is_(None),
            col(Revision.changed_at) >= since,
        )
        .order_by(col(Revision.changed_at).desc(), col(Revision.id).desc())
        .limit(50)
    ).all()
    found = []
    for revision, person in rows:
        change = revision.changes.get("consent")
        if not isinstance(change, dict):
            continue
        old, new = set(scopes_of(change.get("old"))), set(scopes_of(change.get("new")))
        order = [s.value for s in ConsentScope]
        found.append(
            ConsentByResident(
                person,
                [s for s in order if s in new - old],
                [s for s in order if s in old - new],
                revision.changed_at,
            )
        )
    return found
