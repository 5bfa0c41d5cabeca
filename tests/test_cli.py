"""`python -m app …` against a fresh SQLite file, as an operator would run it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

# Its own SQLite file, whatever TEST_DATABASE_URL says: the PostgreSQL run leaves it out.
pytestmark = pytest.mark.sqlite_only

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def run_cli(tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {**os.environ, "APP_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}"}
    env.pop("APP_ENV", None)

    def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "app", *args],
            cwd=PROJECT_ROOT,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    return run


def test_operator_sets_up_a_team_from_the_command_line(run_cli) -> None:  # type: ignore[no-untyped-def]
    assert run_cli("migrate").returncode == 0
    created = run_cli("create-team", "Buurtteam West")
    assert created.returncode == 0, created.stderr
    assert "Team 'Buurtteam West' is aangemaakt." in created.stdout
    buurt = run_cli("create-neighbourhood", "Kolenkit", "--team", "Buurtteam West")
    assert buurt.returncode == 0, buurt.stderr
    user = run_cli(
        "create-user",
        "Lisa@Example.nl",
        "--team",
        "Buurtteam West",
        "--role",
        "coordinator",
        "--password-stdin",
        stdin="lang-genoeg-wachtwoord\n",
    )
    assert user.returncode == 0, user.stderr
    assert "lisa@example.nl (coordinator)" in user.stdout

    unknown = run_cli("create-neighbourhood", "Bos en Lommer", "--team", "Bestaat Niet")
    assert unknown.returncode == 2
    assert "Team 'Bestaat Niet' bestaat niet." in unknown.stderr

    duplicate = run_cli(
        "create-user",
        "lisa@example.nl",
        "--team",
        "Buurtteam West",
        "--role",
        "worker",
        "--password-stdin",
        stdin="nog-een-lang-wachtwoord\n",
    )
    assert duplicate.returncode == 2
    assert "Er is al een account met e-mailadres lisa@example.nl." in duplicate.stderr

    weak = run_cli(
        "create-user",
        "joris@example.nl",
        "--team",
        "Buurtteam West",
        "--role",
        "worker",
        "--password-stdin",
        stdin="kort\n",
    )
    assert weak.returncode == 2
    assert "minstens 12 tekens" in weak.stderr

    revoked = run_cli("revoke-sessions", "lisa@example.nl")
    assert revoked.returncode == 0, revoked.stderr
    assert "0 sessie(s) van lisa@example.nl beëindigd." in revoked.stdout
    disabled = run_cli("disable-user", "lisa@example.nl")
    assert disabled.returncode == 0, disabled.stderr
    assert "is uitgeschakeld" in disabled.stdout
    nobody = run_cli("disable-user", "niemand@example.nl")
    assert nobody.returncode == 2
    assert "Er is geen account met e-mailadres niemand@example.nl." in nobody.stderr

    bad_role = run_cli(
        "create-user",
        "kim@example.nl",
        "--team",
        "Buurtteam West",
        "--role",
        "baas",
        "--password-stdin",
        stdin="lang-genoeg-wachtwoord\n",
    )
    assert bad_role.returncode == 2


def test_production_refuses_demo_data_and_default_secret(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = subprocess.run(
        [sys.executable, "-m", "app", "seed-demo"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={
            **os.environ,
            "APP_ENV": "production",
            "APP_DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
        },
    )
    assert result.returncode == 2
    assert "APP_SECRET_KEY" in result.stderr


def test_the_audit_chain_is_verified_from_the_command_line(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    assert run_cli("migrate").returncode == 0
    assert run_cli("seed-demo").returncode == 0
    with sqlite3.connect(tmp_path / "cli.db") as db:
        team = db.execute("SELECT id FROM team").fetchone()[0]
        for _n in range(3):
            db.execute(
                "INSERT INTO audit_event"
                " (team_id, action, entity, occurred_at, details, prev_hash, hash)"
                " VALUES (?, 'person.view', 'person', '2026-11-28 10:00:00', '{}', '', '')",
                (team,),
            )
    # Rows written around the app have no valid hashes: the check names the first one.
    broken = run_cli("audit-verify")
    assert broken.returncode == 2
    assert "aangepast of ingekort bij gebeurtenis 1" in broken.stderr
    with sqlite3.connect(tmp_path / "cli.db") as db:
        db.execute("DELETE FROM audit_event")
    fine = run_cli("audit-verify")
    assert fine.returncode == 0, fine.stderr
    assert "0 gebeurtenissen, de keten is heel" in fine.stdout
    retention = run_cli("retention", "--dry-run")
    assert retention.returncode == 0, retention.stderr
    assert "Buurtteam Oost: 0 bewoner(s) zou wissen" in retention.stdout
