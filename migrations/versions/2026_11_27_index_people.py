"""index people: bewoners become findable through the search index too

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 22:50:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Bewoners are indexed in 0015 with every other record, by the rules of today's
    # app.search (the index this revision wrote would be emptied there anyway).
    pass


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "DELETE FROM search_fts WHERE rowid IN "
            "(SELECT id FROM search_entry WHERE entity = 'person')"
        )
    op.execute("DELETE FROM search_entry WHERE entity = 'person'")
