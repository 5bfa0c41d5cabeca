"""Dutch text analysis, the same for both databases: fold diacritics, split into words, drop
stop words, and give each word its inflection key (app.search.dutch), all in Python.

The index stores, per entry, its words as written and their keys; each database indexes those
two lists as they are (SQLite: an FTS5 table with the columns `words` and `keys`; PostgreSQL: a
tsvector of the words and of the keys marked with "_", made from the same lists without a
parser or stemmer). A query word then matches (see `query_terms`), best first:

1. the same word ("raad" finds "raad");
2. the same key: another form of the word ("raden", "straatje" for "straat", "liep" for
   "lopen", "gekookt" for "koken");
3. a word that begins with it, as typed, when it has five letters or more ("fiets" finds
   "fietsenmaker"); shorter words would find half the dictionary ("raad", "radio").

Changing the rules changes what is stored: a migration must then rebuild the index
(app.search.index.rebuild_index).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from app.search.dutch import index_keys, keys

WORD = re.compile(r"[^\W_]+")
MIN_PREFIX = 5  # shorter words would match half the dictionary as prefixes

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


MatchKind = Literal["word", "key", "prefix"]
# Rank of a hit: the same word, another form of it, a longer word it begins.
RANKS: dict[MatchKind, int] = {"word": 0, "key": 1, "prefix": 2}


@dataclass(frozen=True, slots=True, order=True)
class Term:
    kind: MatchKind
    value: str


def index_fields(text: str) -> tuple[str, str]:
    """What the index stores for a text: its words as written and their keys, each a
    space-separated list without repeats."""
    found = list(dict.fromkeys(words(text)))
    found_keys = dict.fromkeys(k for w in found for k in index_keys(w))
    return " ".join(found), " ".join(found_keys)


def query_terms(text: str) -> list[list[Term]]:
    """Per word of a query (at most 12), the terms a matching text holds one of. Every word
    must match (AND)."""
    groups = []
    for word in list(dict.fromkeys(words(text)))[:12]:
        group = {Term("word", word)} | {Term("key", k) for k in keys(word)}
        if len(word) >= MIN_PREFIX:
            group.add(Term("prefix", word))
        groups.append(sorted(group))
    return groups
