"""The "Twee keer aangepast" card shows values as people read them, never raw."""

from __future__ import annotations

import uuid

from app.i18n import use_locale
from app.review.values import shown_value


def test_values_read_as_words_dates_and_asks() -> None:
    with use_locale("nl"):
        assert shown_value("follow_up", "due_on", "2026-12-11") == "11 december 2026"
        assert shown_value("follow_up", "done_at", "2026-12-04T09:30:00+00:00") == (
            "4 december 2026, 10:30"
        )
        assert shown_value("discovery", "dimensions", ["head", "hands"]) == "hoofd; handen"
        assert shown_value("conversation", "kind", "home_visit") == "huisbezoek"
        assert shown_value("discovery", "status", "exploring") == "verkennen"
        assert shown_value("person", "is_connector", True) == "ja"
        assert shown_value("discovery", "description", None) == "—"
        ask = {"id": str(uuid.uuid4()), "what": "De keuken op zondag", "partner": "school"}
        assert shown_value("discovery", "asks", [ask]) == "De keuken op zondag — school (gevraagd)"
        people = [str(uuid.uuid4()), str(uuid.uuid4())]
        assert shown_value("conversation", "person_ids", people) == "2 gekozen"
        assert shown_value("follow_up", "due_on", "not a date") == "not a date"
