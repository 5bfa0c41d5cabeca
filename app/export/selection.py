"""Which buurten and which period an overview covers, as it travels in a URL: one or more
`buurt` values (none means every buurt of the team) and `van`/`tot` dates."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from app.errors import AppError
from app.i18n import gettext as _
from app.journey.filters import parse_place_and_period

MAX_BUURTEN = 50


@dataclass(frozen=True)
class Selection:
    buurten: tuple[uuid.UUID, ...]
    van: date | None
    tot: date | None
    start: datetime | None
    end: datetime | None

    def query_string(self) -> str:
        pairs = [("buurt", str(b)) for b in self.buurten]
        pairs += [(k, v.isoformat()) for k, v in (("van", self.van), ("tot", self.tot)) if v]
        return urlencode(pairs)


def parse_selection(params: QueryParams) -> Selection:
    chosen = [v for v in params.getlist("buurt") if v.strip()]
    if len(chosen) > MAX_BUURTEN:
        raise AppError(_("Kies minder buurten tegelijk."))
    try:
        buurten = tuple(dict.fromkeys(uuid.UUID(v.strip()) for v in chosen))
    except ValueError:
        raise AppError(_("Deze buurt kent het overzicht niet.")) from None
    period = parse_place_and_period({k: params[k] for k in ("van", "tot") if k in params})
    start, end = period.period()
    return Selection(buurten, period.van, period.tot, start, end)
