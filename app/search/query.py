"""Full-text search over the index, the same on both databases (see app.search.text).

The database's full-text index finds the candidates (SQLite: FTS5 over the `words` and `keys`
columns; PostgreSQL: the tsvector of migration 0015) and, asked again with fewer terms, which
of them match as written or as another form; the rest matched only by a prefix, and a check
on the entry's stored words drops those whose prefix is only a look-alike. The rank is 0 when
every query word was found as written, 1 when every word was found as written or as another
form of it, 2 when some word only began a longer word. Pages order by that rank, then newest
first.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import BindParameter, Integer, Uuid, bindparam, func, select, text
from sqlalchemy import column as column_
from sqlalchemy.sql.selectable import Subquery, TextualSelect

from app.search.text import RANKS, MatchKind, Term, index_fields, query_terms

Terms = list[list[Term]]

# A short prefix finds a longer word only when at least this many letters follow: "fiets"
# finds "fietsenmaker", but "talen" does not find "talent", nor "script" "scriptie". From
# eight letters on, a prefix is a word typed in part ("geheimzwal"): any longer word.
PREFIX_TAIL = 3
LONG_PREFIX = 8


def prefix_tail(prefix: str) -> int:
    """How many letters must follow this prefix in a word it finds."""
    return PREFIX_TAIL if len(prefix) < LONG_PREFIX else 1


_FTS_COLUMN = {"word": "words", "key": "keys", "prefix": "words"}


def fts5_query(terms: Terms) -> str:
    return " AND ".join(
        "("
        + " OR ".join(
            f'{_FTS_COLUMN[t.kind]} : "{t.value}"' + (" *" if t.kind == "prefix" else "")
            for t in group
        )
        + ")"
        for group in terms
    )


_LEXEME = {"word": "'{}'", "key": "'_{}'", "prefix": "'{}':*"}


def tsquery(terms: Terms) -> str:
    """The query as a tsquery literal (cast, not parsed): the document holds the words as they
    are and the keys with a leading "_" (migration 0015)."""
    return " & ".join(
        "(" + " | ".join(_LEXEME[t.kind].format(t.value) for t in group) + ")" for group in terms
    )


class TermChecks:
    """Each query term as a check on one entry's stored lists (`words`, `keys`: space
    separated), written for the database at hand, with its values as bound parameters."""

    def __init__(self, sqlite: bool) -> None:
        self.sqlite = sqlite
        self.binds: dict[str, str] = {}

    def _bind(self, value: str) -> str:
        name = f"term{len(self.binds)}"
        self.binds[name] = value
        return f":{name}"

    def term(self, term: Term) -> str:
        column = "search_entry.keys" if term.kind == "key" else "search_entry.words"
        if term.kind == "prefix":
            spaced = f"(' ' || {column})"
            letters = prefix_tail(term.value)
            if self.sqlite:
                tail = "[^ ]" * letters
                return f"{spaced} GLOB {self._bind(f'* {term.value}{tail}*')}"
            return f"{spaced} ~ {self._bind(f' {term.value}[^ ]{{{letters}}}')}"
        position = "instr" if self.sqlite else "strpos"
        return f"{position}(' ' || {column} || ' ', {self._bind(f' {term.value} ')}) > 0"

    def all_of(self, terms: Terms, kinds: frozenset[MatchKind]) -> str:
        groups = []
        for group in terms:
            kept = [self.term(t) for t in group if t.kind in kinds]
            if not kept:
                return "1 = 0"
            groups.append("(" + " OR ".join(kept) + ")")
        return " AND ".join(groups)


_HITS = """
SELECT search_entry.{column} AS found_id, {rank} AS rank FROM {source}
WHERE {match} AND search_entry.team_id = :team AND {condition}
"""
# SQLite: start from the full-text hits and look their entries up by rowid (CROSS JOIN fixes
# that order); the other way round SQLite walks every entry of the team (7× slower at 100k).
_SQLITE_SOURCE = "search_fts CROSS JOIN search_entry ON search_entry.id = search_fts.rowid"
_SQLITE_NARROWER = "SELECT rowid FROM search_fts WHERE search_fts MATCH :{name}"


def _hits(
    dialect: str, column: str, condition: str, terms: Terms, **ids: uuid.UUID
) -> TextualSelect:
    """Every matching entry with its rank; NULL for a candidate that only a prefix with too
    short a tail found (dropped by _best_rank). The ranks below the last are asked of the
    full-text index again with fewer terms (cheap); only the rest are checked as strings."""
    sqlite = dialect == "sqlite"
    checks = TermChecks(sqlite)
    ranks = sorted(RANKS.values())
    whens = []
    queries: dict[str, str] = {"fts": fts5_query(terms) if sqlite else tsquery(terms)}
    for rank in ranks[:-1]:
        narrower = [[t for t in group if t.kind in kinds_up_to(rank)] for group in terms]
        if all(narrower):
            name = f"fts{rank}"
            if sqlite:
                queries[name] = fts5_query(narrower)
                test = f"search_fts.rowid IN ({_SQLITE_NARROWER.format(name=name)})"
            else:
                queries[name] = tsquery(narrower)
                test = f"search_entry.document @@ CAST(:{name} AS tsquery)"
            whens.append(f"WHEN {test} THEN {rank}")
    whens.append(f"WHEN {checks.all_of(terms, kinds_up_to(ranks[-1]))} THEN {ranks[-1]}")
    sql = _HITS.format(
        column=column,
        rank=f"CASE {' '.join(whens)} END",
        source=_SQLITE_SOURCE if sqlite else "search_entry",
        match="search_fts MATCH :fts"
        if sqlite
        else "search_entry.document @@ CAST(:fts AS tsquery)",
        condition=condition,
    )
    binds: list[BindParameter[Any]] = [bindparam(n, q) for n, q in queries.items()]
    binds += [bindparam(name, value) for name, value in checks.binds.items()]
    binds += [bindparam(name, value, type_=Uuid()) for name, value in ids.items()]
    return (
        text(sql)
        .bindparams(*binds)
        .columns(column_("found_id", Uuid()), column_("rank", Integer()))
    )


def kinds_up_to(rank: int) -> frozenset[MatchKind]:
    return frozenset(kind for kind, r in RANKS.items() if r <= rank)


def _best_rank(hits: TextualSelect) -> Subquery:
    """One row per record: its id and its best rank."""
    inner = hits.subquery("hits")
    return (
        select(inner.c.found_id, func.min(inner.c.rank).label("rank"))
        .where(inner.c.rank.is_not(None))
        .group_by(inner.c.found_id)
        .subquery("found")
    )


def matching_conversations(
    dialect: str, team_id: uuid.UUID, user_id: uuid.UUID, query: str
) -> Subquery | None:
    """The team's conversations whose summary or discoveries match every word of the query
    (a private discovery counts only for its author), as rows (found_id, rank); None when the
    query has no searchable word (only stop words or punctuation)."""
    terms = query_terms(query)
    if not terms:
        return None
    condition = (
        "search_entry.conversation_id IS NOT NULL AND (search_entry.private_to_id IS NULL"
        " OR search_entry.private_to_id = :user)"
    )
    return _best_rank(
        _hits(dialect, "conversation_id", condition, terms, team=team_id, user=user_id)
    )


def matching_people(dialect: str, team_id: uuid.UUID, query: str) -> Subquery | None:
    """The team's bewoners whose pseudonym, roepnaam, herkenning or straat match, as rows
    (found_id, rank)."""
    terms = query_terms(query)
    if not terms:
        return None
    condition = "search_entry.entity = 'person'"
    return _best_rank(_hits(dialect, "record_id", condition, terms, team=team_id))


def text_found(terms: Terms, text: str) -> bool:
    """Whether the index would find `text` for `terms` (every word of the query, as the same
    word, another form of it or a longer word it begins): the database's test, in Python, for
    the few texts a page shows."""
    words, keys = index_fields(text)
    found_words = words.split()
    word_set, key_set = set(found_words), set(keys.split())

    def hit(term: Term) -> bool:
        if term.kind == "word":
            return term.value in word_set
        if term.kind == "key":
            return term.value in key_set
        longer = len(term.value) + prefix_tail(term.value)
        return any(w.startswith(term.value) and len(w) >= longer for w in found_words)

    return all(any(hit(t) for t in group) for group in terms)
