"""The Tocht's filters, as they travel in the page's URL (so a filtered view can be shared,
bookmarked and opened again): parsed, checked against the team, and turned back into links."""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from app.conversations.models import DiscoveryKind, ReviewStatus
from app.dates import local_midnight
from app.errors import AppError
from app.i18n import gettext as _
from app.validation import InputError, check_day, parse_day

WEEK = re.compile(r"^([0-9]{4})-W([0-9]{2})$")
DIMENSIONS = ("head", "heart", "hands")
MAX_QUERY = 200


@dataclass(frozen=True)
class JourneyFilters:
    q: str = ""
    buurt: uuid.UUID | None = None
    week: str = ""  # ISO week, "2026-W48" (what <input type="week"> sends)
    van: date | None = None
    tot: date | None = None
    soort: str = ""
    thema: uuid.UUID | None = None
    dimensie: str = ""
    auteur: uuid.UUID | None = None
    status: str = ""

    @property
    def active(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))

    @property
    def narrowed(self) -> bool:
        """Any filter besides the search words."""
        return any(getattr(self, f.name) for f in fields(self) if f.name != "q")

    @property
    def filters_discoveries(self) -> bool:
        return bool(self.soort or self.thema or self.dimensie or self.status)

    def period(self) -> tuple[datetime | None, datetime | None]:
        """[start, end) in UTC, from the week or from van/tot (whole local days)."""
        if self.week:
            match = WEEK.match(self.week)
            assert match is not None  # checked when parsed
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
            return local_midnight(monday), local_midnight(monday + timedelta(days=7))
        start = local_midnight(self.van) if self.van else None
        end = local_midnight(self.tot + timedelta(days=1)) if self.tot else None
        return start, end

    def query_string(self, **changes: object) -> str:
        """This view's URL query, with some filters changed ("" or None drops one)."""
        current = replace(self, **changes)  # type: ignore[arg-type]
        pairs = [
            (f.name, str(getattr(current, f.name)))
            for f in fields(current)
            if getattr(current, f.name) not in (None, "")
        ]
        return urlencode(pairs)


def parse_filters(params: Mapping[str, str]) -> JourneyFilters:
    """From query parameters; anything malformed is a clear Dutch 400, never a 500."""

    def text(name: str, limit: int = 40) -> str:
        value = params.get(name, "").strip()
        if len(value) > limit:
            raise AppError(_("Deze zoekopdracht is te lang."))
        return value

    def an_id(name: str) -> uuid.UUID | None:
        value = text(name)
        if not value:
            return None
        try:
            return uuid.UUID(value)
        except ValueError:
            raise AppError(_("Dit filter kent de tocht niet.")) from None

    def a_date(name: str) -> date | None:
        value = text(name)
        if not value:
            return None
        try:
            return parse_day(value)
        except InputError as exc:
            raise AppError(exc.message) from None

    def one_of(name: str, allowed: tuple[str, ...]) -> str:
        value = text(name)
        if value and value not in allowed:
            raise AppError(_("Dit filter kent de tocht niet."))
        return value

    week = text("week")
    if week:
        match = WEEK.match(week)
        try:
            if match is None:
                raise ValueError(week)
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise AppError(_("Kies een week als 2026-W48.")) from None
        try:
            check_day(monday)
        except InputError as exc:
            raise AppError(exc.message) from None
    van, tot = a_date("van"), a_date("tot")
    if van and tot and tot < van:
        raise AppError(_("De einddatum ligt voor de begindatum."))
    return JourneyFilters(
        q=text("q", MAX_QUERY),
        buurt=an_id("buurt"),
        week=week,
        van=van,
        tot=tot,
        soort=one_of("soort", tuple(k.value for k in DiscoveryKind)),
        thema=an_id("thema"),
        dimensie=one_of("dimensie", DIMENSIONS),
        auteur=an_id("auteur"),
        status=one_of("status", tuple(s.value for s in ReviewStatus)),
    )


def parse_place_and_period(params: Mapping[str, str]) -> JourneyFilters:
    """Only buurt and van/tot: what the connections and the overview filter on."""
    return parse_filters({k: v for k, v in params.items() if k in ("buurt", "van", "tot")})
