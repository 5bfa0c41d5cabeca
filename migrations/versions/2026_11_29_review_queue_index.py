"""an index for the weekoverleg's queue: open discoveries per team and kind, oldest first

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-29 11:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        'ix_discovery_review_queue',
        'discovery',
        ['team_id', 'review_status', 'kind', 'created_at', 'id'],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index('ix_discovery_review_queue', table_name='discovery')
