"""The search-quality evaluation (bench.search_quality) through the real index and queries, on
SQLite and on PostgreSQL side by side, against PostgreSQL's own "dutch" full-text search as the
baseline (to_tsvector/plainto_tsquery with its Snowball stemmer), on the same cases.

Each database gets a fresh schema (the Alembic migrations), one team, one conversation per note
indexed by the app's own indexer, and every case's query through
app.search.query.matching_conversations. Both databases must answer every query exactly as the
rules in Python say (`rules_searcher`); any difference is counted and shown.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, select, text
from sqlmodel import Session

from app.db import create_db_engine
from app.schema import upgrade_database
from app.search.index import SearchDoc, index_docs
from app.search.query import matching_conversations
from app.teams.service import create_team
from bench.report import Row, verdict
from bench.search_quality import (
    PER_CLASS,
    SEED,
    SHORT_CASES,
    Case,
    Report,
    evaluate,
    load_lemmas,
    make_cases,
    rules_searcher,
)
from testkit.postgres import POSTGRES_SERVER, fresh_postgres_database


@dataclass
class SearchQuality:
    cases: int
    rules: Report
    by_database: dict[str, Report] = field(default_factory=dict)
    # Queries whose answer on a database differed from the rules' answer.
    differences: dict[str, int] = field(default_factory=dict)
    postgres_dutch: Report | None = None
    notes: list[str] = field(default_factory=list)


@contextmanager
def _database(kind: str, tmp: Path) -> Iterator[Engine]:
    with (
        fresh_postgres_database(POSTGRES_SERVER)
        if kind == "postgres"
        else nullcontext(f"sqlite:///{tmp / 'search-quality.db'}")
    ) as url:
        engine = create_db_engine(url)
        try:
            upgrade_database(engine)
            yield engine
        finally:
            engine.dispose()


def _db_searcher(engine: Engine) -> Callable[[list[str]], Callable[[str], Iterable[int]]]:
    def searcher(notes: list[str]) -> Callable[[str], Iterable[int]]:
        with Session(engine) as session:
            team = create_team(session, name=f"Zoektest {uuid.uuid4().hex[:6]}")
            team_id = team.id
            ids = [uuid.uuid4() for _ in notes]
            docs = [
                SearchDoc(team_id, "conversation", i, i, None, note)
                for i, note in zip(ids, notes, strict=True)
            ]
            index_docs(session, docs, new=True)
            session.commit()
        index_of = {record_id: n for n, record_id in enumerate(ids)}
        dialect = engine.dialect.name
        user = uuid.uuid4()

        def search(query: str) -> set[int]:
            found = matching_conversations(dialect, team_id, user, query)
            if found is None:
                return set()
            with engine.connect() as connection:
                rows = connection.execute(select(found.c.found_id)).scalars()
                return {index_of[r] for r in rows}

        return search

    return searcher


def _postgres_dutch(engine: Engine) -> Callable[[list[str]], Callable[[str], Iterable[int]]]:
    """PostgreSQL's own Dutch search over the same notes, as the baseline."""

    def searcher(notes: list[str]) -> Callable[[str], Iterable[int]]:
        with engine.begin() as connection:
            connection.execute(text("CREATE TABLE dutch_note (n int, document tsvector)"))
            connection.execute(
                text("INSERT INTO dutch_note VALUES (:n, to_tsvector('dutch'::regconfig, :note))"),
                [{"n": n, "note": note} for n, note in enumerate(notes)],
            )
            connection.execute(text("CREATE INDEX ON dutch_note USING gin (document)"))

        def search(query: str) -> set[int]:
            with engine.connect() as connection:
                found = connection.execute(
                    text(
                        "SELECT n FROM dutch_note"
                        " WHERE document @@ plainto_tsquery('dutch'::regconfig, :q)"
                    ),
                    {"q": query},
                ).scalars()
                return set(found)

        return search

    return searcher


def _once(
    searcher: Callable[[list[str]], Callable[[str], Iterable[int]]],
) -> Callable[[list[str]], Callable[[str], Iterable[int]]]:
    """The searcher built once (its notes indexed once) for every later call."""
    built: dict[str, Callable[[str], Iterable[int]]] = {}

    def cached(notes: list[str]) -> Callable[[str], Iterable[int]]:
        if "search" not in built:
            built["search"] = searcher(notes)
        return built["search"]

    return cached


def measure_search_quality(tmp: Path, postgres: bool = True) -> SearchQuality:
    cases: list[Case] = make_cases(load_lemmas())
    rules = evaluate(cases, rules_searcher)
    result = SearchQuality(len(cases), rules)
    expected = _answers(cases, rules_searcher)
    for kind in ("sqlite", "postgres") if postgres else ("sqlite",):
        try:
            with _database(kind, tmp) as engine:
                searcher = _once(_db_searcher(engine))
                result.by_database[kind] = evaluate(cases, searcher)
                answers = _answers(cases, searcher)
                result.differences[kind] = sum(
                    a != b for a, b in zip(expected, answers, strict=True)
                )
                if kind == "postgres":
                    result.postgres_dutch = evaluate(cases, _postgres_dutch(engine))
        except Exception as exc:  # PostgreSQL may be absent where the bench runs
            result.notes.append(f"{kind}: {type(exc).__name__}: {exc}".splitlines()[0][:160])
    return result


def _answers(
    cases: list[Case], searcher: Callable[[list[str]], Callable[[str], Iterable[int]]]
) -> list[frozenset[int]]:
    notes: list[str] = []
    for case in cases:
        notes.append(case.note)
        notes.extend(case.distractors)
    search = searcher(notes)
    return [frozenset(search(case.query)) for case in cases]


RECALL_GOAL = 0.80
FALSE_GOAL = 0.02


def _by(report: Report) -> str:
    return " · ".join(f"{c} {report.by_class[c].recall:.0%}" for c in ("N", "V", "ADJ"))


def _false_by_length(report: Report) -> str:
    return " · ".join(f"{k} {t.false_rate:.1%}" for k, t in sorted(report.by_length.items()))


def search_rows(result: SearchQuality) -> list[Row]:
    """Recall and false matches of the search on each database beside PostgreSQL's own."""
    base = result.postgres_dutch
    rows = []
    for kind, report in result.by_database.items():
        total = report.total
        rows.append(
            Row(
                f"Dutch search on {kind}: another form of the word found "
                f"({total.queries:,} queries; nouns · verbs · adjectives)",
                f"{total.recall:.1%} ({_by(report)})",
                f"PostgreSQL's own dutch: {base.total.recall:.1%} ({_by(base)})" if base else "—",
                "—",
                f"≥ {RECALL_GOAL:.0%}",
                verdict(total.recall >= RECALL_GOAL),
            )
        )
        rows.append(
            Row(
                f"↳ an unrelated look-alike returned, {kind}: random look-alikes only",
                f"{total.false_random_rate:.1%} (≤ 4 letters "
                f"{report.by_length['≤ 4 letters'].false_random_rate:.1%})",
                f"PostgreSQL's own dutch: {base.total.false_random_rate:.1%}" if base else "—",
                "—",
                f"≤ {FALSE_GOAL:.0%}",
                verdict(total.false_random_rate <= FALSE_GOAL),
            )
        )
        rows.append(
            Row(
                f"↳ … with the closest look-alike too (often a derivation), {kind}, by length",
                f"{total.false_rate:.1%} ({_false_by_length(report)})",
                f"PostgreSQL's own dutch: {base.total.false_rate:.1%}" if base else "—",
                "—",
                "—",
                "info",
            )
        )
    if len(result.by_database) == 2:
        same = result.cases - max(result.differences.values())
        rows.append(
            Row(
                "↳ the same answer on SQLite and PostgreSQL as the rules give",
                f"{same:,} of {result.cases:,} queries",
                goal="all",
                verdict=verdict(same == result.cases),
            )
        )
    return rows


def search_notes(result: SearchQuality) -> list[str]:
    return [
        "Search quality: bench/search_quality.py on bench/data/dutch_words.tsv.gz (UniMorph "
        "Dutch, CC BY-SA 3.0; Dutch Plurals, Utrecht University, BSD-3), seed "
        f"{SEED}: {PER_CLASS} lemmas per class plus {SHORT_CASES} with a form of four letters "
        "or fewer; one form in a note, another as the query, three look-alikes of other words "
        "(two sharing the query's first three letters, one sharing its longest start). A "
        "longer word that starts with the query and goes on for three letters or more is a "
        "compound, not a false match. Stricter than a random draw: PostgreSQL's own dutch "
        "search makes more false matches here than on random look-alikes.",
        *(f"Search quality not measured on {note}" for note in result.notes),
    ]
