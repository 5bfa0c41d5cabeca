"""the weekoverleg's counts from a tally kept by triggers: open discoveries per team, day,
kind, theme and visibility, so the page costs the same at 100,000 open as at 1,000; and indexes
for the ideas and people nobody touched lately

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 20:30:00

Triggers, not application code, keep the tally: a discovery changes through sync, pages,
bulk inserts, erasure and scripts, and the database sees every one of them. The tally counts
(discovery open) x ({the discovery itself} + its themes); each trigger moves the tally from
the state before a change to the state after it:

- a discovery inserted: +1 (it has no themes yet: a link needs the discovery first);
- a discovery updated: -1 for the old key and each theme, +1 for the new key and each theme;
- a discovery deleted (erasure): its theme links are deleted first, while it still exists (so
  their trigger can read it), then -1 for itself;
- a theme link inserted or deleted: +1 / -1 when its discovery is open.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The triggers are written once, with these words standing for each database's expression
# of the same thing about a discovery row (OLD, NEW or d).
IDEAS_WITH_ASKS = "kind = 'idea' AND CAST(asks AS TEXT) <> '[]'"  # as app.conversations.models
ROWS = ("OLD", "NEW", "d")
SQLITE = {
    "OWNER_{row}": "CASE WHEN {row}.visibility = 'private' THEN COALESCE({row}.created_by_id, "
    "'ffffffffffffffffffffffffffffffff') ELSE '00000000000000000000000000000000' END",
    "DAY_{row}": "substr({row}.created_at, 1, 10)",
    "ZERO": "'00000000000000000000000000000000'",
}
POSTGRES = {
    "OWNER_{row}": "CASE WHEN {row}.visibility = 'private' THEN COALESCE({row}.created_by_id, "
    "'ffffffff-ffff-ffff-ffff-ffffffffffff'::uuid) "
    "ELSE '00000000-0000-0000-0000-000000000000'::uuid END",
    "DAY_{row}": "({row}.created_at AT TIME ZONE 'UTC')::date",
    "ZERO": "'00000000-0000-0000-0000-000000000000'::uuid",
}
# (A private discovery without a creator is counted for no one: nobody may see it.)


def _render(template: str, words: dict[str, str]) -> str:
    # COMMON first: KEY_OLD holds OWNER_OLD and DAY_OLD, replaced after it.
    for word, meaning in [*COMMON.items(), *words.items()]:
        for row in ROWS if "{row}" in word else ("",):
            template = template.replace(word.replace("{row}", row), meaning.replace("{row}", row))
    return template


NEW_KEYS = """SELECT NEW.team_id, OWNER_NEW, DAY_NEW, NEW.kind, ZERO, 1
    UNION ALL SELECT NEW.team_id, OWNER_NEW, DAY_NEW, NEW.kind, t.theme_id, 1
    FROM discovery_theme t WHERE t.discovery_id = NEW.id"""
LINK_KEYS = """SELECT d.team_id, OWNER_d, DAY_d, d.kind, NEW.theme_id, 1
    FROM discovery d WHERE d.id = NEW.discovery_id AND OPEN_d"""
LINK_OF_OLD = """UPDATE review_tally SET n = n - 1 WHERE theme_id = OLD.theme_id
    AND (team_id, owner_id, day, kind) IN (
      SELECT d.team_id, OWNER_d, DAY_d, d.kind FROM discovery d
      WHERE d.id = OLD.discovery_id AND OPEN_d)"""
OLD_AND_THEMES = """UPDATE review_tally SET n = n - 1 WHERE KEY_OLD AND (theme_id = ZERO
    OR theme_id IN (SELECT theme_id FROM discovery_theme WHERE discovery_id = OLD.id))"""
CHANGED = "team_id, kind, visibility, created_by_id, created_at, review_status, deleted_at"

COMMON = {
    # Parts of statements first: they hold the words below.
    "OLD_AND_THEMES": OLD_AND_THEMES,
    "NEW_KEYS": NEW_KEYS,
    "LINK_KEYS": LINK_KEYS,
    "LINK_OF_OLD": LINK_OF_OLD,
    "CHANGED": CHANGED,
    "OPEN_{row}": "{row}.review_status = 'new' AND {row}.deleted_at IS NULL",
    "KEY_OLD": "team_id = OLD.team_id AND owner_id = OWNER_OLD AND day = DAY_OLD "
    "AND kind = OLD.kind",
    "ADD_ONE": "ON CONFLICT (team_id, owner_id, day, kind, theme_id) "
    "DO UPDATE SET n = review_tally.n + 1",
    "INSERT_TALLY": "INSERT INTO review_tally (team_id, owner_id, day, kind, theme_id, n)",
}
SQLITE_TRIGGERS = [
    """CREATE TRIGGER review_tally_discovery_insert AFTER INSERT ON discovery
    WHEN OPEN_NEW BEGIN
      INSERT_TALLY SELECT NEW.team_id, OWNER_NEW, DAY_NEW, NEW.kind, ZERO, 1 WHERE true ADD_ONE;
    END""",
    """CREATE TRIGGER review_tally_discovery_update_old AFTER UPDATE OF CHANGED
    ON discovery WHEN OPEN_OLD BEGIN
      OLD_AND_THEMES;
    END""",
    """CREATE TRIGGER review_tally_discovery_update_new AFTER UPDATE OF CHANGED
    ON discovery WHEN OPEN_NEW BEGIN
      INSERT_TALLY SELECT * FROM (NEW_KEYS) WHERE true ADD_ONE;
    END""",
    """CREATE TRIGGER review_tally_discovery_delete BEFORE DELETE ON discovery BEGIN
      DELETE FROM discovery_theme WHERE discovery_id = OLD.id;
      UPDATE review_tally SET n = n - 1 WHERE OPEN_OLD AND KEY_OLD AND theme_id = ZERO;
    END""",
    """CREATE TRIGGER review_tally_theme_insert AFTER INSERT ON discovery_theme BEGIN
      INSERT_TALLY LINK_KEYS ADD_ONE;
    END""",
    """CREATE TRIGGER review_tally_theme_delete AFTER DELETE ON discovery_theme BEGIN
      LINK_OF_OLD;
    END""",
]
POSTGRES_TRIGGERS = [
    """CREATE FUNCTION review_tally_discovery() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        DELETE FROM discovery_theme WHERE discovery_id = OLD.id;
        IF OPEN_OLD THEN
          UPDATE review_tally SET n = n - 1 WHERE KEY_OLD AND theme_id = ZERO;
        END IF;
        RETURN OLD;
      END IF;
      IF TG_OP = 'UPDATE' AND OPEN_OLD THEN
        OLD_AND_THEMES;
      END IF;
      IF OPEN_NEW THEN
        INSERT_TALLY NEW_KEYS ADD_ONE;
      END IF;
      RETURN NULL;
    END $$""",
    """CREATE TRIGGER review_tally_discovery_change AFTER INSERT OR UPDATE OF CHANGED
    ON discovery FOR EACH ROW EXECUTE FUNCTION review_tally_discovery()""",
    """CREATE TRIGGER review_tally_discovery_delete BEFORE DELETE ON discovery
    FOR EACH ROW EXECUTE FUNCTION review_tally_discovery()""",
    """CREATE FUNCTION review_tally_theme() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT_TALLY LINK_KEYS ADD_ONE;
      ELSE
        LINK_OF_OLD;
      END IF;
      RETURN NULL;
    END $$""",
    """CREATE TRIGGER review_tally_theme_change AFTER INSERT OR DELETE ON discovery_theme
    FOR EACH ROW EXECUTE FUNCTION review_tally_theme()""",
]
BACKFILL = """INSERT_TALLY
    SELECT team_id, owner_id, day, kind, theme_id, count(*) FROM (
      SELECT d.team_id, OWNER_d AS owner_id, DAY_d AS day, d.kind, ZERO AS theme_id
      FROM discovery d WHERE OPEN_d
      UNION ALL SELECT d.team_id, OWNER_d, DAY_d, d.kind, t.theme_id
      FROM discovery d JOIN discovery_theme t ON t.discovery_id = d.id WHERE OPEN_d
    ) AS open_items GROUP BY team_id, owner_id, day, kind, theme_id"""


def upgrade() -> None:
    op.create_table(
        "review_tally",
        sa.Column("team_id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("theme_id", sa.Uuid(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "team_id", "owner_id", "day", "kind", "theme_id", name=op.f("pk_review_tally")
        ),
    )
    # Ideas without contact lately (the weekoverleg's "stay in touch"), oldest change first.
    op.create_index(
        "ix_discovery_team_id_kind_updated_at",
        "discovery",
        ["team_id", "kind", "updated_at"],
        unique=False,
    )
    op.create_index(
        "ix_person_team_id_last_contact_at", "person", ["team_id", "last_contact_at"], unique=False
    )
    op.create_index(
        "ix_discovery_ideas_with_asks",
        "discovery",
        ["team_id", "kind", "updated_at"],
        unique=False,
        sqlite_where=sa.text(IDEAS_WITH_ASKS),
        postgresql_where=sa.text(IDEAS_WITH_ASKS),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    words = POSTGRES if postgres else SQLITE
    op.execute(_render(BACKFILL, words))
    for trigger in POSTGRES_TRIGGERS if postgres else SQLITE_TRIGGERS:
        op.execute(_render(trigger, words))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER review_tally_theme_change ON discovery_theme")
        op.execute("DROP TRIGGER review_tally_discovery_delete ON discovery")
        op.execute("DROP TRIGGER review_tally_discovery_change ON discovery")
        op.execute("DROP FUNCTION review_tally_theme()")
        op.execute("DROP FUNCTION review_tally_discovery()")
    else:
        for name in (
            "discovery_insert",
            "discovery_update_old",
            "discovery_update_new",
            "discovery_delete",
            "theme_insert",
            "theme_delete",
        ):
            op.execute(f"DROP TRIGGER review_tally_{name}")
    op.drop_index("ix_discovery_ideas_with_asks", table_name="discovery")
    op.drop_index("ix_person_team_id_last_contact_at", table_name="person")
    op.drop_index("ix_discovery_team_id_kind_updated_at", table_name="discovery")
    op.drop_table("review_tally")
