"""Does the Dutch search find what people mean, and not what they don't?

An evaluation on public Dutch inflection data (bench/data/dutch_words.tsv.gz, built by
bench/data/build_dutch_words.py from UniMorph Dutch and the Utrecht Dutch Plurals list), with a
fixed seed, so every run and both databases see the same cases:

- For each sampled lemma (nouns, verbs, adjectives) one inflected form is written in a note and
  another form of the same lemma is the query: **recall** is how often the query finds the note.
- For each query, look-alike words of other lemmas (sharing the query's first letters, e.g.
  "raad" and "radio") are written in notes too: a **false match** is a query that returns a note
  whose word is not a form of the query's lemma (nor a compound that starts with the query or
  the lemma and goes on for three letters or more, which a search for a word rightly finds:
  "fietsenmaker" for "fiets", but not "talent" for "talen").

`evaluate` runs the rules of app.search.text in Python (fast, for every case); `bench` also runs
the same cases through the real index and queries on SQLite (and PostgreSQL when
TEST_DATABASE_URL or --postgres is given) and checks that each database answers exactly as the
rules say.
"""

from __future__ import annotations

import bisect
import gzip
import random
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data" / "dutch_words.tsv.gz"
CLASSES = ("N", "V", "ADJ")
SEED = 20261204
PER_CLASS = 500
DISTRACTORS = 3
SHORT_CASES = 200
SHORT_LETTERS = 4


@dataclass(frozen=True, slots=True)
class Lemma:
    cls: str
    lemma: str
    forms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Case:
    lemma: Lemma
    note: str  # the form written in the note
    query: str  # another form of the same lemma
    distractors: tuple[str, ...]  # look-alike words of other lemmas
    related: frozenset[str]  # forms of the same word (below): never a false match


@dataclass
class Tally:
    queries: int = 0
    found: int = 0
    false: int = 0
    # False matches among the random look-alikes alone (the closest ones left out).
    false_random: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.queries if self.queries else 0.0

    @property
    def false_rate(self) -> float:
        return self.false / self.queries if self.queries else 0.0

    @property
    def false_random_rate(self) -> float:
        return self.false_random / self.queries if self.queries else 0.0


@dataclass
class Report:
    by_class: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_length: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    total: Tally = field(default_factory=Tally)
    misses: list[tuple[str, str]] = field(default_factory=list)
    false_hits: list[tuple[str, str]] = field(default_factory=list)


def load_lemmas(path: Path = DATA) -> list[Lemma]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        return [
            Lemma(cls, lemma, tuple(forms.split(",")))
            for cls, lemma, forms in (line.rstrip("\n").split("\t") for line in lines)
        ]


def length_bucket(word: str) -> str:
    return "≤ 4 letters" if len(word) <= 4 else "5–7 letters" if len(word) <= 7 else "≥ 8 letters"


def make_cases(
    lemmas: list[Lemma],
    per_class: int = PER_CLASS,
    short_cases: int = SHORT_CASES,
    seed: int = SEED,
) -> list[Case]:
    rng = random.Random(seed)
    lemma_of: dict[str, set[str]] = defaultdict(set)
    for lemma in lemmas:
        for form in lemma.forms:
            lemma_of[form].add(lemma.lemma)
    # A name may be a lemma of two classes (jong: a noun and an adjective): one word here.
    forms_of: dict[str, tuple[str, ...]] = defaultdict(tuple)
    for lemma in lemmas:
        forms_of[lemma.lemma] += lemma.forms
    vocabulary = sorted(lemma_of)
    by_prefix: dict[str, list[str]] = defaultdict(list)
    for word in vocabulary:
        by_prefix[word[:3]].append(word)
    cases = []

    def add(lemma: Lemma, note: str, query: str) -> None:
        own = _related(lemma, lemma_of, forms_of)
        # Look-alikes: words of other lemmas that start as the query does, at random, and the
        # one that shares the longest start with it (often a derivation: "regeren" for
        # "regering", which a search for the one should not return either).
        candidates = sorted(
            w for w in by_prefix[query[:3]] if w not in own and not _compound(w, query, lemma.lemma)
        )
        picked = rng.sample(candidates, min(DISTRACTORS - 1, len(candidates)))
        rest = [w for w in candidates if w not in picked]
        rng.shuffle(rest)
        picked += sorted(rest, key=lambda w: -_common_prefix(w, query))[:1]
        cases.append(Case(lemma, note, query, tuple(picked), frozenset(own)))

    for cls in CLASSES:
        pool = [lemma for lemma in lemmas if lemma.cls == cls and len(lemma.forms) > 1]
        for lemma in rng.sample(pool, min(per_class, len(pool))):
            note, query = rng.sample(lemma.forms, 2)
            add(lemma, note, query)
    # Short words on their own as well (few in a random draw): a short query is where a search
    # most easily finds a look-alike ("raad", "radio").
    short = [lemma for lemma in lemmas if any(len(f) <= SHORT_LETTERS for f in lemma.forms)]
    for lemma in rng.sample(short, min(short_cases, len(short))):
        query = rng.choice([f for f in lemma.forms if len(f) <= SHORT_LETTERS])
        add(lemma, rng.choice([f for f in lemma.forms if f != query]), query)
    return cases


DIMINUTIVE_ENDINGS = ("etje", "tje", "pje", "kje", "je")


def _related(
    lemma: Lemma, lemma_of: dict[str, set[str]], forms_of: dict[str, tuple[str, ...]]
) -> set[str]:
    """The forms of the same word: its own; those of a lemma that shares a form with it (the
    participle "genoemd" is listed as an adjective of its own); its diminutive's (straatje for
    straat, which a search rightly joins) or, for a diminutive, its base's."""
    names = {lemma.lemma}
    for form in lemma.forms:
        names |= lemma_of[form]
    for name in list(names):
        names |= {name + ending for ending in DIMINUTIVE_ENDINGS}
        names |= {name[: -len(e)] for e in DIMINUTIVE_ENDINGS if name.endswith(e)}
    small = {name + "s" for name in names if name.endswith("je")}
    return {form for name in names for form in forms_of.get(name) or (name,)} | small


def _compound(word: str, *starts: str) -> bool:
    """A longer word that starts with the query or its lemma and goes on for at least three
    letters (fietsenmaker for fiets): a search for a word rightly finds it. One that goes on
    for less is a look-alike (talent for talen), unless what it starts with is a long word
    typed in part (eight letters or more)."""
    return any(
        word.startswith(s) and len(word) - len(s) >= (3 if len(s) < 8 else 1) for s in starts
    )


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


# A searcher: given every note's text, answers a query with the indexes of the notes it finds.
Searcher = Callable[[list[str]], Callable[[str], Iterable[int]]]


def evaluate(cases: list[Case], searcher: Searcher) -> Report:
    notes: list[str] = []
    for case in cases:
        notes.append(case.note)
        notes.extend(case.distractors)
    search = searcher(notes)
    closest = {case.distractors[-1] for case in cases if len(case.distractors) == DISTRACTORS}
    report = Report()
    for case in cases:
        own = case.related
        hits = {notes[i] for i in search(case.query)}
        found = case.note in hits
        wrong = {w for w in hits if w not in own and not _compound(w, case.query, case.lemma.lemma)}
        false = bool(wrong)
        for tally in (
            report.total,
            report.by_class[case.lemma.cls],
            report.by_length[length_bucket(case.query)],
        ):
            tally.queries += 1
            tally.found += found
            tally.false += false
            tally.false_random += bool(wrong - closest)
        if not found:
            report.misses.append((case.query, case.note))
        if false:
            report.false_hits.append((case.query, ",".join(sorted(wrong)[:3])))
    return report


def rules_searcher(notes: list[str]) -> Callable[[str], Iterable[int]]:
    """app.search.text's rules, run in Python over an in-memory index."""
    from app.search.query import prefix_tail
    from app.search.text import index_fields, query_terms

    fields = [index_fields(note) for note in notes]
    exact_words: dict[str, set[int]] = defaultdict(set)
    exact_keys: dict[str, set[int]] = defaultdict(set)
    for i, (words, keys) in enumerate(fields):
        for w in words.split():
            exact_words[w].add(i)
        for k in keys.split():
            exact_keys[k].add(i)
    sorted_words = sorted(exact_words)

    def prefixed(start: str) -> set[int]:
        found: set[int] = set()
        i = bisect.bisect_left(sorted_words, start)
        while i < len(sorted_words) and sorted_words[i].startswith(start):
            if len(sorted_words[i]) - len(start) >= prefix_tail(start):
                found |= exact_words[sorted_words[i]]
            i += 1
        return found

    def search(query: str) -> set[int]:
        result: set[int] | None = None
        for group in query_terms(query):
            matched: set[int] = set()
            for term in group:
                if term.kind == "word":
                    matched |= exact_words.get(term.value, set())
                elif term.kind == "key":
                    matched |= exact_keys.get(term.value, set())
                else:
                    matched |= prefixed(term.value)
            result = matched if result is None else result & matched
        return result or set()

    return search


def format_report(report: Report) -> list[str]:
    lines = []
    for label, tally in (
        [("all", report.total)]
        + [(c, report.by_class[c]) for c in CLASSES]
        + sorted(report.by_length.items())
    ):
        lines.append(
            f"{label:>12}: {tally.queries:4d} queries · recall {tally.recall:6.1%} · "
            f"false matches {tally.false_rate:5.1%} (random look-alikes "
            f"{tally.false_random_rate:4.1%})"
        )
    return lines


if __name__ == "__main__":
    import sys

    report = evaluate(make_cases(load_lemmas()), rules_searcher)
    print("\n".join(format_report(report)))
    if "-v" in sys.argv:
        print("misses:", report.misses)
        print("false:", report.false_hits)
