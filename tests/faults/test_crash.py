"""The crash harness in short (`make crash` runs 200 kills per database): the real server is
SIGKILLed while devices push; every acknowledged change is there exactly once afterwards and
SQLite's integrity check passes after every kill. Runs on the suite's database kind."""

from __future__ import annotations

import os

from testkit.crash import run_crash

KILLS = 12


def test_acknowledged_changes_survive_sigkills_exactly_once(database_url: str) -> None:
    if database_url.startswith("sqlite"):
        result = run_crash("sqlite", KILLS)
    else:
        server = os.environ["TEST_DATABASE_URL"].rsplit("/", 1)[0]
        result = run_crash("postgres", KILLS, postgres_server=server)
    print(result.summary())
    report, verdict = result.report, result.verdict
    assert report.kills == KILLS
    assert report.in_flight_batches > 0, "the kills must land while pushes are under way"
    assert verdict.acknowledged_ops > 0
    assert not result.errors
    assert not verdict.missing_ops
    assert not verdict.duplicate_ops
    assert not verdict.revision_mismatches
    assert not verdict.record_mismatches
    assert verdict.unexpected_ops == 0
    assert verdict.pull_duplicates == 0
    assert verdict.pull_missing == 0
    assert not report.integrity_failures
    if database_url.startswith("sqlite"):
        assert report.integrity_checks == KILLS + 1
