"""The krachtenoverzicht as tables, one per section, for the spreadsheet and the CSV files.

Built from the same assembled Overview as the page and the PDF, so every format says the same
thing. Empty sections are left out. Suppressed counts stay text ("<3"), never the number.
A section's rows are a stream (Overview.every_item): read in batches while the file is written,
so they can be read once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from app.conversations.labels import label
from app.dates import nl_date
from app.export.assemble import SECTION_KINDS, Count, Item, Overview
from app.export.trend import MEASURES
from app.i18n import gettext as _
from app.i18n import ngettext

Cell = str | int


@dataclass(frozen=True)
class Table:
    key: str  # file name in the zip
    title: str  # sheet name (at most 31 characters)
    headers: list[str]
    rows: Iterable[list[Cell]]


def _count(count: Count) -> Cell:
    return count.shown if count.suppressed else count.value


def _labels(group: str, values: list[str]) -> str:
    return ", ".join(label(group, v) for v in values)


def _people(item: Item) -> str:
    names = ", ".join(item.people)
    if item.unnamed:
        more = _("een bewoner") if item.unnamed == 1 else _("%(n)s bewoners") % {"n": item.unnamed}
        names = f"{names} + {more}" if names else more
    return names


def _bewoners(n: int) -> str:
    return _("een bewoner") if n == 1 else _("%(n)s bewoners") % {"n": n}


def trekkers_text(item: Item) -> str:
    return ", ".join(item.trekkers) or (_bewoners(item.trekker_count) if item.trekker_count else "")


def kind_count(kind: str, n: int) -> str:
    """ "28 kwaliteiten": a number of recorded discoveries of one kind."""
    forms = {
        "quality": ngettext("%(num)s kwaliteit", "%(num)s kwaliteiten", n),
        "group": ngettext("%(num)s groep", "%(num)s groepen", n),
        "place": ngettext("%(num)s plek", "%(num)s plekken", n),
        "institution": ngettext("%(num)s instelling", "%(num)s instellingen", n),
        "exchange": ngettext(
            "%(num)s vorm van buurteconomie", "%(num)s vormen van buurteconomie", n
        ),
        "story": ngettext("%(num)s verhaal", "%(num)s verhalen", n),
        "connection": ngettext("%(num)s verbinding", "%(num)s verbindingen", n),
        "idea": ngettext("%(num)s idee", "%(num)s ideeën", n),
    }
    return forms[kind] % {"num": n}


def recorded_text(o: Overview, kind: str) -> str:
    """What a section's number counts: "28 kwaliteiten genoteerd, 6 hieronder uitgelicht"."""
    shown = o.shown.get(kind, 0)
    recorded = max(o.recorded.get(kind, 0), shown)
    if shown == recorded:
        return _("%(recorded)s genoteerd, alle hieronder.") % {
            "recorded": kind_count(kind, recorded)
        }
    return _("%(recorded)s genoteerd, %(shown)s hieronder uitgelicht.") % {
        "recorded": kind_count(kind, recorded),
        "shown": shown,
    }


def unnamed_verbinders(n: int) -> str:
    """Verbinders without consent to be named in the overview: counted, never named."""
    return ngettext(
        "%(num)s verbinder die we hier niet bij naam noemen",
        "%(num)s verbinders die we hier niet bij naam noemen",
        n,
    ) % {"num": n}


def verbinders_text(o: Overview) -> str:
    names = ", ".join(o.verbinders)
    if not o.verbinders_unnamed:
        return names
    more = unnamed_verbinders(o.verbinders_unnamed)
    return _("%(names)s en %(more)s") % {"names": names, "more": more} if names else more


def period_text(overview: Overview) -> str:
    if not (overview.start or overview.end):
        return _("Alles tot nu toe")
    start = nl_date(overview.start, "d MMMM yyyy") if overview.start else "…"
    end = nl_date(overview.end, "d MMMM yyyy") if overview.end else _("nu")
    return f"{start} – {end}"


def trend_count(values: dict[str, int], measure: str) -> Count:
    """Residents carrying an idea, per quarter, are people in a breakdown: the one trend
    measure that is suppressed when small (app.export.counts)."""
    return Count(measure, values[measure], of_people=measure == "trekkers")


def measure_label(measure: str) -> str:
    return {
        "trekkers": _("Buurtmakers die een idee trekken"),
        "active_together": _("Verbindingen die samen actief werden"),
        "ideas_running": _("Ideeën die lopen of zelfstandig draaien"),
        "new_groups": _("Nieuwe groepen gevonden"),
    }[measure]


def number_title(group: str) -> str:
    return {
        "theme": _("Per thema"),
        "dimension": _("Hoofd, hart, handen"),
        "abcd": _("Per ABCD-bouwsteen"),
        "place_type": _("Plekken per soort"),
        "exchange_type": _("Buurteconomie per soort"),
        "connection_status": _("Verbindingen per stand"),
        "idea_phase": _("Ideeën per fase"),
        "conversation_language": _("Gesprekken per taal"),
    }[group]


def number_label(group: str, value: str) -> str:
    return value if group == "theme" else label(group, value)


def tables(o: Overview) -> list[Table]:
    languages: list[list[str | int]] = (
        [[_("Talen van de gesprekken"), o.languages]] if o.languages else []
    )
    result = [
        Table(
            "opgehaald",
            _("Hoe opgehaald"),
            [_("Wat"), _("Waarde")],
            [
                [_("Team"), o.team],
                [_("Buurten"), ", ".join(o.buurten)],
                [_("Periode"), period_text(o)],
                [_("Gesprekken"), o.conversations],
                [_("Bewoners gesproken"), o.people_met],
                *languages,
                [
                    _("Aantallen"),
                    _(
                        "Alles wat het team noteerde in deze buurten en periode, behalve wat een "
                        "buurtwerker voor zichzelf hield."
                    ),
                ],
                [
                    _("Privacy"),
                    _(
                        "Namen, citaten en beschrijvingen alleen van wat bewoners goed vonden om "
                        "te delen. Een voornaam alleen met toestemming; een klein aantal bewoners "
                        "in een uitsplitsing als “<3”."
                    ),
                ],
                [_("Gemaakt op"), nl_date(o.made_at, "d MMMM yyyy HH:mm")],
            ],
        )
    ]
    kinds = [k for k in SECTION_KINDS if o.recorded.get(k) or o.shown.get(k)]
    if kinds:
        result.append(
            Table(
                "genoteerd",
                _("Genoteerd"),
                [_("Soort"), _("Genoteerd"), _("In dit overzicht")],
                [
                    [
                        label("discovery_kind", k),
                        max(o.recorded.get(k, 0), o.shown.get(k, 0)),
                        o.shown.get(k, 0),
                    ]
                    for k in kinds
                ],
            )
        )
    if o.is_empty:
        return result
    if o.highlights:
        result.append(
            Table(
                "in-het-kort",
                _("In het kort"),
                [_("Soort"), _("Ontdekking"), _("Wie")],
                [
                    [label("discovery_kind", i.discovery.kind), i.text, _people(i)]
                    for i in o.highlights
                ],
            )
        )
    if o.numbers:
        result.append(
            Table(
                "in-cijfers",
                _("In cijfers"),
                [_("Onderdeel"), _("Wat"), _("Aantal")],
                [
                    [number_title(group), number_label(group, c.label), _count(c)]
                    for group, counts in o.numbers.items()
                    for c in counts
                ],
            )
        )
    if o.qualities_by_theme:
        result.append(
            Table(
                "kwaliteiten",
                _("Kwaliteiten per thema"),
                [
                    _("Thema"),
                    _("Kwaliteit"),
                    _("In hun woorden"),
                    _("Hoofd, hart, handen"),
                    _("Wil"),
                    _("Wie"),
                ],
                (
                    [
                        group.theme or _("Zonder thema"),
                        i.discovery.title,
                        i.discovery.description,
                        _labels("dimension", i.discovery.dimensions),
                        _labels("willingness", i.discovery.willingness),
                        _people(i),
                    ]
                    for group in o.qualities_by_theme
                    for i in o.every_quality(group)
                ),
            )
        )
    sections: dict[str, tuple[str, str, list[str], Callable[[Item], list[Cell]]]] = {
        "group": (
            "groepen",
            _("Groepen"),
            [_("Groep"), _("Wat ze doen"), _("Zouden graag"), _("Als je het vraagt")],
            lambda i: [
                i.discovery.title,
                i.discovery.description,
                i.discovery.group_would_like,
                i.discovery.group_if_asked,
            ],
        ),
        "place": (
            "plekken",
            _("Plekken"),
            [_("Plek"), _("Soort"), _("Wat er gebeurt")],
            lambda i: [
                i.discovery.title,
                label("place_type", i.discovery.place_type) if i.discovery.place_type else "",
                i.discovery.description,
            ],
        ),
        "institution": (
            "instellingen",
            _("Instellingen"),
            [_("Instelling"), _("Biedt"), _("Toelichting")],
            lambda i: [
                i.discovery.title,
                _labels("offer", i.discovery.offers),
                i.discovery.description,
            ],
        ),
        "exchange": (
            "buurteconomie",
            _("Buurteconomie"),
            [_("Wat"), _("Soort"), _("Toelichting")],
            lambda i: [
                i.discovery.title,
                label("exchange_type", i.discovery.exchange_type)
                if i.discovery.exchange_type
                else "",
                i.discovery.description,
            ],
        ),
        "story": (
            "verhalen",
            _("Verhalen"),
            [_("Verhaal"), _("In hun woorden")],
            lambda i: [i.discovery.title, i.discovery.description],
        ),
        "idea": (
            "ideeen",
            _("Ideeën en initiatieven"),
            [
                _("Idee"),
                _("Fase"),
                _("Zelf"),
                _("Met een beetje hulp"),
                _("Van buiten nodig"),
                _("Trekkers"),
            ],
            lambda i: [
                i.text,
                label("idea_phase", i.discovery.status or "dream"),
                i.discovery.idea_self,
                i.discovery.idea_little_help,
                i.discovery.idea_outside,
                trekkers_text(i),
            ],
        ),
    }
    for kind, (key, title, headers, row) in sections.items():
        if kind == "idea" and o.link_count:  # haakjes en relaties come just before the ideas
            result.append(_connections(o))
        if o.shown.get(kind):
            result.append(Table(key, title, [*headers, _("Thema's")], _rows(o, kind, row)))
    if o.partner_asks:
        result.append(
            Table(
                "vragen-aan-partners",
                _("Bewoners vragen partners"),
                [_("Idee"), _("Aan"), _("Wat"), _("Soort hulp"), _("Stand")],
                [
                    [
                        a.idea,
                        a.addressee,
                        a.what,
                        label("offer", a.offer),
                        label("ask_status", a.status),
                    ]
                    for a in o.partner_asks
                ],
            )
        )
    if o.verbinders or o.verbinders_unnamed:
        names: list[list[Cell]] = [[n] for n in o.verbinders]
        if o.verbinders_unnamed:
            names.append([unnamed_verbinders(o.verbinders_unnamed)])
        result.append(Table("verbinders", _("Verbinders"), [_("Verbinder")], names))
    if o.trend:
        result.append(
            Table(
                "gemeenschapskracht",
                _("Gemeenschapskracht"),
                [_("Kwartaal"), *(measure_label(m) for m in MEASURES)],
                [
                    [p.quarter.label, *(_count(trend_count(p.values, m)) for m in MEASURES)]
                    for p in o.trend
                ],
            )
        )
    steps: list[list[Cell]] = []
    if o.open_follow_ups:
        steps.append([_("Open vervolgafspraken"), o.open_follow_ups])
    if o.next_review:
        steps.append([_("Volgend weekoverleg"), nl_date(o.next_review, "EEEE d MMMM yyyy")])
    if steps:
        result.append(
            Table("volgende-stappen", _("Volgende stappen"), [_("Wat"), _("Waarde")], steps)
        )
    return result


def _connections(o: Overview) -> Table:
    return Table(
        "verbindingen",
        _("Haakjes en relaties"),
        [_("Van"), _("Naar"), _("Soort"), _("Stand"), _("Toelichting")],
        (
            [
                link.source.name if link.source else "",
                link.target.name if link.target else "",
                label("connection_kind", link.connection.connection_kind)
                if link.connection.connection_kind
                else "",
                label("connection_status", link.status),
                link.connection.description,
            ]
            for link in o.every_link()
        ),
    )


def _rows(o: Overview, kind: str, row: Callable[[Item], list[Cell]]) -> Iterable[list[Cell]]:
    return ([*row(i), ", ".join(i.themes)] for i in o.every_item(kind))
