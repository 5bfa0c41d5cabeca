"""search newest first: on SQLite an entry's id begins with its conversation's second
(app.search.order), so the Tocht reads a search's newest matches straight from FTS5; every
entry is indexed again to get such an id. PostgreSQL is unchanged.

Revision ID: 0020
Revises: 0016
Create Date: 2026-12-04 23:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    from sqlmodel import Session

    from app.search.index import rebuild_index

    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DELETE FROM search_fts")
    op.execute("DELETE FROM search_entry")
    session = Session(bind=op.get_bind())
    rebuild_index(session)
    session.flush()


def downgrade() -> None:
    # Any id serves the older code: nothing to undo.
    pass
