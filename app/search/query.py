"""Full-text search over the index, the same on both databases (see app.search.text)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import BindParameter, Select, TextClause, Uuid, bindparam, or_, select, text
from sqlalchemy import column as column_
from sqlalchemy.sql.selectable import TextualSelect
from sqlmodel import col

from app.search.models import SearchEntry
from app.search.text import query_terms

Terms = list[list[tuple[str, bool]]]


def fts5_query(terms: Terms) -> str:
    return " AND ".join(
        "(" + " OR ".join(f'"{v}"' + ("*" if prefix else "") for v, prefix in group) + ")"
        for group in terms
    )


def tsquery(terms: Terms) -> str:
    return " & ".join(
        "(" + " | ".join(v + (":*" if prefix else "") for v, prefix in group) + ")"
        for group in terms
    )


# SQLite: start from the full-text hits and look their entries up by rowid (CROSS JOIN fixes
# that order); the other way round SQLite walks every entry of the team (7× slower at 100k).
_SQLITE_HITS = """
SELECT search_entry.{column} FROM search_fts CROSS JOIN search_entry
  ON search_entry.id = search_fts.rowid
WHERE search_fts MATCH :fts AND search_entry.team_id = :team AND {condition}
"""


def _sqlite_hits(column: str, condition: str, terms: Terms, **params: Any) -> TextualSelect:
    clause: TextClause = text(_SQLITE_HITS.format(column=column, condition=condition))
    binds: list[BindParameter[Any]] = [bindparam("fts", fts5_query(terms))]
    binds += [bindparam(name, value, type_=Uuid()) for name, value in params.items()]
    return clause.bindparams(*binds).columns(column_(column, Uuid()))


def _postgres_match(terms: Terms) -> TextClause:
    return text("search_entry.document @@ to_tsquery('simple', :tsq)").bindparams(
        tsq=tsquery(terms)
    )


def matching_conversations(
    dialect: str, team_id: uuid.UUID, user_id: uuid.UUID, query: str
) -> Select[Any] | TextualSelect | None:
    """Ids of the team's conversations whose summary or discoveries match every word of the
    query (a private discovery counts only for its author); None when the query has no
    searchable word (only stop words or punctuation)."""
    terms = query_terms(query)
    if not terms:
        return None
    if dialect == "sqlite":
        return _sqlite_hits(
            "conversation_id",
            "search_entry.conversation_id IS NOT NULL AND (search_entry.private_to_id IS NULL"
            " OR search_entry.private_to_id = :user)",
            terms,
            team=team_id,
            user=user_id,
        )
    return select(col(SearchEntry.conversation_id)).where(
        col(SearchEntry.team_id) == team_id,
        col(SearchEntry.conversation_id).is_not(None),
        or_(col(SearchEntry.private_to_id).is_(None), col(SearchEntry.private_to_id) == user_id),
        _postgres_match(terms),
    )


def matching_people(
    dialect: str, team_id: uuid.UUID, query: str
) -> Select[Any] | TextualSelect | None:
    """Ids of the team's bewoners whose pseudonym, roepnaam, herkenning or straat match."""
    terms = query_terms(query)
    if not terms:
        return None
    if dialect == "sqlite":
        return _sqlite_hits("record_id", "search_entry.entity = 'person'", terms, team=team_id)
    return select(col(SearchEntry.record_id)).where(
        col(SearchEntry.team_id) == team_id,
        col(SearchEntry.entity) == "person",
        _postgres_match(terms),
    )
