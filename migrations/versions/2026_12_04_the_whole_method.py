"""the whole method in the product: an idea's asks of partners, follow-up kinds (a
vervolgafspraak or someone still to speak to), and the team's address form (je or u)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 13:18:58.641331
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0013'
down_revision: str | None = '0012'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, type, default, check): every existing row gets the default.
COLUMNS = (
    ("discovery", "asks", sa.JSON(), "[]", None),
    (
        "follow_up",
        "kind",
        sa.String(length=10),
        "agreement",
        "kind IN ('agreement', 'talk_to')",
    ),
    ("team", "address_form", sa.String(length=2), "je", "address_form IN ('je', 'u')"),
)


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, type_, default, check in COLUMNS:
        # Not a batch (table rebuild) on SQLite: dropping the old table trips the foreign keys
        # of every table that points at it (0008 says why). SQLite's ADD COLUMN takes the
        # check as a column constraint, named as the naming convention names it.
        if sqlite:
            sql_type = type_.compile(dialect=op.get_bind().dialect)
            constraint = f" CONSTRAINT ck_{table}_{column} CHECK ({check})" if check else ""
            op.execute(
                f"ALTER TABLE {table} ADD COLUMN {column} {sql_type} NOT NULL "
                f"DEFAULT '{default}'{constraint}"
            )
            continue
        op.add_column(table, sa.Column(column, type_, nullable=False, server_default=default))
        if check:
            op.create_check_constraint(column, table, check)
    # Teams that exist already had their cards worded with "u": they keep speaking so until a
    # coordinator chooses otherwise. New teams start with "je".
    op.execute("UPDATE team SET address_form = 'u'")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        raise NotImplementedError("downgrade below 0013 on SQLite: restore a backup instead")
    for table, column, _type, _default, check in reversed(COLUMNS):
        if check:
            op.drop_constraint(column, table, type_="check")
        op.drop_column(table, column)
