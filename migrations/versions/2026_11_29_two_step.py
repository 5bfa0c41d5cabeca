"""two-step verification: TOTP secret per user, recovery codes, half-done logins, team setting

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29 07:41:00.856812
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.db

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'recovery_code',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
        sa.Column('used_at', app.db.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ['user_id'], ['app_user.id'], name=op.f('fk_recovery_code_user_id_app_user')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_recovery_code')),
    )
    op.create_index(op.f('ix_recovery_code_user_id'), 'recovery_code', ['user_id'], unique=False)
    # Plain ADD COLUMN (no batch table rebuild): other tables point at these by foreign key.
    op.add_column('app_user', sa.Column('totp_secret', sa.String(length=200), nullable=True))
    op.add_column('app_user', sa.Column('totp_enabled_at', app.db.UTCDateTime(), nullable=True))
    op.add_column('app_user', sa.Column('totp_last_step', sa.Integer(), nullable=True))
    op.add_column('auth_session', sa.Column('mfa_stage', sa.String(length=8), nullable=True))
    op.add_column(
        'team',
        sa.Column('require_mfa', sa.Boolean(), nullable=False, server_default=sa.false()),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        raise NotImplementedError("downgrade below 0010 on SQLite: restore a backup instead")
    op.drop_column('team', 'require_mfa')
    op.drop_column('auth_session', 'mfa_stage')
    op.drop_column('app_user', 'totp_last_step')
    op.drop_column('app_user', 'totp_enabled_at')
    op.drop_column('app_user', 'totp_secret')
    op.drop_index(op.f('ix_recovery_code_user_id'), table_name='recovery_code')
    op.drop_table('recovery_code')
