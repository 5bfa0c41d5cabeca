"""Dutch text analysis, the same for both databases: fold diacritics, split into words, drop
stop words, stem (Snowball's Dutch stemmer, the one PostgreSQL's "dutch" configuration uses).

PostgreSQL indexes the folded text with its own "dutch" configuration; SQLite's FTS5 indexes
the stems made here. A query is built here for both, so a search behaves the same on each.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

import snowballstemmer

WORD = re.compile(r"[^\W_]+")
MIN_PREFIX = 3  # shorter stems would match half the dictionary as prefixes

# PostgreSQL's dutch.stop (Snowball's Dutch stop words): never indexed, so never searched.
STOP_WORDS = frozenset(
    (
        "de",
        "en",
        "van",
        "ik",
        "te",
        "dat",
        "die",
        "in",
        "een",
        "hij",
        "het",
        "niet",
        "zijn",
        "is",
        "was",
        "op",
        "aan",
        "met",
        "als",
        "voor",
        "had",
        "er",
        "maar",
        "om",
        "hem",
        "dan",
        "zou",
        "of",
        "wat",
        "mijn",
        "men",
        "dit",
        "zo",
        "door",
        "over",
        "ze",
        "zich",
        "bij",
        "ook",
        "tot",
        "je",
        "mij",
        "uit",
        "der",
        "daar",
        "haar",
        "naar",
        "heb",
        "hoe",
        "heeft",
        "hebben",
        "deze",
        "u",
        "want",
        "nog",
        "zal",
        "me",
        "zij",
        "nu",
        "ge",
        "geen",
        "omdat",
        "iets",
        "worden",
        "toch",
        "al",
        "waren",
        "veel",
        "meer",
        "doen",
        "toen",
        "moet",
        "ben",
        "zonder",
        "kan",
        "hun",
        "dus",
        "alles",
        "onder",
        "ja",
        "eens",
        "hier",
        "wie",
        "werd",
        "altijd",
        "doch",
        "wordt",
        "wezen",
        "kunnen",
        "ons",
        "zelf",
        "tegen",
        "na",
        "reeds",
        "wil",
        "kon",
        "niets",
        "uw",
        "iemand",
        "geweest",
        "andere",
    )
)


@functools.cache
def _stemmer() -> Any:
    # "dutch_porter" is the classic Snowball Dutch stemmer that PostgreSQL ships.
    return snowballstemmer.stemmer("dutch_porter")


# Every combining mark (all lie below U+20000), for str.translate: C speed, and the overview
# folds every text it shows.
_COMBINING = {c: None for c in range(0x20000) if unicodedata.combining(chr(c))}


def fold(text: str) -> str:
    """Lower case without diacritics: "Café" and "cafe" are one word."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text.casefold()).translate(_COMBINING)


def words(text: str) -> list[str]:
    return [w for w in WORD.findall(fold(text)) if w not in STOP_WORDS]


@functools.lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    # The pure-Python stemmer takes ~0.1 ms a word; words repeat a lot in a team's notes.
    return str(_stemmer().stemWord(word))


def index_terms(text: str) -> str:
    """What SQLite's full-text table stores for a text: its stems, space separated."""
    return " ".join(stem(w) for w in words(text))


def query_terms(text: str) -> list[list[tuple[str, bool]]]:
    """Per word of a query, the stems a matching text may hold: (stem, as a prefix?).

    Dutch word forms do not always stem alike ("fietsen" → "fiets", but "fiets" → "fiet";
    "repareert" stays whole while "repareren" → "reparer"), so a word matches its stem and the
    stem of its stem, both as prefixes (which also finds compounds: "fiets" finds
    "fietsenmaker"), and, without a final -t or -s (verb forms, plurals), that stem exactly.
    Every word must match (AND).
    """
    terms = []
    for word in words(text)[:12]:
        first = stem(word)
        group = {(v, True) for v in (first, stem(first)) if len(v) >= MIN_PREFIX}
        if len(word) > 4 and word[-1] in "ts":
            group.add((stem(word[:-1]), False))
        terms.append(sorted(group) or [(first, False)])
    return terms
