"""Chart geometry for the krachtenoverzicht, computed here and drawn as SVG by
templates/macros/charts.html: no script, sharp on paper, readable in greyscale (values are
written next to every bar; nothing depends on colour).

A suppressed count (app.export.counts: a few people in one cell of a breakdown) gets no bar
length that would reveal it: it is drawn as a short hatched stub labelled "<3".
"""

from __future__ import annotations

from dataclasses import dataclass

BAR_WIDTH = 360  # viewBox units; the figure scales to the page, so a phone keeps ~14px text
LABEL_WIDTH = 178  # fits "Bewoners en hun talenten" (24 characters) at 13 units
VALUE_WIDTH = 36
ROW_HEIGHT = 26
BAR_HEIGHT = 16
STUB = 6


@dataclass(frozen=True)
class Bar:
    label: str  # as drawn, shortened to fit
    full_label: str  # for the text alternative
    shown: str  # the number as printed, "<3" when suppressed
    y: float
    length: float
    suppressed: bool


@dataclass(frozen=True)
class BarChart:
    title: str
    width: int
    height: int
    label_width: int
    bars: list[Bar]


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


Row = tuple[str, int, str, bool]  # label, value, as shown, suppressed


def bar_chart(title: str, rows: list[Row], *, label_limit: int = 24) -> BarChart:
    """Lengths are relative to the largest value that is shown."""
    area = BAR_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = max((v for _, v, _, hidden in rows if not hidden), default=0)
    bars = []
    for index, (label, value, shown, suppressed) in enumerate(rows):
        length = STUB if suppressed or not top else max(STUB, area * value / top)
        bars.append(
            Bar(
                _truncate(label, label_limit),
                label,
                shown,
                index * ROW_HEIGHT,
                round(length, 1),
                suppressed,
            )
        )
    return BarChart(title, BAR_WIDTH, len(rows) * ROW_HEIGHT, LABEL_WIDTH, bars)


@dataclass(frozen=True)
class Column:
    label: str
    shown: str
    x: float
    height: float
    suppressed: bool


@dataclass(frozen=True)
class ColumnChart:
    title: str
    width: int
    height: int
    base: int  # y of the axis
    column_width: int
    columns: list[Column]


def column_chart(title: str, points: list[Row]) -> ColumnChart:
    """A small chart of one measure over the quarters."""
    width, plot, column_width, gap = 180, 70, 22, 6
    base = plot + 18  # room above for the value labels
    top = max((v for _, v, _, hidden in points if not hidden), default=0)
    columns = []
    for index, (label, value, shown, suppressed) in enumerate(points):
        height = 3 if suppressed or not top else max(3, plot * value / top)
        columns.append(
            Column(label, shown, 4 + index * (column_width + gap), round(height, 1), suppressed)
        )
    return ColumnChart(title, width, base + 30, base, column_width, columns)
