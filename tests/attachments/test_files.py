"""Uploading the bytes of photos and voice notes: content-addressed per team, in chunks that
each commit on their own, accepted only when complete, hash-correct and of the type they say —
and a photo never with EXIF. Refusals are clear JSON answers, never a 500."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.attachments.files import CHUNK_SIZE, jpeg_metadata
from app.attachments.models import FileChunk, StoredFile
from testkit.files import jpeg, recording, sha256, upload
from tests.factories import login, make_team, make_user

OCTETS = {"content-type": "application/octet-stream"}


def _logged_in(client: TestClient, session: Session) -> None:
    team = make_team(session)
    login(client, make_user(session, team))


def _start(client: TestClient, data: bytes, media_type: str = "audio/webm") -> dict:  # type: ignore[type-arg]
    answer = client.post(
        "/api/files", json={"sha256": sha256(data), "size": len(data), "media_type": media_type}
    )
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def test_chunks_arrive_in_any_order_and_twice_and_the_file_is_accepted_once_whole(
    client: TestClient, session: Session
) -> None:
    _logged_in(client, session)
    data = recording(2 * CHUNK_SIZE + 1234)
    digest = sha256(data)
    status = _start(client, data, "audio/webm;codecs=opus")
    assert status == {
        "sha256": digest,
        "size": len(data),
        "media_type": "audio/webm",
        "chunk_size": CHUNK_SIZE,
        "received": [],
        "complete": False,
    }
    chunks = [data[i : i + CHUNK_SIZE] for i in range(0, len(data), CHUNK_SIZE)]
    for position in (2, 0, 2):
        answer = client.put(
            f"/api/files/{digest}/chunks/{position}", content=chunks[position], headers=OCTETS
        )
        assert answer.status_code == 200
    assert answer.json()["received"] == [0, 2]
    # Not all there yet: the answer names what is missing, so the phone sends exactly that.
    early = client.post(f"/api/files/{digest}/complete")
    assert early.status_code == 409
    assert early.json()["missing"] == [1]
    client.put(f"/api/files/{digest}/chunks/1", content=chunks[1], headers=OCTETS)
    done = client.post(f"/api/files/{digest}/complete")
    assert done.status_code == 200
    assert done.json()["complete"] is True
    # Already there: starting it again asks for nothing, completing again changes nothing.
    again = _start(client, data)
    assert again["complete"] is True
    assert again["received"] == [0, 1, 2]
    assert client.post(f"/api/files/{digest}/complete").status_code == 200
    stored = session.exec(select(StoredFile).where(StoredFile.sha256 == digest)).all()
    assert len(stored) == 1
    assert len(session.exec(select(FileChunk).where(FileChunk.file_id == stored[0].id)).all()) == 3


def test_bytes_that_do_not_match_their_hash_are_thrown_away_and_asked_again(
    client: TestClient, session: Session
) -> None:
    _logged_in(client, session)
    data = recording(1000)
    digest = sha256(data)
    _start(client, data)
    wrong = recording(1000, seed=1)
    assert (
        client.put(f"/api/files/{digest}/chunks/0", content=wrong, headers=OCTETS).status_code
        == 200
    )
    answer = client.post(f"/api/files/{digest}/complete")
    assert answer.status_code == 422
    assert "hash" in answer.json()["detail"]
    assert client.get(f"/api/files/{digest}").json()["received"] == []
    assert upload(client, data)["complete"] is True


def test_a_chunk_of_the_wrong_length_or_place_is_refused_in_words(
    client: TestClient, session: Session
) -> None:
    _logged_in(client, session)
    data = recording(CHUNK_SIZE + 10)
    digest = sha256(data)
    _start(client, data)
    short = client.put(f"/api/files/{digest}/chunks/0", content=data[:100], headers=OCTETS)
    assert short.status_code == 422
    assert "bytes" in short.json()["detail"]
    beyond = client.put(f"/api/files/{digest}/chunks/5", content=data[:10], headers=OCTETS)
    assert beyond.status_code == 422
    unknown = "0" * 64
    assert (
        client.put(f"/api/files/{unknown}/chunks/0", content=b"x", headers=OCTETS).status_code
        == 404
    )
    assert client.get(f"/api/files/{unknown}").status_code == 404
    assert client.get("/api/files/not-a-hash").status_code == 404


def test_limits_per_file_and_per_team_and_types_are_clear_answers(
    client: TestClient,
    session: Session,
    app: FastAPI,
) -> None:
    _logged_in(client, session)
    big = client.post(
        "/api/files",
        json={"sha256": "a" * 64, "size": 26 * 1024 * 1024, "media_type": "audio/webm"},
    )
    assert big.status_code == 413
    assert "25 MB" in big.json()["detail"]
    page = client.post(
        "/api/files", json={"sha256": "b" * 64, "size": 10, "media_type": "text/html"}
    )
    assert page.status_code == 415
    app.state.settings.team_storage_mb = 1
    full = client.post(
        "/api/files", json={"sha256": "c" * 64, "size": 2 * 1024 * 1024, "media_type": "audio/webm"}
    )
    assert full.status_code == 413
    assert "opslag van je team is vol" in full.json()["detail"]


def test_each_team_has_its_own_files(client: TestClient, session: Session) -> None:
    data = recording(500)
    _logged_in(client, session)
    upload(client, data)
    client.cookies.clear()
    _logged_in(client, session)
    # The other team's copy is not theirs to see, nor a way to skip sending the bytes.
    assert client.get(f"/api/files/{sha256(data)}").status_code == 404
    assert _start(client, data)["complete"] is False


def test_a_photo_is_accepted_only_without_exif_and_only_as_a_jpeg(
    client: TestClient, session: Session
) -> None:
    _logged_in(client, session)
    with_gps = jpeg(gps=True)
    assert jpeg_metadata(with_gps)
    assert not jpeg_metadata(jpeg(gps=False))
    _start(client, with_gps, "image/jpeg")
    client.put(f"/api/files/{sha256(with_gps)}/chunks/0", content=with_gps, headers=OCTETS)
    refused = client.post(f"/api/files/{sha256(with_gps)}/complete")
    assert refused.status_code == 422
    assert "EXIF" in refused.json()["detail"]
    assert upload(client, jpeg(gps=False), "image/jpeg")["complete"] is True
    # Bytes that are not what their type says (a page sent as a photo or a recording).
    for media_type in ("image/jpeg", "audio/webm", "audio/mp4"):
        page = b"<html><script>alert(1)</script></html>" + media_type.encode()
        _start(client, page, media_type)
        client.put(f"/api/files/{sha256(page)}/chunks/0", content=page, headers=OCTETS)
        assert client.post(f"/api/files/{sha256(page)}/complete").status_code == 422


def test_uploads_need_a_login(client: TestClient) -> None:
    answer = client.post(
        "/api/files", json={"sha256": "a" * 64, "size": 10, "media_type": "audio/webm"}
    )
    assert answer.status_code == 401


def test_the_nightly_run_clears_given_up_uploads_and_files_no_record_names(
    client: TestClient, session: Session
) -> None:
    from datetime import timedelta

    from app.attachments.files import purge_stray_files
    from app.db import utcnow

    team = make_team(session)
    login(client, make_user(session, team))
    unfinished, whole = recording(CHUNK_SIZE + 5, seed=7), recording(700, seed=8)
    _start(client, unfinished)
    upload(client, whole)
    now = utcnow()
    assert purge_stray_files(session, team.id, now) == 0
    assert purge_stray_files(session, team.id, now + timedelta(days=15)) == 1
    assert client.get(f"/api/files/{sha256(whole)}").status_code == 200
    assert purge_stray_files(session, team.id, now + timedelta(days=91)) == 1
    assert session.exec(select(StoredFile).where(StoredFile.team_id == team.id)).all() == []
