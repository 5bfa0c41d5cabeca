"""Team settings for coordinators: members and roles, buurten, themes, prompt cards and the
"in gesprek blijven" window. Buurten, themes and prompt cards are synced records: every change
is a new version with a revision, so the phones pull it."""

from __future__ import annotations

import uuid

from sqlmodel import Session, col, func, select

from app.audit.service import record_event
from app.auth import mfa
from app.auth.models import User
from app.auth.passwords import check_password_strength, hash_password
from app.auth.service import Principal, create_user, normalise_email, revoke_user_sessions
from app.changes.models import RevisionAction, SyncedRecord
from app.changes.service import record_change
from app.db import utcnow
from app.errors import AppError, NotFoundError
from app.i18n import gettext as _
from app.teams.models import LawfulBasis, Membership, PromptCard, Role, Theme
from app.teams.service import SPECIAL_CATEGORY_THEMES, create_neighbourhood, team_members

ENTITY_OF = {Theme: "theme", PromptCard: "prompt"}


def members(session: Session, principal: Principal) -> list[tuple[User, str]]:
    return team_members(session, principal.team.id)


def add_member(
    session: Session, principal: Principal, *, name: str, email: str, role: str, password: str
) -> None:
    """A new account in the team. An address with an account in another team gets the same
    answer and the same work (the password is hashed all the same), so the team page tells no
    one who has an account elsewhere; that account stays as it is, where it is."""
    new_role = _role(role)
    email = normalise_email(email)
    check_password_strength(password, email=email)
    existing = session.exec(select(User).where(col(User.email) == email)).first()
    if existing is not None:
        in_team = session.exec(
            select(Membership).where(
                col(Membership.team_id) == principal.team.id,
                col(Membership.user_id) == existing.id,
            )
        ).first()
        if in_team is not None:
            raise AppError(_("{email} is al lid van dit team.").format(email=email))
        hash_password(password)
        return
    user = create_user(
        session, principal.team, email=email, name=name, password=password, role=new_role
    )
    record_event(
        session,
        action="member.add",
        team_id=principal.team.id,
        actor_id=principal.user.id,
        entity="user",
        record_id=user.id,
        details={"role": new_role.value},
    )


def change_role(session: Session, principal: Principal, user_id: uuid.UUID, role: str) -> None:
    new_role = _role(role)
    membership = session.exec(
        select(Membership).where(
            col(Membership.team_id) == principal.team.id, col(Membership.user_id) == user_id
        )
    ).first()
    if membership is None:
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    leading = {Role.coordinator.value, Role.admin.value}
    if membership.role in leading and new_role.value not in leading:
        others = session.exec(
            select(Membership).where(
                col(Membership.team_id) == principal.team.id,
                col(Membership.role).in_(leading),
                col(Membership.user_id) != user_id,
            )
        ).first()
        if others is None:
            raise AppError(_("Een team houdt minstens één coördinator."))
    old_role = membership.role
    membership.role = new_role.value
    session.add(membership)
    session.flush()
    if old_role != new_role.value:
        record_event(
            session,
            action="member.role",
            team_id=principal.team.id,
            actor_id=principal.user.id,
            entity="user",
            record_id=user_id,
            details={"old": old_role, "new": new_role.value},
        )


def _role(value: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise AppError(_("Kies een rol: buurtwerker, coördinator of beheerder.")) from None


def add_buurt(session: Session, principal: Principal, name: str) -> None:
    create_neighbourhood(session, principal.team, name=name, actor_id=principal.user.id)


def add_theme(session: Session, principal: Principal, name: str) -> None:
    name = name.strip().lower()
    if not name or len(name) > 60:
        raise AppError(_("Geef het thema een naam van hooguit 60 tekens."))
    existing = session.exec(
        select(Theme).where(col(Theme.team_id) == principal.team.id, col(Theme.name) == name)
    ).first()
    if existing is not None and not existing.is_deleted:
        raise AppError(_("Dit thema bestaat al."))
    if existing is not None:  # removed before: bring it back (the unique name stays taken)
        existing.deleted_at = None
        _changed(session, principal, existing, {"deleted": (True, False)})
        return
    position = _count(session, Theme, principal)
    theme = Theme(
        id=uuid.uuid4(),
        team_id=principal.team.id,
        name=name,
        position=position,
        is_special_category=name in SPECIAL_CATEGORY_THEMES,
    )
    record_change(
        session,
        theme,
        entity="theme",
        actor_id=principal.user.id,
        action=RevisionAction.create,
        changes={"name": (None, name)},
    )


def _count(session: Session, model: type[Theme] | type[PromptCard], principal: Principal) -> int:
    """How many the team has (removed ones too): the next one goes at the end."""
    return session.exec(select(func.count()).where(col(model.team_id) == principal.team.id)).one()


def remove(
    session: Session,
    principal: Principal,
    model: type[Theme] | type[PromptCard],
    record_id: uuid.UUID,
) -> None:
    """Removed from the lists and from the phones; discoveries keep their links."""
    record = session.get(model, record_id)
    if record is None or record.team_id != principal.team.id or record.is_deleted:
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    record.deleted_at = utcnow()
    record_change(
        session,
        record,
        entity=ENTITY_OF[model],
        actor_id=principal.user.id,
        action=RevisionAction.delete,
        changes={"deleted": (False, True)},
    )


def _changed(
    session: Session,
    principal: Principal,
    record: SyncedRecord,
    changes: dict[str, tuple[object, object]],
) -> None:
    record_change(
        session,
        record,
        entity=ENTITY_OF[type(record)],
        actor_id=principal.user.id,
        action=RevisionAction.update,
        changes=changes,
    )


def set_stale_weeks(session: Session, principal: Principal, weeks: int) -> None:
    if not 1 <= weeks <= 52:
        raise AppError(_("Kies tussen 1 en 52 weken."))
    principal.team.stale_contact_weeks = weeks
    session.add(principal.team)
    session.flush()


def set_privacy(
    session: Session, principal: Principal, *, basis: str, review_months: int, delete_months: int
) -> None:
    if basis not in {b.value for b in LawfulBasis}:
        raise AppError(_("Kies een grondslag uit de lijst."))
    if not 1 <= review_months <= 120 or not 1 <= delete_months <= 120:
        raise AppError(_("Kies een bewaartermijn tussen 1 en 120 maanden."))
    if delete_months < review_months:
        raise AppError(_("Wissen komt na beoordelen: kies een langere termijn voor wissen."))
    team = principal.team
    old = (team.lawful_basis, team.retention_review_months, team.retention_delete_months)
    team.lawful_basis = basis
    team.retention_review_months = review_months
    team.retention_delete_months = delete_months
    session.add(team)
    session.flush()
    new = (basis, review_months, delete_months)
    if old != new:
        record_event(
            session,
            action="team.privacy",
            team_id=team.id,
            actor_id=principal.user.id,
            entity="team",
            record_id=team.id,
            details={"old": list(old), "new": list(new)},
        )


def set_require_mfa(session: Session, principal: Principal, *, require: bool) -> None:
    """Require two-step verification of coordinators and admins. Their logins without it stop
    counting at once (app.auth.service.resolve_session); they set it up at the next login."""
    team = principal.team
    if require == team.require_mfa:
        return
    if require and not mfa.is_enabled(principal.user):
        raise AppError(
            _(
                "Zet eerst voor je eigen account tweestapsverificatie aan; "
                "anders kom je er zelf niet meer in."
            )
        )
    team.require_mfa = require
    session.add(team)
    session.flush()
    record_event(
        session,
        action="team.mfa",
        team_id=team.id,
        actor_id=principal.user.id,
        entity="team",
        record_id=team.id,
        details={"required": require},
    )


def reset_member_mfa(session: Session, principal: Principal, user_id: uuid.UUID) -> None:
    """For a teammate whose phone and recovery codes are both gone: two-step verification
    off, their logins ended. If the team requires it, they set it up again at the next login."""
    if user_id == principal.user.id:
        raise AppError(_("Je eigen tweestapsverificatie regel je bij Tweestapsverificatie."))
    user = next((u for u, _role in members(session, principal) if u.id == user_id), None)
    if user is None:
        raise NotFoundError(_("Dit bestaat niet (meer)."))
    if not mfa.is_enabled(user) and user.totp_secret is None:
        return
    mfa.disable(session, user)
    revoke_user_sessions(session, user.id)
    record_event(
        session,
        action="mfa.reset",
        team_id=principal.team.id,
        actor_id=principal.user.id,
        entity="user",
        record_id=user.id,
    )
