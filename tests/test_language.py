"""The language guard (DESIGN.md §1): no word for needs, problems, vulnerability, clients or
cases anywhere a person reads — templates, labels, JavaScript strings, translatable Python
strings (flash and error messages), the JSON the phones read. The word list is one
(testkit/language.py); these tests prove it is read everywhere and that it catches a new word."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import groupby

import pytest

from app.conversations.labels import all_labels
from testkit import language
from testkit.language import Hit, check, deficit_words, js_strings, translatable_strings

SOURCES: dict[str, Callable[[], Iterator[tuple[str, str]]]] = {
    "templates": language.template_texts,
    "javascript": language.script_texts,
    "python": language.python_texts,
    "data": language.data_texts,
}


def _hits(texts: Iterator[tuple[str, str]]) -> list[Hit]:
    hits: list[Hit] = []
    for where, group in groupby(texts, key=lambda pair: pair[0]):
        hits += check(where, [text for _where, text in group])
    return hits


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_the_ui_speaks_of_strengths(source: str) -> None:
    texts = list(SOURCES[source]())
    assert texts, f"the {source} reader found nothing: is it still reading?"
    assert _hits(iter(texts)) == []


def test_every_label_speaks_of_strengths() -> None:
    words = [w for group in all_labels().values() for w in group.values()]
    assert len(words) > 50
    assert [w for w in words if deficit_words(w)] == []


def test_the_guard_catches_a_new_deficit_word() -> None:
    assert deficit_words("Nieuwe hulpvraag van een kwetsbare cliënt") == [
        "hulpvraag",
        "kwetsbare",
        "cliënt",
    ]
    assert deficit_words("Doelgroepen in de probleemwijk: het dossier") == [
        "doelgroepen",
        "probleemwijk",
        "dossier",
    ]
    assert deficit_words("Wat we vragen aan de partners") == ["wat we vragen aan"]
    assert deficit_words("Wat bewoners vragen aan partners; een klus; de casusloze") == []


def test_the_readers_find_a_deficit_word_in_each_kind_of_source() -> None:
    # The same readers the guard runs over the app, over a sample with a word in each place.
    assert deficit_words(" ".join(js_strings('const a = "De cliënt"; // kwetsbaar\n'))) == [
        "cliënt"
    ]
    python = 'raise AppError(_("Deze casus bestaat niet."))\nlog("dossier")\n'
    assert [w for t in translatable_strings(python) for w in deficit_words(t)] == ["casus"]
    assert check("app/templates/x.html", ["<h2>Onze doelgroep</h2>"]) == [
        Hit("app/templates/x.html", "doelgroep", "<h2>Onze doelgroep</h2>")
    ]


def test_an_allowance_is_narrow() -> None:
    # Every allowed word is tied to one file and a reason, and that file still exists.
    for allowed in language.ALLOWED:
        assert allowed.reason.strip()
        assert (language.ROOT / allowed.path).is_file()
