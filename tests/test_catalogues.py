"""The English catalogue (app/locale/en): complete, faithful to its placeholders, compiled,
and in the language of strengths.

The source strings are Dutch. Every test here extracts them afresh from the code (babel's
own extraction, with the project's babel.cfg), so a new Dutch string without English fails
here, not on a page in front of a team. Adding English: `make messages`, then
`pybabel update -i app/locale/messages.pot -d app/locale -l en`, translate, and
`pybabel compile -d app/locale -l en`; commit the .po and the .mo."""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po

from app import i18n
from app.i18n import use_locale
from app.main import install_template_globals
from app.templating import TEMPLATE_DIR, env

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "app" / "locale"
LANGUAGES = ("en",)  # the team's pages: every string
# A bewoner's own page only (tests/residents/test_languages.py keeps those complete).
HER_PAGE_ONLY = ("tr", "ar")

Msgid = str | tuple[str, ...]


Mapping = tuple[list[tuple[str, str]], dict[str, dict[str, str]]]


def _mapping() -> Mapping:
    with (ROOT / "babel.cfg").open(encoding="utf-8") as cfg:
        return cast(Mapping, parse_mapping_cfg(cfg))  # type: ignore[no-untyped-call]


def _extracted() -> dict[str, Msgid]:
    """Every msgid in the code now, by its singular: what `make messages` would write."""
    method_map, options_map = _mapping()
    found: dict[str, Msgid] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map, options_map
    ):
        key = message[0] if isinstance(message, tuple) else message
        if key:
            found[key] = message
    return found


@pytest.fixture(scope="module")
def source_ids() -> dict[str, Msgid]:
    found = _extracted()
    assert len(found) > 500, "babel.cfg found too few strings: is the extraction broken?"
    return found


def _po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


def _catalog(lang: str) -> Catalog:
    with _po_path(lang).open("rb") as po:
        return read_po(po, locale=lang)


def _key(message_id: Msgid | list[str]) -> str:
    return message_id[0] if isinstance(message_id, (tuple, list)) else message_id


def _forms(value: Msgid | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, (tuple, list)) else (value,)


def _translations(lang: str) -> Iterator[tuple[Msgid, tuple[str, ...]]]:
    for message in _catalog(lang):
        if message.id:
            message_id = message.id
            yield (
                (tuple(message_id) if isinstance(message_id, list) else message_id),
                _forms(message.string),
            )


# --- (a) complete ------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_in_the_code_has_a_translation(
    lang: str, source_ids: dict[str, Msgid]
) -> None:
    catalog = _catalog(lang)
    plurals = catalog.num_plurals
    missing, empty, plural_gaps = [], [], []
    for key, message_id in sorted(source_ids.items()):
        message = catalog.get(key)
        if message is None or message.fuzzy:
            missing.append(key)
            continue
        forms = _forms(message.string)
        if isinstance(message_id, tuple):
            if len(forms) != plurals or not all(f.strip() for f in forms):
                plural_gaps.append(key)
        elif not forms or not forms[0].strip():
            empty.append(key)
    assert not missing, (
        f"{len(missing)} Dutch strings have no {lang} entry (make messages, then pybabel "
        f"update -l {lang}, and translate): {missing[:20]}"
    )
    assert not empty, f"{len(empty)} {lang} translations are empty: {empty[:20]}"
    assert not plural_gaps, f"plural forms not all filled in ({lang}): {plural_gaps[:20]}"


# Translated on purpose by the same word: names, formats and loanwords.
SAME_IN_ENGLISH = frozenset(
    {"Ontdekkingstocht", "team", "Team", "Privacy", "Filters", "PDF", "Spreadsheet"}
    | {"CSV (zip)", "budget", "Week", "Tigrinya"}
)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_translation_is_the_dutch_copied(lang: str) -> None:
    """A msgstr equal to its Dutch msgid is almost always a string nobody translated."""
    copied = [
        _key(message_id)
        for message_id, forms in _translations(lang)
        if forms
        and forms[0] == _key(message_id)
        and forms[0] not in SAME_IN_ENGLISH
        and re.search(r"[^\W\d_]", PLACEHOLDER.sub("", forms[0]))  # words, not just a format
    ]
    assert not copied, f"left in Dutch ({lang}): {copied}"


# --- (b) placeholders ---------------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{[^{}]*\}")
ENTITY = re.compile(r"&#?\w+;")


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.mark.parametrize("lang", LANGUAGES + HER_PAGE_ONLY)
def test_placeholders_spaces_and_entities_are_kept(lang: str) -> None:
    wrong = []
    for message_id, forms in _translations(lang):
        sources = _forms(message_id)
        for i, form in enumerate(forms):
            source = sources[min(i, len(sources) - 1)]
            if _placeholders(form) != _placeholders(source):
                wrong.append((source, form, "placeholders"))
            if sorted(ENTITY.findall(form)) != sorted(ENTITY.findall(source)):
                wrong.append((source, form, "HTML entities"))
            if (form[:1].isspace(), form[-1:].isspace()) != (
                source[:1].isspace(),
                source[-1:].isspace(),
            ):
                wrong.append((source, form, "leading or trailing space"))
    assert not wrong, f"{lang}: {wrong}"


def test_the_placeholder_check_catches_a_dropped_or_renamed_one() -> None:
    assert _placeholders("Hallo %(name)s, {n} stuks") == ["%(name)s", "{n}"]
    assert _placeholders("Hello %(naam)s") != _placeholders("Hallo %(name)s")


# --- (c) compiled -------------------------------------------------------------------------


def _mo_contents(data: bytes) -> dict[str, tuple[str, ...]]:
    catalog = read_mo(io.BytesIO(data))
    return {_key(m.id): _forms(m.string) for m in catalog if m.id}


@pytest.mark.parametrize("lang", LANGUAGES + HER_PAGE_ONLY)
def test_the_compiled_catalogue_is_up_to_date(lang: str) -> None:
    """What the app loads (.mo) says what the .po says: `pybabel compile -d app/locale`."""
    mo_path = _po_path(lang).with_suffix(".mo")
    assert mo_path.exists(), f"compile it: pybabel compile -d app/locale -l {lang}"
    fresh = io.BytesIO()
    write_mo(fresh, _catalog(lang))
    assert _mo_contents(mo_path.read_bytes()) == _mo_contents(fresh.getvalue()), (
        f"{mo_path.relative_to(ROOT)} is older than its .po: "
        f"pybabel compile -d app/locale -l {lang}"
    )


# --- (d) the language of strengths, in English -------------------------------------------

# The English of testkit/language.py DEFICIT_WORDS (DESIGN.md §1): needs, problems, risk and
# vulnerability, and residents as clients or cases. Stems end in \w* for plurals and compounds.
ENGLISH_DEFICIT_WORDS = re.compile(
    r"\b("
    r"needs?|needed|needing|needy|problem\w*|vulnerab\w*|clients?|clientele"
    r"|case ?files?|case ?load\w*|casework\w*|cases?|target groups?|deficit\w*|deficien\w*"
    r"|at[- ]risk|risk groups?|disadvantaged|deprived|deprivation|underprivileged"
    r"|care[- ]avoid\w*|help[- ]seek\w*|helpless\w*|service users?|troubled|problematic"
    r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AllowedWord:
    msgid: str  # the Dutch source string, exactly
    word: str  # the word as found, lower case
    reason: str


# Narrow: one word in one string, with the reason. None is needed so far.
ALLOWED_ENGLISH: tuple[AllowedWord, ...] = ()


def english_deficit_words(text: str) -> list[str]:
    """The deficit words a reader sees: placeholder names such as {problems} aside."""
    return [m.group(0).lower() for m in ENGLISH_DEFICIT_WORDS.finditer(PLACEHOLDER.sub("", text))]


def test_the_english_word_list_catches_what_it_should() -> None:
    assert english_deficit_words("Their needs, a Problem, the vulnerable, our clients") == [
        "needs",
        "problem",
        "vulnerable",
        "clients",
    ]
    assert english_deficit_words("an at-risk target group, care-avoiders, case files") == [
        "at-risk",
        "target group",
        "care-avoiders",
        "case files",
    ]
    assert english_deficit_words("Not filled in correctly: {problems}") == []
    assert english_deficit_words("What residents can do, connect and share") == []


@pytest.mark.parametrize("lang", ["en"])
def test_the_english_speaks_of_strengths(lang: str) -> None:
    allowed = {(a.msgid, a.word) for a in ALLOWED_ENGLISH}
    hits = [
        (_key(message_id), word, form)
        for message_id, forms in _translations(lang)
        for form in forms
        for word in english_deficit_words(form)
        if (_key(message_id), word) not in allowed
    ]
    assert not hits, f"deficit words in the English catalogue: {hits}"


def test_every_allowance_is_still_used() -> None:
    """An allowance whose string changed or went away is removed, so the list stays narrow."""
    translations = {_key(message_id): forms for message_id, forms in _translations("en")}
    for allowance in ALLOWED_ENGLISH:
        forms = translations.get(allowance.msgid, ())
        assert any(allowance.word in english_deficit_words(f) for f in forms), allowance


# --- (e) pages in English -----------------------------------------------------------------


def _template_ids(*names: str) -> set[str]:
    """The msgids of these templates (only of these: list the included ones too)."""
    _method_map, options_map = _mapping()
    options = next(o for pattern, o in options_map.items() if pattern.endswith(".html"))
    ids: set[str] = set()
    for name in names:
        for _line, message, _comments, _context in extract_from_file(
            "jinja2", str(TEMPLATE_DIR / name), options=options
        ):
            ids.add(_key(message))
    return ids


@pytest.fixture
def english_catalogue() -> Iterator[None]:
    """The committed catalogue, read afresh (another test may have cached a stand-in)."""
    i18n.load_translations.cache_clear()
    install_template_globals()
    yield
    i18n.load_translations.cache_clear()


PAGES: list[tuple[str, tuple[str, ...], dict[str, Any], list[str]]] = [
    (
        "pwa/offline.html",
        ("pwa/offline.html", "base.html", "macros/nav.html", "macros/sync_status.html"),
        {"shell": True, "principal": None},
        ["This page works only online", "New conversation", "Weekly meeting", "Walk"],
    ),
    (
        "auth/login.html",
        ("auth/login.html", "base.html"),
        {
            "principal": None,
            "csrf_token": "t",
            "next": "/",
            "email": "",
            "error": None,
            "request": SimpleNamespace(query_params={"uitgelogd": "1", "verlopen": "1"}),
        },
        ["Log in", "Welcome back. What will you discover in the neighbourhood today?"],
    ),
    (
        "residents/gone.html",
        ("residents/gone.html",),
        {"message": None},
        ["This link doesn't work (any more)", "Ask your contact in the neighbourhood team"],
    ),
]


@pytest.mark.parametrize(("template", "sources", "values", "english"), PAGES)
def test_a_page_rendered_in_english_has_no_dutch_left(
    english_catalogue: None,
    template: str,
    sources: tuple[str, ...],
    values: dict[str, Any],
    english: list[str],
) -> None:
    catalog = {_key(message_id): forms for message_id, forms in _translations("en")}
    dutch_page = html.unescape(env.get_template(template).render(**values))
    with use_locale("en"):
        english_page = html.unescape(env.get_template(template).render(**values))
    for text in english:
        assert text in english_page, f"{text!r} not on {template} in English"
    # Every Dutch string this page showed in Dutch must be gone in English (unless the
    # English is the same word, like "Team").
    shown = [
        msgid
        for msgid in _template_ids(*sources)
        if msgid in dutch_page and catalog.get(msgid, ("",))[0] != msgid
    ]
    assert shown, f"no catalogue strings found on {template}: is the check looking?"
    left = [msgid for msgid in shown if len(msgid) > 3 and msgid in english_page]
    assert not left, f"Dutch left on {template} in English: {left}"
