"""Every section of the krachtenoverzicht, on the demo's Oosterpark."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from app.conversations.models import Conversation, Discovery, Visibility
from app.db import utcnow
from app.export.assemble import SUPPRESS_BELOW, Overview, assemble
from app.export.tables import tables
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


def test_numbers_are_counted_and_small_ones_suppressed(session: Session, demo: Demo) -> None:
    overview = _oosterpark(session, demo)
    assert set(overview.numbers) == {
        "theme",
        "dimension",
        "abcd",
        "connection_status",
        "idea_phase",
    }
    for counts in overview.numbers.values():
        for count in counts:
            assert count.value > 0
            assert count.shown == (
                f"<{SUPPRESS_BELOW}" if count.value < SUPPRESS_BELOW else str(count.value)
            )
    groups = {c.label: c.value for c in overview.numbers["abcd"]}
    assert groups["group"] == len(overview.by_kind["group"])
    themes = {theme for theme, _items in overview.qualities_by_theme}
    assert "muziek" in themes


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
    assert {i.discovery.title for i in overview.asks} == {
        title for title, i in ideas.items() if i.discovery.idea_outside
    }


def test_verbinders_and_next_steps(session: Session, demo: Demo) -> None:
    overview = _oosterpark(session, demo)
    assert overview.verbinders == ["Ria"]
    assert overview.open_follow_ups > 0
    assert overview.next_review is not None
    assert overview.next_review.date() >= utcnow().date()


def test_gemeenschapskracht_per_quarter(session: Session, demo: Demo) -> None:
    overview = _oosterpark(session, demo)
    assert len(overview.trend) >= 4
    carrying = [p.values["trekkers"] for p in overview.trend]
    assert carrying == sorted(carrying)  # nobody stopped an idea in the demo
    assert carrying[-1] >= 5
    assert max(p.values["active_together"] for p in overview.trend) >= SUPPRESS_BELOW
    assert sum(p.values["new_groups"] for p in overview.trend) == len(overview.by_kind["group"])
    assert all(set(p.values) == set(MEASURES) for p in overview.trend)


def test_tables_cover_every_section_and_leave_out_empty_ones(session: Session, demo: Demo) -> None:
    keys = [t.key for t in tables(_oosterpark(session, demo))]
    assert keys[:3] == ["opgehaald", "in-het-kort", "in-cijfers"]
    assert {"kwaliteiten", "groepen", "plekken", "verhalen", "verbindingen", "ideeen"} <= set(keys)
    assert {"vragen-aan-partners", "verbinders", "gemeenschapskracht", "volgende-stappen"} <= set(
        keys
    )
    empty = assemble(
        session, demo.team.id, neighbourhood_ids=[demo.oosterpark.id], start=utcnow(), end=None
    )
    assert [t.key for t in tables(empty)] == ["opgehaald"]
