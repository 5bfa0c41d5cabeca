"""What the overview's HTML needs besides the assembled data: charts, the network picture and
how much of each list a printed document shows (app.export.assemble reads only that much; the
spreadsheet always has everything)."""

from __future__ import annotations

from typing import Any

from app.connections.service import network
from app.export.assemble import (
    LIST_LIMIT,
    NETWORK_LIMIT,
    SUPPRESS_BELOW,
    THEME_LIMIT,
    THEMES_SHOWN,
    Overview,
)
from app.export.charts import bar_chart, column_chart
from app.export.tables import (
    kind_count,
    measure_label,
    number_label,
    number_title,
    period_text,
    recorded_text,
    trekkers_text,
    trend_count,
    verbinders_text,
)
from app.export.trend import MEASURES
from app.qr import qr_svg


def document_context(overview: Overview, share_url: str | None = None) -> dict[str, Any]:
    charts = [
        bar_chart(
            number_title(group),
            [(number_label(group, c.label), c.value, c.shown, c.suppressed) for c in counts],
        )
        for group, counts in overview.numbers.items()
    ]
    trend = [
        column_chart(
            measure_label(measure),
            [
                (p.quarter.label, c.value, c.shown, c.suppressed)
                for p in overview.trend
                for c in [trend_count(p.values, measure)]
            ],
        )
        for measure in MEASURES
    ]
    return {
        "overview": overview,
        "period": period_text(overview),
        "charts": charts,
        "trend_charts": trend if overview.trend else [],
        "picture": network(overview.links[:NETWORK_LIMIT]) if overview.links else None,
        "network_limit": NETWORK_LIMIT,
        "list_limit": LIST_LIMIT,
        "theme_limit": THEME_LIMIT,
        "themes_shown": THEMES_SHOWN,
        "suppress_below": SUPPRESS_BELOW,
        "share_url": share_url,
        "share_qr": qr_svg(share_url) if share_url else None,
        "recorded_text": lambda kind: recorded_text(overview, kind),
        "kind_count": kind_count,
        "trekkers_text": trekkers_text,
        "verbinders_text": verbinders_text(overview),
    }
