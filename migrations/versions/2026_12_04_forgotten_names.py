"""forgotten names: the hashes of first names whose right to be stored ended

Also mends what earlier versions left behind: a withdrawn roepnaam stayed in the person's
revision history, and a bewoner deleted from a phone kept their name. Their names are hashed
here (so overviews hide them at once) and scrubbed from the person's history; the next
retention run erases the deleted bewoners completely.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 10:39:21.970331
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from app.people.names import NameMatcher, name_key

revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WITHDRAWN = "[naam ingetrokken]"


def upgrade() -> None:
    forgotten = op.create_table(
        'forgotten_name',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('team_id', sa.Uuid(), nullable=False),
        sa.Column('digest', sa.String(length=64), nullable=False),
        sa.Column('first', sa.String(length=64), nullable=False),
        sa.Column('words', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['team_id'], ['team.id'], name=op.f('fk_forgotten_name_team_id_team')
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_forgotten_name')),
        sa.UniqueConstraint('team_id', 'digest', name='uq_forgotten_name_team_id_digest'),
    )
    bind = op.get_bind()
    revision_t = sa.table(
        'revision',
        sa.column('id', sa.Integer()),
        sa.column('team_id', sa.Uuid()),
        sa.column('entity', sa.String()),
        sa.column('record_id', sa.Uuid()),
        sa.column('changes', sa.JSON()),
    )
    person_t = sa.table(
        'person',
        sa.column('id', sa.Uuid()),
        sa.column('team_id', sa.Uuid()),
        sa.column('first_name', sa.String()),
        sa.column('deleted_at', sa.DateTime()),
    )
    history = list(
        bind.execute(
            sa.select(
                revision_t.c.id, revision_t.c.team_id, revision_t.c.record_id, revision_t.c.changes
            ).where(revision_t.c.entity == 'person')
        )
    )
    names: dict[tuple[object, object], set[str]] = {}
    for _id, team_id, person_id, changes in history:
        first_name = (changes or {}).get('first_name') or {}
        if isinstance(first_name, dict) and first_name.get('old') and not first_name.get('new'):
            names.setdefault((team_id, person_id), set()).add(str(first_name['old']))
    for person_id, team_id, first_name in bind.execute(
        sa.select(person_t.c.id, person_t.c.team_id, person_t.c.first_name).where(
            person_t.c.deleted_at.is_not(None), person_t.c.first_name.is_not(None)
        )
    ):
        names.setdefault((team_id, person_id), set()).add(first_name)
    keys = {}
    for (team_id, _person), person_names in names.items():
        for name in person_names:
            key = name_key(team_id, name)  # type: ignore[arg-type]
            if key is not None:
                keys[(team_id, key.digest)] = key
    if keys:
        op.bulk_insert(
            forgotten,
            [
                {'team_id': team_id, 'digest': k.digest, 'first': k.first, 'words': k.words}
                for (team_id, _digest), k in keys.items()
            ],
        )
    for revision_id, team_id, person_id, changes in history:
        person_names = names.get((team_id, person_id))
        if not person_names:
            continue
        matcher = NameMatcher(team_id, person_names)  # type: ignore[arg-type]
        before = json.dumps(changes, ensure_ascii=False)
        after = matcher.replace(before, WITHDRAWN)
        if after != before:
            bind.execute(
                revision_t.update()
                .where(revision_t.c.id == revision_id)
                .values(changes=json.loads(after))
            )


def downgrade() -> None:
    op.drop_table('forgotten_name')
