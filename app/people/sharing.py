"""Who in the team sees a bewoner's roepnaam (DESIGN.md §5): the one rule, for every page,
search, pull and write.

A roepnaam is stored only with `store_name`. The rest of the team sees it only with
`share_in_team` ("Andere buurtwerkers van het team zien de naam"), or with `name_in_overview`,
which shows it further still. Without either, the name stays with whoever heard it from her:
the buurtwerker who noted her, and anyone who gave her record a roepnaam later. Everyone else
in the team sees her pseudonym, and "een bewoner" where free text names her: on every page,
in search and on their phones. What they edit of such a text is made on the text as written
(app.sync.shown_text), so her name stays where the one who heard it wrote it.

Pages ask `name_of(person)`, and every value a template prints passes `page_text` (through
app.templating's `finalize`). The viewer is the one the request logged in (`set_viewer`,
called by app.auth.dependencies); without one, nobody is a keeper and only a shared name
shows. The sight is worked out once per session and forgotten when a flush writes a bewoner
or a consent, so a consent changed in the same session counts at once.
"""

from __future__ import annotations

import itertools
import uuid
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property

from markupsafe import escape
from sqlalchemy import Text, cast, event
from sqlalchemy.orm import object_session
from sqlmodel import Session, col, select

from app.changes.models import Revision
from app.i18n import gettext as _
from app.people.models import Consent, ConsentScope, Person
from app.people.names import NameMatcher, as_a_bewoner, name_words
from app.search.query import Terms, text_found
from app.search.text import fold

SHARING = frozenset({ConsentScope.share_in_team.value, ConsentScope.name_in_overview.value})
_VIEWER = "ot_viewer_id"
_SIGHT = "ot_name_sight"


def shared_in_team(scopes: Iterable[str] | None) -> bool:
    return bool(SHARING.intersection(scopes or ()))


@dataclass(frozen=True)
class NameSight:
    """What one team member may see of the team's roepnamen."""

    team_id: uuid.UUID
    viewer_id: uuid.UUID | None
    names: dict[uuid.UUID, str]  # bewoners whose roepnaam this viewer does not see: the name
    # Texts already looked at: a page prints the same labels and words many times.
    _shown: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def first_name(self, person: Person) -> str | None:
        return None if person.id in self.names else person.first_name

    def name(self, person: Person) -> str:
        return self.first_name(person) or person.pseudonym

    @cached_property
    def matcher(self) -> NameMatcher:
        return NameMatcher(self.team_id, self.names.values())

    @cached_property
    def _first_words(self) -> tuple[str, ...]:
        return tuple({words[0] for words in map(name_words, self.names.values()) if words})

    def text(self, value: str) -> str:
        """Free text as this viewer may see it: a name they may not see reads "een bewoner"."""
        if not self.names or not value:
            return value
        shown = self._shown.get(value)
        if shown is None:
            shown = self._text(value)
            if len(self._shown) < 10_000:
                self._shown[value] = shown
        return shown

    @cached_property
    def _escaped(self) -> tuple[str, ...]:
        # A name with ' & or " as a translation's value arrives already escaped (O&#39;Neill).
        return tuple(e for e in (str(escape(n)) for n in self.names.values()) if "&" in e)

    def _text(self, value: str) -> str:
        for escaped in self._escaped:
            if escaped in value:  # as plain text: Markup.replace would escape its arguments
                value = str.replace(value, escaped, _("een bewoner"))
        # Every value a page prints comes here: most name nobody, and a substring test on the
        # folded text (no word split) says so quickly; the matcher decides the rest.
        folded = value.lower() if value.isascii() else fold(value)
        if not any(word in folded for word in self._first_words):
            return value
        return self.matcher.replace(value, as_a_bewoner)

    def may_find_names(self, terms: Terms) -> bool:
        """Whether some word of a search could find a name this viewer may not see."""
        return bool(self.names) and any(
            text_found([group], name) for group in terms for name in self.names.values()
        )

    def found_without_names(self, terms: Terms, text: str) -> bool:
        """Whether `text` is found for `terms` as this viewer may read it: a hit on a name
        they may not see would tell them which "een bewoner" she is, and that she exists."""
        return text_found(terms, self.matcher.replace(text, " ") if self.names else text)


def bewoner_phrases() -> tuple[str, str]:
    """What stands for a name someone may not see, in this request's language."""
    return _("Een bewoner"), _("een bewoner")


def hide(matcher: NameMatcher, text: str) -> str:
    """`text` with every name `matcher` finds as "een bewoner"."""
    return matcher.replace(text, as_a_bewoner)


def unkept_names(session: Session, team_id: uuid.UUID, editor_id: uuid.UUID) -> NameMatcher:
    """Every roepnaam of the team that `editor_id` does not keep: what "een bewoner" in their
    edited text may stand for, whether it is hidden from them now or was when their form or
    phone showed it. A name they keep was never hidden from them: their "een bewoner" is
    their own words."""
    rows = session.exec(
        select(Person.id, Person.first_name).where(
            col(Person.team_id) == team_id,
            col(Person.first_name).is_not(None),
            col(Person.deleted_at).is_(None),
            col(Person.created_by_id).is_distinct_from(editor_id),
        )
    ).all()
    if not rows:
        return NameMatcher(team_id)
    named_by_editor = {
        person_id
        for person_id, changes in session.exec(
            select(Revision.record_id, Revision.changes).where(
                col(Revision.team_id) == team_id,
                col(Revision.entity) == "person",
                col(Revision.changed_by_id) == editor_id,
            )
        )
        if isinstance((changes or {}).get("first_name"), dict) and changes["first_name"].get("new")
    }
    return NameMatcher(team_id, [n for pid, n in rows if n and pid not in named_by_editor])


def _hidden(
    session: Session,
    team_id: uuid.UUID,
    viewer_id: uuid.UUID | None,
    person_ids: Collection[uuid.UUID] | None = None,
) -> dict[uuid.UUID, str]:
    # Candidates: a stored name under a current consent without a sharing scope (a text test
    # on the JSON list, the same on SQLite and PostgreSQL; the exact test follows).
    scopes = cast(Consent.scopes, Text)
    candidates = select(Person.id, Person.first_name, Person.created_by_id).where(
        col(Person.team_id) == team_id,
        col(Person.first_name).is_not(None),
        col(Person.deleted_at).is_(None),
        col(Person.id).in_(
            select(Consent.person_id).where(
                col(Consent.team_id) == team_id,
                col(Consent.withdrawn_at).is_(None),
                *(scopes.not_like(f"%{scope}%") for scope in SHARING),
            )
        ),
    )
    if person_ids is not None:
        if not person_ids:
            return {}
        candidates = candidates.where(col(Person.id).in_(list(person_ids)))
    found = {pid: (name, created_by) for pid, name, created_by in session.exec(candidates)}
    if not found:
        return {}
    current: dict[uuid.UUID, list[str]] = {}
    for person_id, given in session.exec(
        select(Consent.person_id, Consent.scopes)
        .where(col(Consent.person_id).in_(list(found)), col(Consent.withdrawn_at).is_(None))
        .order_by(col(Consent.recorded_at))
    ):
        current[person_id] = list(given or ())  # the latest wins
    # Who wrote her name down heard it from her: the one who noted her, and whoever gave her
    # record a roepnaam later. Recording her consent again does not show it to anyone.
    heard: dict[uuid.UUID, set[uuid.UUID | None]] = defaultdict(set)
    for person_id, changed_by, changes in session.exec(
        select(Revision.record_id, Revision.changed_by_id, Revision.changes).where(
            col(Revision.team_id) == team_id,
            col(Revision.entity) == "person",
            col(Revision.record_id).in_(list(found)),
        )
    ):
        named = (changes or {}).get("first_name")
        if isinstance(named, dict) and named.get("new"):
            heard[person_id].add(changed_by)
    return {
        person_id: name or ""
        for person_id, (name, created_by) in found.items()
        if not shared_in_team(current.get(person_id))
        and (viewer_id is None or viewer_id not in {created_by} | heard[person_id])
    }


def hidden_names(
    session: Session,
    team_id: uuid.UUID,
    viewer_id: uuid.UUID | None,
    person_ids: Collection[uuid.UUID] | None = None,
) -> frozenset[uuid.UUID]:
    """The team's bewoners (of `person_ids`, if given) whose roepnaam `viewer_id` may not see."""
    return frozenset(_hidden(session, team_id, viewer_id, person_ids))


def sight_of(
    session: Session,
    team_id: uuid.UUID,
    viewer_id: uuid.UUID | None,
    person_ids: Collection[uuid.UUID] | None = None,
) -> NameSight:
    """What `viewer_id` may see of the team's names (of `person_ids` only, if given)."""
    return NameSight(team_id, viewer_id, _hidden(session, team_id, viewer_id, person_ids))


def set_viewer(session: Session, viewer_id: uuid.UUID) -> None:
    session.info[_VIEWER] = viewer_id
    session.info.pop(_SIGHT, None)


def sight(session: Session, team_id: uuid.UUID, viewer_id: uuid.UUID | None = None) -> NameSight:
    """`viewer_id`'s sight of the team's names (by default the session's viewer), worked out
    once until a flush writes a bewoner or a consent."""
    viewer = viewer_id or session.info.get(_VIEWER)
    cached = session.info.get(_SIGHT)
    if isinstance(cached, NameSight) and (cached.team_id, cached.viewer_id) == (team_id, viewer):
        return cached
    found = sight_of(session, team_id, viewer)
    session.info[_SIGHT] = found
    return found


def name_of(person: Person) -> str:
    """The name to show of `person` to whoever this request is for."""
    session = object_session(person)
    if not person.first_name or not isinstance(session, Session):
        return person.pseudonym  # no session, no viewer: nobody is a keeper
    return sight(session, person.team_id).name(person)


def page_text(session: Session, team_id: uuid.UUID) -> Callable[[str], str]:
    """Free text on this request's pages as its viewer may see it (for `shown_in_page`)."""
    return lambda value: sight(session, team_id).text(value)


@event.listens_for(Session, "after_flush")
def _forget_sight(session: Session, _context: object) -> None:
    if _SIGHT in session.info and any(
        isinstance(o, (Person, Consent))
        for o in itertools.chain(session.new, session.dirty, session.deleted)
    ):
        session.info.pop(_SIGHT, None)
