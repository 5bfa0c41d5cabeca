"""search index: search_entry, plus PostgreSQL's tsvector ("dutch") or SQLite's FTS5 table

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 22:19:44.893407
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "search_entry",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            sa.Identity(always=False),
            nullable=False,
        ),
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=20), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("conversation_id", sa.Uuid(), nullable=True),
        sa.Column("private_to_id", sa.Uuid(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["private_to_id"], ["app_user.id"], name=op.f("fk_search_entry_private_to_id_app_user")
        ),
        sa.ForeignKeyConstraint(["team_id"], ["team.id"], name=op.f("fk_search_entry_team_id_team")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_entry")),
        sa.UniqueConstraint("entity", "record_id", name="uq_search_entry_entity_record_id"),
    )
    with op.batch_alter_table("search_entry", schema=None) as batch_op:
        batch_op.create_index(
            "ix_search_entry_team_id_conversation_id", ["team_id", "conversation_id"], unique=False
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "ALTER TABLE search_entry ADD COLUMN document tsvector "
            "GENERATED ALWAYS AS (to_tsvector('dutch'::regconfig, body)) STORED"
        )
        op.execute("CREATE INDEX ix_search_entry_document ON search_entry USING gin (document)")
    else:
        # The text is analysed in Python (app.search.text) and stored as stems.
        op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(terms, tokenize='unicode61')")
    # Records made before this revision become findable in 0015, which indexes every record
    # by the rules of today's app.search (the index of this revision is emptied there).


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        op.execute("DROP TABLE search_fts")
    with op.batch_alter_table("search_entry", schema=None) as batch_op:
        batch_op.drop_index("ix_search_entry_team_id_conversation_id")
    op.drop_table("search_entry")
