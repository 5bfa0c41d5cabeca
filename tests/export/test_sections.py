"""Every section of the krachtenoverzicht, on the demo's Oosterpark."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from app.conversations.models import Conversation, Discovery, Visibility
from app.db import utcnow
from app.export.assemble import SUPPRESS_BELOW, Count, Overview, assemble
from app.export.tables import tables, trend_count
from app.export.trend import MEASURES
from tests.export.conftest import Demo


def _oosterpark(session: Session, demo: Demo) -> Overview:
    return assemble(
        session, demo.team.id, neighbourhood_ids=[demo.oosterpark.id], start=None, end=None
    )


def test_how_it_was_gathered_counts_the_buurts_talks(session: Session, demo: Demo) -> None:
    overview = _oosterpark(session, demo)
    talks = session.exec(
        select(func.count()).where(
            col(Conversation.team_id) == demo.team.id,
            col(Conversation.neighbourhood_id) == demo.oosterpark.id,
        )
    ).one()
    assert overview.buurten == ["Oosterpark"]
    assert overview.conversations == talks
    assert overview.people_met > overview.conversations  # named and unnamed people met


def test_only_shareable_discoveries_in_every_section(session: Session, demo: Demo) -> None:
    overview = _oosterpark(session, demo)
    assert set(overview.by_kind) >= {"quality", "group", "place", "story", "connection", "idea"}
    for item in overview.items:
        stored = session.get(Discovery, item.discovery.id)
        assert stored is not None
        assert stored.visibility != Visibility.private.value
        assert stored.visibility == Visibility.overview.value or stored.highlight
    private = session.exec(
        select(Discovery).where(
            col(Discovery.team_id) == demo.team.id,
            col(Discovery.visibility) == Visibility.private.value,
        )
    ).all()
    assert private
    assert not {d.id for d in private} & {i.discovery.id for i in overview.items}


def test_in_short_holds_three_to_five_highlights(session: Session, demo: Demo) -> None:
    overview = _oosterpark(session, demo)
    assert 3 <= len(overview.highlights) <= 5
    assert all(i.discovery.highlight for i in overview.highlights)
    # A quote carries a name only with consent.
    assert {n for i in overview.highlights for n in i.people} <= demo.named


def _recorded(session: Session, demo: Demo, kind: str) -> int:
    """What the team recorded of a kind in Oosterpark: never private, never deleted."""
    return session.exec(
        select(func.count())
        .select_from(Discovery)
        .join(Conversation, col(Conversation.id) == col(Discovery.conversation_id))
        .where(
            col(Discovery.team_id) == demo.team.id,
            col(Discovery.kind) == kind,
            col(Discovery.visibility) != Visibility.private.value,
            col(Discovery.deleted_at).is_(None),
            col(Conversation.neighbourhood_id) == demo.oosterpark.id,
        )
    ).one()


def test_numbers_count_everything_recorded_not_only_what_is_shown(
    session: Session, demo: Demo
) -> None:
    overview = _oosterpark(session, demo)
    assert {"theme", "dimension", "abcd", "place_type", "connection_status", "idea_phase"} <= set(
        overview.numbers
    )
    qualities = _recorded(session, demo, "quality")
    abcd = {c.label: c.value for c in overview.numbers["abcd"]}
    assert abcd["quality"] == qualities == overview.recorded["quality"]
    assert qualities > len(overview.by_kind["quality"])  # more recorded than shown
    assert abcd["group"] == _recorded(session, demo, "group")
    phases = sum(c.value for c in overview.numbers["idea_phase"])
    assert phases == _recorded(session, demo, "idea") == overview.recorded["idea"]
    # A private discovery is not counted: making one private lowers the count by one.
    shown = overview.by_kind["quality"][0].discovery.id
    stored = session.get(Discovery, shown)
    assert stored is not None
    stored.visibility = Visibility.private.value
    session.flush()
    again = _oosterpark(session, demo)
    assert again.recorded["quality"] == qualities - 1
    assert shown not in {i.discovery.id for i in again.items}
    # Counts of recorded things are never suppressed, however small.
    for counts in overview.numbers.values():
        for count in counts:
            assert count.value > 0
            assert not count.suppressed
            assert count.shown == str(count.value)
    themes = {group.theme for group in overview.qualities_by_theme}
    assert "muziek" in themes


def test_only_a_few_people_in_a_breakdown_are_suppressed() -> None:
    assert Count("kwaliteit", 1).shown == "1"
    assert Count("trekkers", 1, of_people=True).shown == f"<{SUPPRESS_BELOW}"
    assert Count("trekkers", SUPPRESS_BELOW, of_people=True).shown == str(SUPPRESS_BELOW)
    values = {"trekkers": 2, "active_together": 1, "ideas_running": 1, "new_groups": 2}
    assert trend_count(values, "trekkers").suppressed
    assert not trend_count(values, "new_groups").suppressed


def test_groups_places_connections_ideas_and_asks(session: Session, demo: Demo) -> None:
    overview = _oosterpark(session, demo)
    groups = {i.discovery.title: i.discovery for i in overview.by_kind["group"]}
    assert "Wandelclub Oosterpark" in groups
    assert groups["Wandelclub Oosterpark"].group_would_like
    assert groups["Wandelclub Oosterpark"].group_if_asked
    assert "Muziekkoepel in het Oosterpark" in {
        i.discovery.title for i in overview.by_kind["place"]
    }
    ends = {end.name for link in overview.links for end in (link.source, link.target) if end}
    assert "Wandelclub Oosterpark" in ends
    assert "een bewoner" in ends  # Priya has no consent to be named
    assert not ends & demo.unnamed
    ideas = {i.discovery.title: i for i in overview.by_kind["idea"]}
    rommelmarkt = ideas["Rommelmarkt in het park"]
    assert rommelmarkt.discovery.idea_self
    assert rommelmarkt.trekkers == ["Gerda", "Ria"]
    assert overview.verbinders_unnamed >= 0


def test_what_residents_ask_of_partners_open_first(session: Session, demo: Demo) -> None:
    overview = _oosterpark(session, demo)
    asks = overview.partner_asks
    shown_ideas = {i.discovery.title for i in overview.by_kind["idea"] if i.discovery.asks}
    assert {a.idea for a in asks} == shown_ideas
    assert "Buurtmaaltijd op vrijdag" in shown_ideas
    by_what = {a.what: a for a in asks}
    kitchen = by_what["De keuken en de zaal op vrijdagavond"]
    assert (kitchen.addressee, kitchen.offer, kitchen.status) == (
        "Buurthuis aan de Blasiusstraat",
        "space",
        "arranged",
    )
    assert by_what["Een klein budget voor de boodschappen"].addressee == (
        "gemeente, bewonersinitiatieven"
    )
    order = [a.is_open for a in asks]
    assert order == sorted(order, reverse=True)  # open asks first
    assert [a.status for a in asks][-1] == "declined"
    table = next(t for t in tables(overview) if t.key == "vragen-aan-partners")
    rows = list(table.rows)
    assert table.headers == ["Idee", "Aan", "Wat", "Soort hulp", "Stand"]
    assert [
        "Buurtmaaltijd op vrijdag",
        "Buurthuis aan de Blasiusstraat",
        "De keuken en de zaal op vrijdagavond",
        "ruimte",
        "geregeld",
    ] in rows


def test_verbinders_and_next_steps(session: Session, demo: Demo) -> None:
    overview = _oosterpark(session, demo)
    assert overview.verbinders == ["Ria"]
    assert overview.verbinders_unnamed == 1  # a verbinder without consent: counted, not named
    assert overview.open_follow_ups > 0
    assert overview.next_review is not None
    assert overview.next_review.date() >= utcnow().date()


def test_gemeenschapskracht_per_quarter(session: Session, demo: Demo) -> None:
    overview = _oosterpark(session, demo)
    assert len(overview.trend) >= 4
    carrying = [p.values["trekkers"] for p in overview.trend]
    assert carrying == sorted(carrying)  # nobody stopped an idea in the demo
    assert carrying[-1] >= 5
    assert max(p.values["active_together"] for p in overview.trend) >= 1
    assert sum(p.values["new_groups"] for p in overview.trend) == overview.recorded["group"]
    assert all(set(p.values) == set(MEASURES) for p in overview.trend)


def test_tables_cover_every_section_and_leave_out_empty_ones(session: Session, demo: Demo) -> None:
    keys = [t.key for t in tables(_oosterpark(session, demo))]
    assert keys[:4] == ["opgehaald", "genoteerd", "in-het-kort", "in-cijfers"]
    assert {"kwaliteiten", "groepen", "plekken", "verhalen", "verbindingen", "ideeen"} <= set(keys)
    assert {"vragen-aan-partners", "verbinders", "gemeenschapskracht", "volgende-stappen"} <= set(
        keys
    )
    empty = assemble(
        session, demo.team.id, neighbourhood_ids=[demo.oosterpark.id], start=utcnow(), end=None
    )
    assert [t.key for t in tables(empty)] == ["opgehaald"]
