"""A name that was ever hidden stays hidden (DESIGN.md §5): the one rule that finds a
resident's first name in free text, for the overview's redaction and for scrubbing stored text.

A name is found as whole words, whatever the case or accents ("Zoë" finds "ZOE"), also with a
possessive s ("Henriekes soep", "Henrieke's soep"). When the right to store a name ends
(consent withdrawn, erasure, retention), only a salted hash of its folded words is kept
(`ForgottenName`, no link to the person), so a text that still names her — written before, or
pushed later by a phone that was offline — is recognised without the name being stored.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from sqlmodel import Session, col, select

from app.i18n import gettext as _
from app.people.models import ForgottenName
from app.search.text import fold

WORD = re.compile(r"[^\W_]+")


def name_words(name: str) -> tuple[str, ...]:
    return tuple(WORD.findall(fold(name)))


def _digest(team_id: uuid.UUID, words: Iterable[str]) -> str:
    # Salted per team: the same name has unrelated hashes in two teams.
    return hashlib.sha256(team_id.bytes + " ".join(words).encode()).hexdigest()


@dataclass(frozen=True)
class NameKey:
    digest: str  # all words
    first: str  # the first word (the same as digest for a one-word name)
    words: int


def name_key(team_id: uuid.UUID, name: str) -> NameKey | None:
    words = name_words(name)
    if not words:
        return None
    return NameKey(_digest(team_id, words), _digest(team_id, words[:1]), len(words))


def forget(session: Session, team_id: uuid.UUID, name: str | None) -> None:
    """Keep only the hash of `name`, so it stays hidden wherever it is still written."""
    key = name_key(team_id, name or "")
    if key is None:
        return
    known = session.exec(
        select(ForgottenName.id).where(
            col(ForgottenName.team_id) == team_id, col(ForgottenName.digest) == key.digest
        )
    ).first()
    if known is None:
        session.add(
            ForgottenName(team_id=team_id, digest=key.digest, first=key.first, words=key.words)
        )
        session.flush()


def forgotten_keys(session: Session, team_id: uuid.UUID) -> list[NameKey]:
    return [
        NameKey(digest, first, words)
        for digest, first, words in session.exec(
            select(ForgottenName.digest, ForgottenName.first, ForgottenName.words).where(
                col(ForgottenName.team_id) == team_id
            )
        )
    ]


Replacement = Callable[[str, int], str]  # (the text, where the name starts) -> what replaces it


def as_a_bewoner(text: str, start: int) -> str:
    """What stands for a name someone may not read: "een bewoner", capitalised where a
    sentence starts."""
    sentence_start = start == 0 or text[:start].rstrip().endswith((".", "!", "?"))
    return _("Een bewoner") if sentence_start else _("een bewoner")


class NameMatcher:
    """Finds any of a set of names (given plainly or as NameKeys of one team) in free text.

    Each distinct word is hashed once per matcher, so a whole overview costs a dictionary
    lookup per word."""

    def __init__(
        self, team_id: uuid.UUID, names: Iterable[str] = (), keys: Iterable[NameKey] = ()
    ) -> None:
        self._team_id = team_id
        all_keys = [*keys, *(k for k in (name_key(team_id, n) for n in names) if k)]
        self._digests = {k.digest for k in all_keys}
        lengths: dict[str, set[int]] = defaultdict(set)
        for k in all_keys:
            lengths[k.first].add(k.words)
        # Per first word, the word counts of the names it starts, longest first.
        self._lengths = {first: sorted(n, reverse=True) for first, n in lengths.items()}
        self._first_of: dict[str, str | None] = {}

    def __bool__(self) -> bool:
        return bool(self._digests)

    def _starts_name(self, word: str) -> str | None:
        """The hash of `word` (or of it without a possessive s) if a name starts with it."""
        if word not in self._first_of:
            found = None
            for candidate in (word, word[:-1] if len(word) > 2 and word[-1] == "s" else ""):
                digest = _digest(self._team_id, (candidate,)) if candidate else ""
                if digest in self._lengths:
                    found = digest
                    break
            self._first_of[word] = found
        return self._first_of[word]

    def _spans(self, text: str) -> list[tuple[int, int]]:
        tokens = [(m.start(), m.end(), fold(m.group())) for m in WORD.finditer(text)]
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(tokens):
            first = self._starts_name(tokens[i][2])
            matched = 0
            if first is not None:
                for n in self._lengths[first]:
                    words = [t[2] for t in tokens[i : i + n]]
                    if len(words) < n:
                        continue
                    if n == 1 or self._multi_word(words):
                        matched = n
                        break
            if matched:
                spans.append((tokens[i][0], tokens[i + matched - 1][1]))
                i += matched
            else:
                i += 1
        return spans

    def _multi_word(self, words: list[str]) -> bool:
        last = words[-1]
        variants = [words]
        if len(last) > 2 and last[-1] == "s":  # possessive: "Anne Maries"
            variants.append([*words[:-1], last[:-1]])
        return any(_digest(self._team_id, v) in self._digests for v in variants)

    def contains(self, text: str) -> bool:
        return bool(self) and bool(text) and bool(self._quick_spans(text))

    def _quick_spans(self, text: str) -> list[tuple[int, int]]:
        # Most texts name nobody: one pass over the folded words before finding positions.
        folded = WORD.findall(fold(text))
        if not any(self._starts_name(w) is not None for w in folded):
            return []
        return self._spans(unicodedata.normalize("NFC", text))

    def replace(self, text: str, replacement: Replacement | str) -> str:
        if not self or not text:
            return text
        spans = self._quick_spans(text)
        if not spans:
            return text
        text = unicodedata.normalize("NFC", text)
        out, last = [], 0
        for start, end in spans:
            out.append(text[last:start])
            out.append(replacement if isinstance(replacement, str) else replacement(text, start))
            last = end
        out.append(text[last:])
        return "".join(out)


def onto_real(real: str, shown: str, edited: str, phrases: Iterable[str] = ()) -> str:
    """An edit of a text as it was shown (names someone may not see as "een bewoner"), made
    on the text as written: what the editor left as it was stays as written, names included;
    what they changed is theirs. For a bewoner's corrections on her page, and a colleague's
    edit of a text naming someone whose name was not shared with them.

    `phrases`: what stands for a name in `shown` ("Een bewoner", "een bewoner"); each is one
    word here, whatever its case, so a phrase moved or re-cased is not half kept. A phrase the
    editor moved elsewhere stays a phrase: a name is never put where it was not written."""
    if shown == real:
        return edited
    split = _splitter(tuple(phrases))
    stands = {p.casefold() for p in phrases}

    def key(token: str) -> str:
        return "\0" if token.casefold() in stands else token

    seen, written, mine = split(shown), split(real), split(edited)
    seen_keys, mine_keys = [key(t) for t in seen], [key(t) for t in mine]
    where: dict[int, tuple[int, int]] = {}  # a word they saw -> the real words it stands for
    matcher = SequenceMatcher(None, seen, written, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            where.update({i1 + k: (j1 + k, j1 + k + 1) for k in range(i2 - i1)})
        else:  # "een bewoner" stands for the name: the whole name once, at its first word
            where.update({k: ((j1, j2) if k == i1 else (j2, j2)) for k in range(i1, i2)})
    out: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(
        None, seen_keys, mine_keys, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            for k in range(i1, i2):
                start, end = where.get(k, (0, 0))
                out.extend(written[start:end])
        else:
            out.extend(mine[j1:j2])
    return "".join(out)


@functools.cache
def _splitter(phrases: tuple[str, ...]) -> Callable[[str], list[str]]:
    alternatives = [re.escape(p) for p in sorted(phrases, key=len, reverse=True) if p]
    pattern = re.compile("|".join([*alternatives, r"\s+", r"\S+"]), re.IGNORECASE)
    return pattern.findall
