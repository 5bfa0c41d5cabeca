"""The crash harness's uploads: each device also sends photos and voice notes in chunks while
the server is killed, as a phone does (app/attachments/files.py, the wire in ARCHITECTURE.md).

A device makes a file, then uploads it: `POST /api/files` (start: which chunks does the
server still want?), `PUT` each wanted chunk, `POST …/complete`. After any failure (no
answer, a 5xx) it asks the server where the upload stands (`GET /api/files/{sha256}`, or a
new start when the server never heard of it) and sends only what is still missing; it never
gives up on a file. Sizes run from a few KB to a few MB; some files are the same bytes as
another device's, so the team's copy is shared (a start that finds the file complete sends
nothing).

What is checked: at every kill, with the server down, every chunk that was acknowledged (200)
and every file whose answer said complete is in the database; at the end, every upload
finished, every acknowledged file is complete and its chunks, in order, are its size and
hash to its name, no (team, sha256) is stored twice and no chunk position twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import random
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy import Engine, text

from app.demo.seed import DEMO_PASSWORD, DEMO_USERS
from testkit.files import recording, sha256
from testkit.server import REQUEST_TIMEOUT_S

RETRY_PAUSE_S = 0.05
# A phone's uplink (a good 4G connection): a device sends no faster than this. Unpaced, four
# devices on the loopback sent over 100 MB in a 50-kill run on PostgreSQL and slowed every
# restart; paced, uploads are as continuous and the server's time goes to the kills.
UPLINK_BYTES_PER_S = 2_000_000
MEDIA_TYPE = "audio/webm"
# How often a device's next file is one another device also sends (the same recording).
SHARED_SHARE = 0.4
SHARED_FILES = 3


@dataclass(frozen=True)
class FilePlan:
    """A file a device will upload; its bytes are made from the seed when needed."""

    size: int
    seed: int

    def data(self) -> bytes:
        return recording(self.size, self.seed)


@dataclass
class FileSizes:
    smallest: int = 2 * 1024
    largest: int = 3 * 1024 * 1024

    def pick(self, rng: random.Random) -> int:
        # Log-uniform: as many files of a few KB as of a few MB, like photos and voice notes.
        low, high = self.smallest.bit_length(), self.largest.bit_length()
        return max(self.smallest, min(self.largest, int(2 ** rng.uniform(low, high))))


def shared_files(rng: random.Random, sizes: FileSizes) -> list[FilePlan]:
    return [FilePlan(sizes.pick(rng), rng.randrange(1 << 30)) for _ in range(SHARED_FILES)]


@dataclass
class InFlightChunk:
    sha256: str
    position: int


class UploadRefusedError(Exception):
    """An answer a phone cannot resume from (a 4xx): recorded as an error, and the file is
    left unfinished, as a phone would list it under "needs attention"."""


@dataclass
class Uploader:
    """One phone's uploads: one file at a time, resumed after every failure until complete."""

    name: str
    base_url: str
    device_id: uuid.UUID
    rng: random.Random
    shared: Sequence[FilePlan]
    sizes: FileSizes
    pause_s: float
    uplink_bytes_per_s: float = UPLINK_BYTES_PER_S
    started: dict[str, int] = field(default_factory=dict)  # sha256 → size
    completed: set[str] = field(default_factory=set)
    acked_chunks: set[tuple[str, int]] = field(default_factory=set)
    in_flight: InFlightChunk | None = None
    files: int = 0
    chunks_sent: int = 0
    bytes_sent: int = 0
    resumes: int = 0
    already_there: int = 0  # first starts answered complete: the team had the bytes already
    joined: int = 0  # first starts that found chunks there: another device is sending it
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    abort: threading.Event = field(default_factory=threading.Event)
    client: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = httpx.Client(
            base_url=self.base_url,
            timeout=REQUEST_TIMEOUT_S,
            trust_env=False,
            headers={"x-device-id": str(self.device_id)},
        )

    def run(
        self,
        logged_in: threading.Event,
        cookies: httpx.Cookies,
        done: threading.Event,
        abort: threading.Event,
    ) -> None:
        """Upload file after file until `done`; the file under way at `done` still finishes
        (`abort`: the run is over without a server, the file stays unfinished)."""
        self.abort = abort
        while not logged_in.wait(0.1):
            if abort.is_set():
                return
        self.client.cookies = httpx.Cookies(cookies)
        try:
            first = True
            while not done.is_set():
                data = self.next_file().data()
                self.upload(data)
                if first:
                    # As a phone does that never heard its answer: the same file again, which
                    # the server must now call complete (so every run takes that path too).
                    first = False
                    self.upload(data)
                if self.pause_s:
                    done.wait(self.rng.uniform(0, self.pause_s))
        except _AbortedError:
            return

    def next_file(self) -> FilePlan:
        if self.rng.random() < SHARED_SHARE:
            return self.rng.choice(list(self.shared))
        return FilePlan(self.sizes.pick(self.rng), self.rng.randrange(1 << 30))

    # ------------------------------------------------------------------ the phone's upload

    def upload(self, data: bytes) -> None:
        digest = sha256(data)
        with self.lock:
            self.started[digest] = len(data)
            self.files += 1
        try:
            status = self.ask(lambda: self.start(digest, data))
        except UploadRefusedError:
            return
        with self.lock:
            if status["complete"]:
                self.already_there += 1
            elif status["received"]:
                self.joined += 1
        while not status["complete"]:
            step = int(status["chunk_size"])
            have = set(status["received"])
            missing = [p for p in range(-(-len(data) // step)) if p not in have]
            try:
                for position in missing:
                    self.put(digest, position, data[position * step : (position + 1) * step])
                status = self.finish(digest)
                continue
            except (httpx.TransportError, _ServerError):
                self.resumes += 1
            except UploadRefusedError:
                return
            try:
                status = self.ask(lambda: self.where(digest, data))
            except UploadRefusedError:
                return
        with self.lock:
            self.completed.add(digest)

    def ask(self, call: Any) -> dict[str, Any]:
        """Where the upload stands, asked until the server answers."""
        while True:
            if self.abort.is_set():
                raise _AbortedError
            try:
                answer: dict[str, Any] = call()
                return answer
            except (httpx.TransportError, _ServerError):
                time.sleep(RETRY_PAUSE_S)

    def start(self, digest: str, data: bytes) -> dict[str, Any]:
        answer = self.send(
            "POST",
            "/api/files",
            json={"sha256": digest, "size": len(data), "media_type": MEDIA_TYPE},
        )
        if answer.status_code != 200:
            raise self.refused("start", answer)
        status: dict[str, Any] = answer.json()
        return status

    def where(self, digest: str, data: bytes) -> dict[str, Any]:
        answer = self.send("GET", f"/api/files/{digest}")
        if answer.status_code == 404:
            return self.start(digest, data)  # the start itself was lost
        if answer.status_code != 200:
            raise self.refused("status", answer)
        status: dict[str, Any] = answer.json()
        return status

    def put(self, digest: str, position: int, chunk: bytes) -> None:
        with self.lock:
            self.in_flight = InFlightChunk(digest, position)
        self.chunks_sent += 1
        self.bytes_sent += len(chunk)
        try:
            answer = self.send(
                "PUT",
                f"/api/files/{digest}/chunks/{position}",
                content=chunk,
                headers={"content-type": "application/octet-stream"},
            )
        finally:
            with self.lock:
                self.in_flight = None
            self.abort.wait(len(chunk) / self.uplink_bytes_per_s)
        if answer.status_code != 200:
            raise self.refused(f"chunk {position}", answer)
        with self.lock:
            self.acked_chunks.add((digest, position))

    def finish(self, digest: str) -> dict[str, Any]:
        answer = self.send("POST", f"/api/files/{digest}/complete")
        # 409 (chunks missing) is an error too: each was acknowledged only after its commit.
        if answer.status_code != 200:
            raise self.refused("complete", answer)
        status: dict[str, Any] = answer.json()
        return status

    def send(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        answer = self.client.request(method, url, **kwargs)
        if answer.status_code == 401:
            self.log_in()
            raise _ServerError("401")
        if answer.status_code >= 500:
            self.errors.append(f"{method} {url[:24]}…: {answer.status_code} {answer.text[:200]}")
            raise _ServerError(str(answer.status_code))
        return answer

    def refused(self, what: str, answer: httpx.Response) -> UploadRefusedError:
        message = f"{self.name} {what}: {answer.status_code} {answer.text[:200]}"
        self.errors.append(message)
        return UploadRefusedError(message)

    def log_in(self) -> None:
        user = DEMO_USERS[0]
        with contextlib.suppress(httpx.TransportError):
            self.client.post("/api/session", json={"email": user.email, "password": DEMO_PASSWORD})


class _AbortedError(Exception):
    """The run ended with the server gone."""


class _ServerError(Exception):
    """No usable answer (a 5xx, or a login that had ended): ask where the upload stands."""


# ------------------------------------------------------------------ what the database holds


@dataclass
class UploadKillReport:
    chunks_in_flight: int = 0
    chunks_committed_unanswered: int = 0
    chunks_not_committed: int = 0
    lost_at_kill: list[str] = field(default_factory=list)


def _stored_chunks(engine: Engine) -> tuple[set[tuple[str, int]], set[str]]:
    with engine.connect() as connection:
        chunks = {
            (str(row[0]), int(row[1]))
            for row in connection.execute(
                text(
                    "SELECT f.sha256, c.position FROM file_chunk c "
                    "JOIN stored_file f ON f.id = c.file_id"
                )
            )
        }
        complete = {
            str(row[0])
            for row in connection.execute(
                text("SELECT sha256 FROM stored_file WHERE completed_at IS NOT NULL")
            )
        }
    return chunks, complete


def snapshot_in_flight(uploaders: Sequence[Uploader]) -> list[InFlightChunk]:
    found = []
    for uploader in uploaders:
        with uploader.lock:
            if uploader.in_flight is not None:
                found.append(uploader.in_flight)
    return found


def check_after_kill(
    engine: Engine,
    uploaders: Sequence[Uploader],
    in_flight: Sequence[InFlightChunk],
    report: UploadKillReport,
    kill: int,
) -> None:
    """With the server down: everything acknowledged is stored; what was in flight is either
    stored or not (never half: a chunk row holds its whole bytes or is absent)."""
    acked_chunks: set[tuple[str, int]] = set()
    completed: set[str] = set()
    for uploader in uploaders:
        with uploader.lock:
            acked_chunks |= uploader.acked_chunks
            completed |= uploader.completed
    chunks, complete = _stored_chunks(engine)
    for chunk in in_flight:
        report.chunks_in_flight += 1
        if (chunk.sha256, chunk.position) in chunks:
            report.chunks_committed_unanswered += 1
        else:
            report.chunks_not_committed += 1
    lost = [f"chunk {s[:12]}/{p}" for s, p in acked_chunks - chunks]
    lost += [f"file {s[:12]}" for s in completed - complete]
    report.lost_at_kill += [f"after kill {kill}: {what}" for what in lost[:5]]


@dataclass
class UploadVerdict:
    files_started: int
    files_acknowledged: int
    unfinished: list[str]
    incomplete: list[str]
    hash_mismatches: list[str]
    duplicate_files: int
    duplicate_chunks: int
    unexpected_files: int
    stored_bytes: int

    @property
    def ok(self) -> bool:
        return not (
            self.unfinished
            or self.incomplete
            or self.hash_mismatches
            or self.duplicate_files
            or self.duplicate_chunks
            or self.unexpected_files
        )


def verify_uploads(engine: Engine, uploaders: Sequence[Uploader]) -> UploadVerdict:
    started = {s: n for u in uploaders for s, n in u.started.items()}
    acknowledged = {s for u in uploaders for s in u.completed}
    incomplete, mismatches = [], []
    with engine.connect() as connection:
        duplicate_files = len(
            connection.execute(
                text(
                    "SELECT team_id, sha256 FROM stored_file GROUP BY team_id, sha256 "
                    "HAVING COUNT(*) > 1"
                )
            ).all()
        )
        duplicate_chunks = len(
            connection.execute(
                text(
                    "SELECT file_id, position FROM file_chunk GROUP BY file_id, position "
                    "HAVING COUNT(*) > 1"
                )
            ).all()
        )
        files = connection.execute(
            text("SELECT id, sha256, size, chunk_size, completed_at FROM stored_file")
        ).all()
        # Files the demo team came with are named by its attachment records; the devices
        # here upload bytes only, so any other file no device started is unexpected.
        named = {str(r[0]) for r in connection.execute(text("SELECT sha256 FROM attachment"))}
        unexpected = sum(
            1 for row in files if str(row[1]) not in started and str(row[1]) not in named
        )
        stored_bytes = 0
        by_sha = {str(row[1]): row for row in files}
        for digest in sorted(acknowledged):
            row = by_sha.get(digest)
            if row is None or row[4] is None:
                incomplete.append(digest[:12])
                continue
            file_id, size, chunk_size = row[0], int(row[2]), int(row[3])
            hasher, length, positions = hashlib.sha256(), 0, []
            # One chunk at a time: the check holds memory flat as the app does.
            for (position,) in connection.execute(
                text("SELECT position FROM file_chunk WHERE file_id = :f ORDER BY position"),
                {"f": file_id},
            ).all():
                data = connection.execute(
                    text("SELECT data FROM file_chunk WHERE file_id = :f AND position = :p"),
                    {"f": file_id, "p": position},
                ).scalar_one()
                positions.append(int(position))
                hasher.update(data)
                length += len(data)
            stored_bytes += length
            chunk_count = -(-size // chunk_size)
            if (
                positions != list(range(chunk_count))
                or length != size
                or size != started[digest]
                or hasher.hexdigest() != digest
            ):
                mismatches.append(f"{digest[:12]}: {len(positions)} chunks, {length} bytes")
    return UploadVerdict(
        files_started=len(started),
        files_acknowledged=len(acknowledged),
        unfinished=[s[:12] for s in started if s not in acknowledged][:10],
        incomplete=incomplete[:10],
        hash_mismatches=mismatches[:10],
        duplicate_files=duplicate_files,
        duplicate_chunks=duplicate_chunks,
        unexpected_files=unexpected,
        stored_bytes=stored_bytes,
    )
