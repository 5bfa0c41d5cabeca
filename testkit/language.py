"""The language guard (DESIGN.md §1: strengths, never deficits): the one list of words the UI
never uses, and the readers that pull the UI's words out of templates, labels, JavaScript
strings and translatable Python strings, so one test can check them all (tests/test_language.py)
and the demo texts too (tests/demo/test_seed.py).

A word that must stay in one place gets an entry in ALLOWED with that place and the reason:
narrow, so the same word anywhere else still fails."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app"

# Words for needs, problems, risk and vulnerability, and for residents as clients or cases.
# Stems end in \w* so plurals and compounds are caught too ("hulpvragen", "doelgroepen").
# Not "klant": the buurteconomie has shops with customers (a kapsalon's klanten).
DEFICIT_WORDS = re.compile(
    r"\b("
    r"kwetsba\w*|probleemwijk\w*|probleemgezin\w*|multiprobleem\w*|cliënt\w*|client\w*"
    r"|hulpvra\w*|hulpbehoev\w*|hulpeloze?|casus|casussen|casuïstiek|dossier\w*|doelgroep\w*"
    r"|behoeftepeiling\w*|achterstandswijk\w*|achterstandsbuurt\w*|zorgmijd\w*|risicogroep\w*"
    r"|risicogezin\w*|zwakke wijk\w*|zwakke buurt\w*"
    # Residents ask partners, not the other way round (DESIGN.md §2, Ask).
    r"|wat we vragen aan"
    r")\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Allowed:
    path: str  # relative to the repository root
    word: str  # the word as found, lower case
    reason: str


ALLOWED: tuple[Allowed, ...] = ()


@dataclass(frozen=True)
class Hit:
    where: str
    word: str
    text: str


def deficit_words(text: str) -> list[str]:
    """The deficit words in `text`, lower case, in order."""
    return [m.group(0).lower() for m in DEFICIT_WORDS.finditer(text)]


def check(where: str, texts: Iterator[str] | list[str]) -> list[Hit]:
    allowed = {a.word for a in ALLOWED if a.path == where}
    return [
        Hit(where, word, text)
        for text in texts
        for word in deficit_words(text)
        if word not in allowed
    ]


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


JINJA_COMMENT = re.compile(r"{#.*?#}", re.DOTALL)


def template_texts() -> Iterator[tuple[str, str]]:
    """Every template's text (markup, attributes, strings), comments aside."""
    for path in sorted((APP / "templates").rglob("*.html")):
        yield _relative(path), JINJA_COMMENT.sub("", path.read_text(encoding="utf-8"))


JS_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`")
JS_COMMENT = re.compile(r"/\*.*?\*/|(?<![:\"'\\])//[^\n]*", re.DOTALL)


def js_strings(source: str) -> list[str]:
    return [m.group(0)[1:-1] for m in JS_STRING.finditer(JS_COMMENT.sub("", source))]


def script_texts() -> Iterator[tuple[str, str]]:
    """The string literals of the app's own JavaScript (vendored libraries aside)."""
    for path in sorted((APP / "static" / "js").rglob("*.js")):
        for text in js_strings(path.read_text(encoding="utf-8")):
            yield _relative(path), text


TRANSLATED = {"_", "gettext", "ngettext", "pgettext", "npgettext", "lazy_gettext"}


def translatable_strings(source: str) -> list[str]:
    """The strings given to gettext and its kin (`_("...")`): what a person reads."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else None
            if isinstance(node.func, ast.Attribute):
                name = node.func.attr
            if name in TRANSLATED:
                found += [
                    arg.value
                    for arg in node.args
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
                ]
    return found


def python_texts() -> Iterator[tuple[str, str]]:
    """Translatable strings of every module of the app: labels, flash and error messages."""
    for path in sorted(APP.rglob("*.py")):
        for text in translatable_strings(path.read_text(encoding="utf-8")):
            yield _relative(path), text


def data_texts() -> Iterator[tuple[str, str]]:
    """Label sources that are data, not code: the JSON the pages and phones read."""
    for path in sorted((APP / "static").glob("*.json")):
        yield _relative(path), path.read_text(encoding="utf-8")
