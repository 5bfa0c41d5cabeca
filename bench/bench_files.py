"""Photos and voice notes (issue #16): a 10 MB file uploaded in chunks over HTTP to the real
server (`python -m app serve`) against writing the same bytes to a file, and the server's
memory while it receives and serves the file: its peak resident memory (RSS) above its idle
RSS. Goal: flat, at most two chunks above idle, whatever the size of the file.

Memory is read from /proc: the server's peak (VmHWM) is reset to its current RSS just before
the upload (`echo 5 > /proc/PID/clear_refs`) and read after it; where the kernel refuses the
reset, RSS sampled every 2 ms during the transfer is used instead (it can miss a short peak).
Idle is the server's RSS after a warm-up upload and download of another file of the same
size, so what is measured is what a transfer costs, not the first use of a code path.

`python -m bench.bench_files` (`--database postgres` for PostgreSQL) prints the rows alone.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from app.attachments.files import CHUNK_SIZE
from bench.report import Row, verdict
from testkit.files import recording, sha256
from testkit.postgres import POSTGRES_SERVER, fresh_postgres_database
from testkit.server import ServerProcess, client_for, log_in, unwind_on_sigterm
from testkit.wire import change, push

FILE_BYTES = 10_000_000
MEMORY_GOAL_CHUNKS = 2
SAMPLE_EVERY_S = 0.002
MEDIA_TYPE = "audio/webm"


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {key} for process {pid}")


def rss_bytes(pid: int) -> int:
    return _status_kb(pid, "VmRSS") * 1024


class PeakMemory:
    """The process's peak RSS over a stretch of time (see the module's docstring)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.sampled = 0
        self.start = 0
        self.samples = 0
        self.exact = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            with contextlib.suppress(OSError, RuntimeError):
                self.sampled = max(self.sampled, rss_bytes(self.pid))
                self.samples += 1
            time.sleep(SAMPLE_EVERY_S)

    def __enter__(self) -> PeakMemory:
        try:
            Path(f"/proc/{self.pid}/clear_refs").write_text("5")
            self.exact = True
        except OSError:
            self.exact = False
        self.start = self.sampled = rss_bytes(self.pid)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak(self) -> int:
        if self.exact:
            return max(_status_kb(self.pid, "VmHWM") * 1024, self.sampled)
        return self.sampled


def upload(client: httpx.Client, data: bytes) -> None:
    """The phone's upload (testkit.files.upload over a real socket), every answer checked."""
    digest = sha256(data)
    started = client.post(
        "/api/files", json={"sha256": digest, "size": len(data), "media_type": MEDIA_TYPE}
    )
    started.raise_for_status()
    step = int(started.json()["chunk_size"])
    for position in range(-(-len(data) // step)):
        client.put(
            f"/api/files/{digest}/chunks/{position}",
            content=data[position * step : (position + 1) * step],
            headers={"content-type": "application/octet-stream"},
        ).raise_for_status()
    done = client.post(f"/api/files/{digest}/complete")
    done.raise_for_status()
    if not done.json()["complete"]:
        raise RuntimeError(f"upload not complete: {done.text[:200]}")


def attach(client: httpx.Client, session: dict[str, Any], data: bytes) -> str:
    """A conversation with a voice note naming these bytes; returns the attachment's id."""
    talk = change(
        "conversation",
        {
            "neighbourhood_id": session["neighbourhoods"][0]["id"],
            "occurred_at": datetime.now(UTC).isoformat(),
            "summary": "Spraakmemo voor de benchmark.",
        },
    )
    memo = change(
        "attachment",
        {
            "conversation_id": talk["id"],
            "kind": "voice",
            "sha256": sha256(data),
            "media_type": MEDIA_TYPE,
            "size": len(data),
        },
    )
    results = push(client, talk, memo)
    if any(r["status"] != "applied" for r in results):
        raise RuntimeError(f"pushing the attachment failed: {results}")
    return memo["id"]


def download(client: httpx.Client, attachment_id: str) -> int:
    received = 0
    with client.stream("GET", f"/bestanden/{attachment_id}") as answer:
        answer.raise_for_status()
        for part in answer.iter_bytes():
            received += len(part)
    return received


def write_file(path: Path, data: bytes) -> float:
    """The baseline: the same bytes to a file, durably (the upload commits each chunk)."""
    start = time.perf_counter()
    with path.open("wb") as out:
        out.write(data)
        out.flush()
        os.fsync(out.fileno())
    seconds = time.perf_counter() - start
    path.unlink()
    return seconds


@dataclass
class Transfer:
    seconds: float
    start: int  # RSS when the transfer began
    peak: int
    exact: bool

    @classmethod
    def of(cls, seconds: float, memory: PeakMemory) -> Transfer:
        return cls(seconds, memory.start, memory.peak, memory.exact)


@dataclass
class FilesResult:
    database: str
    size: int
    chunk_size: int
    idle: int
    uploads: list[Transfer] = field(default_factory=list)
    downloads: list[Transfer] = field(default_factory=list)
    file_writes: list[float] = field(default_factory=list)

    def above_idle(self, transfers: Sequence[Transfer]) -> int:
        return max(t.peak for t in transfers) - self.idle


@contextmanager
def _database(database: str, workdir: Path, postgres_server: str) -> Iterator[str]:
    if database == "sqlite":
        yield f"sqlite:///{workdir / 'app.db'}"
    else:
        with fresh_postgres_database(postgres_server) as url:
            yield url


def measure_files(
    workdir: Path,
    *,
    database: str = "sqlite",
    runs: int = 3,
    size: int = FILE_BYTES,
    postgres_server: str = POSTGRES_SERVER,
) -> FilesResult:
    with _database(database, workdir, postgres_server) as url:
        server = ServerProcess(workdir / f"files-{database}", url)
        server.start()
        try:
            with client_for(server.url) as client:
                session = log_in(client)
                # Warm-up: every code path of an upload and a download has run once.
                warm = recording(size, seed=-1)
                upload(client, warm)
                download(client, attach(client, session, warm))
                time.sleep(0.5)
                result = FilesResult(database, size, CHUNK_SIZE, idle=rss_bytes(server.pid))
                for n in range(runs):
                    data = recording(size, seed=n)
                    result.file_writes.append(write_file(workdir / "baseline.bin", data))
                    with PeakMemory(server.pid) as memory:
                        start = time.perf_counter()
                        upload(client, data)
                        seconds = time.perf_counter() - start
                    result.uploads.append(Transfer.of(seconds, memory))
                    attachment_id = attach(client, session, data)
                    with PeakMemory(server.pid) as memory:
                        start = time.perf_counter()
                        received = download(client, attachment_id)
                        seconds = time.perf_counter() - start
                    if received != size:
                        raise RuntimeError(f"downloaded {received} bytes of {size}")
                    result.downloads.append(Transfer.of(seconds, memory))
        finally:
            server.stop()
    return result


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MiB"


def files_rows(result: FilesResult) -> list[Row]:
    upload_s = statistics.median(t.seconds for t in result.uploads)
    download_s = statistics.median(t.seconds for t in result.downloads)
    write_s = statistics.median(result.file_writes)
    goal = MEMORY_GOAL_CHUNKS * result.chunk_size
    up, down = result.above_idle(result.uploads), result.above_idle(result.downloads)
    label = f"{result.size / 1e6:.0f} MB file in {_mb(result.chunk_size)} chunks, {result.database}"
    return [
        Row(
            f"upload of a {label}",
            f"{upload_s * 1000:,.0f} ms · {result.size / upload_s / 1e6:,.0f} MB/s",
            f"file write + fsync {write_s * 1000:,.1f} ms",
            f"{write_s / upload_s:.3f}",
        ),
        Row(
            "↳ server's peak RSS above idle during the upload",
            f"+{_mb(up)} (idle {_mb(result.idle)})",
            goal=f"≤ +{_mb(goal)} (2 chunks)",
            verdict=verdict(up <= goal),
        ),
        Row(
            "↳ download of the same file (/bestanden/{id}): peak RSS above idle",
            f"+{_mb(down)} · {download_s * 1000:,.0f} ms",
            goal=f"≤ +{_mb(goal)} (2 chunks)",
            verdict=verdict(down <= goal),
        ),
    ]


def _above(transfer: Transfer, idle: int) -> str:
    return f"+{_mb(transfer.start - idle)} → +{_mb(transfer.peak - idle)}"


def files_notes(result: FilesResult) -> list[str]:
    exact = all(t.exact for t in [*result.uploads, *result.downloads])
    ups = ", ".join(_above(t, result.idle) for t in result.uploads)
    downs = ", ".join(_above(t, result.idle) for t in result.downloads)
    return [
        f"Files ({result.database}): the real server, logged in as a phone; {len(result.uploads)} "
        "uploads of different bytes (median time; ratio = file write ÷ upload), each followed "
        "by its download. Peak RSS: "
        + (
            "the kernel's high-water mark (VmHWM), reset just before each transfer"
            if exact
            else "sampled every 2 ms"
        )
        + f"; idle = RSS after a warm-up upload and download of {_mb(result.size)}. "
        f"Above idle at the start → at the peak: uploads {ups}; downloads {downs}."
    ]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_files", description=__doc__)
    parser.add_argument("--database", choices=("sqlite", "postgres"), action="append")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--size", type=int, default=FILE_BYTES)
    args = parser.parse_args(argv)
    unwind_on_sigterm()
    for database in args.database or ["sqlite"]:
        with tempfile.TemporaryDirectory(prefix="ot-bench-files-") as tmp:
            result = measure_files(Path(tmp), database=database, runs=args.runs, size=args.size)
        for row in files_rows(result):
            print(" | ".join(v for v in (row.benchmark, row.measured, row.baseline, row.ratio)))
            if row.goal != "—":
                print(f"    goal {row.goal}: {row.verdict}")
        for note in files_notes(result):
            print("  " + note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
