"""the language a conversation was in, optional, counted in the krachtenoverzicht

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-05 07:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0025"
down_revision: str | None = "0024"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LANGUAGES = "'nl', 'ar', 'ber', 'tr', 'en', 'pap', 'srn', 'pl', 'bg', 'ro', 'uk', 'so', 'ti', 'fa', 'es', 'fr', 'pt', 'zh', 'other'"


def upgrade() -> None:
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language", sa.String(length=8), nullable=False, server_default="")
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_conversation_language"),
            f"language = '' OR language IN ({LANGUAGES})",
        )


def downgrade() -> None:
    with op.batch_alter_table("conversation", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_conversation_language"), type_="check")
        batch_op.drop_column("language")
