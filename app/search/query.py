"""Full-text search over the index, the same on both databases (see app.search.text).

The database's full-text index finds the candidates (SQLite: FTS5 over the `words` and `keys`
columns; PostgreSQL: the tsvector of migration 0015); then one check per query term on the
entry's stored lists gives each candidate its rank, and drops a prefix hit that is only a
look-alike. The rank is 0 when every query word was found as written, 1 when every word was
found as written or as another form of it, 2 when some word only began a longer word. Pages
order by that rank, then newest first.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import BindParameter, Integer, Uuid, bindparam, func, select, text
from sqlalchemy import column as column_
from sqlalchemy.sql.selectable import Subquery, TextualSelect

from app.search.text import RANKS, MatchKind, Term, query_terms

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


class _Checks:
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
WHERE {match} AND search_entry.team_id = :team AND {condition} AND {checked}
"""
# SQLite: start from the full-text hits and look their entries up by rowid (CROSS JOIN fixes
# that order); the other way round SQLite walks every entry of the team (7× slower at 100k).
_SQLITE_SOURCE = "search_fts CROSS JOIN search_entry ON search_entry.id = search_fts.rowid"


def _hits(
    dialect: str, column: str, condition: str, terms: Terms, **ids: uuid.UUID
) -> TextualSelect:
    sqlite = dialect == "sqlite"
    checks = _Checks(sqlite)
    ranks = sorted(RANKS.values())
    whens = " ".join(
        f"WHEN {checks.all_of(terms, _kinds_up_to(rank))} THEN {rank}" for rank in ranks[:-1]
    )
    checked = checks.all_of(terms, _kinds_up_to(ranks[-1]))
    sql = _HITS.format(
        column=column,
        rank=f"CASE {whens} ELSE {ranks[-1]} END",
        source=_SQLITE_SOURCE if sqlite else "search_entry",
        match="search_fts MATCH :fts"
        if sqlite
        else "search_entry.document @@ CAST(:fts AS tsquery)",
        condition=condition,
        checked=checked,
    )
    binds: list[BindParameter[Any]] = [
        bindparam("fts", fts5_query(terms) if sqlite else tsquery(terms))
    ]
    binds += [bindparam(name, value) for name, value in checks.binds.items()]
    binds += [bindparam(name, value, type_=Uuid()) for name, value in ids.items()]
    return (
        text(sql)
        .bindparams(*binds)
        .columns(column_("found_id", Uuid()), column_("rank", Integer()))
    )


def _kinds_up_to(rank: int) -> frozenset[MatchKind]:
    return frozenset(kind for kind, r in RANKS.items() if r <= rank)


def _best_rank(hits: TextualSelect) -> Subquery:
    """One row per record: its id and its best rank."""
    inner = hits.subquery("hits")
    return (
        select(inner.c.found_id, func.min(inner.c.rank).label("rank"))
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
