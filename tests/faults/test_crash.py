"""The crash harness in short (`make crash` runs 200 kills per database): the real server is
SIGKILLed while devices push and upload files in chunks; every acknowledged change is there
exactly once afterwards, every acknowledged file is complete and hash-correct and stored once,
every upload finishes, and SQLite's integrity check passes after every kill. Runs on the
suite's database kind. The server restarts warm (testkit.zygote): a fork of a process that has
imported the app, killed with SIGKILL like any server; a restart costs a fraction of a cold
`python -m app serve`, which is what makes 50 kills affordable here."""

from __future__ import annotations

import os

from testkit.crash import run_crash

KILLS = 50


def test_acknowledged_changes_and_files_survive_sigkills_exactly_once(database_url: str) -> None:
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

    uploads, files = result.uploads, result.upload_verdict
    assert uploads is not None
    assert files is not None
    assert report.kills_during_uploads > 0, "the kills must land while chunks are under way"
    assert uploads.resumes > 0
    assert uploads.already_there > 0, "some files must be ones the team already has"
    assert files.files_acknowledged > 0
    assert not report.uploads.lost_at_kill, "an acknowledged chunk or file was gone at a kill"
    assert not files.unfinished
    assert not files.incomplete
    assert not files.hash_mismatches
    assert files.duplicate_files == 0
    assert files.duplicate_chunks == 0
    assert files.unexpected_files == 0
