"""Full-text search over the index, the same on both databases (see app.search.text)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, TextClause, literal_column, or_, select, table, text
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


def _matching(dialect: str, terms: Terms) -> ColumnElement[bool] | TextClause:
    if dialect == "sqlite":
        hits: Select[Any] = (
            select(literal_column("rowid"))
            .select_from(table("search_fts"))
            .where(text("search_fts MATCH :fts").bindparams(fts=fts5_query(terms)))
        )
        return col(SearchEntry.id).in_(hits)
    return text("search_entry.document @@ to_tsquery('simple', :tsq)").bindparams(
        tsq=tsquery(terms)
    )


def matching_conversations(
    dialect: str, team_id: uuid.UUID, user_id: uuid.UUID, query: str
) -> Select[Any] | None:
    """Ids of the team's conversations whose summary or discoveries match every word of the
    query; None when the query has no searchable word (only stop words or punctuation)."""
    terms = query_terms(query)
    if not terms:
        return None
    return select(col(SearchEntry.conversation_id)).where(
        col(SearchEntry.team_id) == team_id,
        col(SearchEntry.conversation_id).is_not(None),
        or_(col(SearchEntry.private_to_id).is_(None), col(SearchEntry.private_to_id) == user_id),
        _matching(dialect, terms),
    )


def matching_people(dialect: str, team_id: uuid.UUID, query: str) -> Select[Any] | None:
    """Ids of the team's bewoners whose pseudonym, roepnaam, herkenning or straat match."""
    terms = query_terms(query)
    if not terms:
        return None
    return select(col(SearchEntry.record_id)).where(
        col(SearchEntry.team_id) == team_id,
        col(SearchEntry.entity) == "person",
        _matching(dialect, terms),
    )
