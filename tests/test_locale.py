"""The language is per request (app.i18n): what gettext, the templates, the labels and the
dates say follows `use_locale`, in this thread and the next, and falls back to the Dutch
source without a catalogue. A catalogue is compiled here for the test, so the plumbing is
proven before the real ones exist."""

from __future__ import annotations

import html
import json
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

from app import i18n
from app.conversations.labels import _labels_in, all_labels, label
from app.dates import nl_date
from app.i18n import current_locale, gettext, text_direction, use_locale
from app.main import install_template_globals
from app.templating import env, js_string

TRANSLATED = {
    "Mijn buurtkracht": "My neighbourhood strengths",
    "Kwaliteit": "Quality",
    "%(n)s gesprek": "%(n)s conversation",
}


@pytest.fixture
def english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    catalog = Catalog(locale="en", domain="messages")
    for source, english_text in TRANSLATED.items():
        catalog.add(source, english_text)
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / "messages.mo").open("wb") as out:
        write_mo(out, catalog)
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.load_translations.cache_clear()
    _labels_in.cache_clear()
    yield
    i18n.load_translations.cache_clear()
    _labels_in.cache_clear()


def test_what_is_said_follows_the_requests_language(english: None) -> None:
    install_template_globals()
    template = env.from_string(
        '{{ _("Mijn buurtkracht") }} · {{ label("discovery_kind", "quality") }}'
    )
    assert gettext("Mijn buurtkracht") == "Mijn buurtkracht"
    with use_locale("en"):
        assert current_locale() == "en"
        assert gettext("Mijn buurtkracht") == "My neighbourhood strengths"
        assert label("discovery_kind", "quality") == "Quality"
        assert all_labels()["discovery_kind"]["quality"] == "Quality"
        assert template.render() == "My neighbourhood strengths · Quality"
        assert nl_date(date(2027, 3, 5), "d MMMM yyyy") == "5 March 2027"
        assert gettext("Niet vertaald") == "Niet vertaald"  # the Dutch source, not nothing
    assert template.render() == "Mijn buurtkracht · Kwaliteit"
    assert nl_date(date(2027, 3, 5), "d MMMM yyyy") == "5 maart 2027"


def test_a_language_not_offered_is_dutch_and_arabic_reads_right_to_left() -> None:
    with use_locale("xx"):
        assert current_locale() == "nl"
    with use_locale("ar"):
        assert text_direction() == "rtl"
        assert gettext("Mijn buurtkracht") == "قوتي في الحي"
        assert gettext("Een zin die niemand vertaalde") == "Een zin die niemand vertaalde"
    assert text_direction() == "ltr"


def test_each_thread_has_its_own_language(english: None) -> None:
    """A worker thread of another request keeps its own language."""
    seen: dict[str, str] = {}
    ready, done = threading.Event(), threading.Event()

    def other_request() -> None:
        with use_locale("nl"):
            ready.wait(5)
            seen["other"] = gettext("Mijn buurtkracht")
            done.set()

    thread = threading.Thread(target=other_request)
    thread.start()
    with use_locale("en"):
        ready.set()
        done.wait(5)
        seen["mine"] = gettext("Mijn buurtkracht")
    thread.join(5)
    assert seen == {"other": "Mijn buurtkracht", "mine": "My neighbourhood strengths"}


def test_a_translation_in_an_alpine_expression_cannot_break_out_of_it() -> None:
    """`js_string` (app.templating): whatever a translation holds, the attribute stays one
    attribute and the expression one string literal."""
    text = 'Don\'t "stop" <now> & then'
    literal = str(js_string(text))
    assert not set(literal) & set("\"'<>")
    assert json.loads(html.unescape(literal)) == text
