"""search by word and form: the index holds each text's words and their inflection keys, made
in Python (app.search.text) for both databases; PostgreSQL's tsvector is made from those lists
instead of its own "dutch" stemmer, and every record is indexed again

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 20:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The words, and the keys marked with a leading "_" (a word never has one), as they are: no
# parser, no stemmer, no stop words. A query names them as lexemes (app.search.query).
DOCUMENT = (
    "array_to_tsvector(string_to_array(words, ' ')) || "
    "array_to_tsvector(string_to_array(regexp_replace(keys, '(\\S+)', '_\\1', 'g'), ' '))"
)


def upgrade() -> None:
    from sqlmodel import Session

    from app.search.index import rebuild_index

    postgres = op.get_bind().dialect.name == "postgresql"
    op.execute("DELETE FROM search_entry")
    if postgres:
        op.execute("DROP INDEX ix_search_entry_document")
        op.execute("ALTER TABLE search_entry DROP COLUMN document")
    else:
        op.execute("DROP TABLE search_fts")
    with op.batch_alter_table("search_entry", schema=None) as batch_op:
        batch_op.add_column(sa.Column("words", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("keys", sa.Text(), nullable=False, server_default=""))
    if postgres:
        op.execute(
            f"ALTER TABLE search_entry ADD COLUMN document tsvector "
            f"GENERATED ALWAYS AS ({DOCUMENT}) STORED"
        )
        op.execute("CREATE INDEX ix_search_entry_document ON search_entry USING gin (document)")
    else:
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(words, keys, tokenize='unicode61')")
    session = Session(bind=op.get_bind())
    rebuild_index(session)
    session.flush()


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    op.execute("DELETE FROM search_entry")
    if postgres:
        op.execute("DROP INDEX ix_search_entry_document")
        op.execute("ALTER TABLE search_entry DROP COLUMN document")
    else:
        op.execute("DROP TABLE search_fts")
    with op.batch_alter_table("search_entry", schema=None) as batch_op:
        batch_op.drop_column("keys")
        batch_op.drop_column("words")
    if postgres:
        op.execute(
            "ALTER TABLE search_entry ADD COLUMN document tsvector "
            "GENERATED ALWAYS AS (to_tsvector('dutch'::regconfig, body)) STORED"
        )
        op.execute("CREATE INDEX ix_search_entry_document ON search_entry USING gin (document)")
    else:
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(terms, tokenize='unicode61')")
    # The old index is empty after a downgrade: upgrade again to fill it.
