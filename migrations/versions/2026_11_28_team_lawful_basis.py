"""team lawful basis

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-28 01:21:20.664956
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


CHECK = "lawful_basis IN ('consent', 'public_task', 'legitimate_interest')"


def upgrade() -> None:
    # Not a batch (table rebuild) on SQLite: dropping the old team table trips the foreign keys
    # of every table that points at it once a team exists. SQLite's ADD COLUMN takes the
    # check as a column constraint, with the name the naming convention gives it.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "ALTER TABLE team ADD COLUMN lawful_basis VARCHAR(24) NOT NULL "
            f"DEFAULT 'public_task' CONSTRAINT ck_team_lawful_basis CHECK ({CHECK})"
        )
        return
    op.add_column(
        'team',
        sa.Column('lawful_basis', sa.String(length=24), nullable=False, server_default='public_task'),
    )
    op.create_check_constraint('lawful_basis', 'team', CHECK)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        raise NotImplementedError("downgrade below 0008 on SQLite: restore a backup instead")
    op.drop_constraint('ck_team_lawful_basis', 'team', type_='check')
    op.drop_column('team', 'lawful_basis')
