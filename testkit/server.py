"""The real server as a child process (`python -m app serve`) on a free 127.0.0.1 port, with a
fresh SQLite database of its own (which `serve` migrates and fills with the demo team)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any, Protocol

import httpx

from app.config import PROJECT_ROOT
from app.demo.seed import DEMO_PASSWORD, DEMO_USERS

HOST = "127.0.0.1"
STARTUP_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
# Long enough for a slow push batch; the benchmark is bounded by its fixed number of requests.
REQUEST_TIMEOUT_S = 120.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def child_environment(database_url: str, port: int, **settings: str) -> dict[str, str]:
    # None of the caller's APP_ settings: every run measures the same configuration.
    env = {key: value for key, value in os.environ.items() if not key.startswith("APP_")}
    env.update(
        APP_ENV="development",
        APP_DATABASE_URL=database_url,
        APP_HOST=HOST,
        APP_PORT=str(port),
    )
    env.update({f"APP_{name.upper()}": value for name, value in settings.items()})
    return env


def log_tail(log_path: Path, chars: int = 2000) -> str:
    return log_path.read_text(encoding="utf-8", errors="replace")[-chars:]


class Process(Protocol):
    def poll(self) -> int | None: ...


def wait_until_ready(process: Process, base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped while starting:\n{log_tail(log_path)}")
        try:
            httpx.get(f"{base_url}/login", timeout=1.0, trust_env=False)
        except httpx.TransportError:
            time.sleep(0.05)
        else:
            return
    raise RuntimeError(f"the server did not answer within {STARTUP_TIMEOUT_S:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(STOP_TIMEOUT_S)


class ServerProcess:
    """`python -m app serve` as a child process on a port of its own, which can be killed
    (SIGKILL: no cleanup, no goodbye) and started again on the same database and port."""

    def __init__(self, workdir: Path, database_url: str | None = None, *, workers: int = 1) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.workdir = workdir
        self.database_url = database_url or f"sqlite:///{workdir / 'app.db'}"
        self.workers = workers
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log_path = workdir / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def start(self, **settings: str) -> None:
        """Start (again: same database, same port); `settings` are extra APP_ values."""
        command = [sys.executable, "-m", "app", "serve"]
        if self.workers > 1:
            command += ["--workers", str(self.workers)]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=PROJECT_ROOT,
                env=child_environment(self.database_url, self.port, **settings),
                stdout=log,
                stderr=subprocess.STDOUT,
                # Its own process group: a kill reaches uvicorn's worker processes too.
                start_new_session=True,
            )
        wait_until_ready(self.process, self.url, self.log_path)

    def kill(self) -> None:
        """SIGKILL the server and every worker it started, as a power cut would."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):  # already gone
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(STOP_TIMEOUT_S)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        _stop(self.process)
        self.process = None


@contextmanager
def running_server(workdir: Path, database_url: str | None = None) -> Iterator[str]:
    """Start `python -m app serve` and yield its base URL; the process is stopped on exit."""
    with started_server(workdir, database_url) as server:
        yield server.url


@contextmanager
def started_server(workdir: Path, database_url: str | None = None) -> Iterator[ServerProcess]:
    """The same, yielding the process (its pid, for what it costs the machine)."""
    server = ServerProcess(workdir, database_url)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def client_for(base_url: str) -> httpx.Client:
    # trust_env=False: no proxy from the environment may sit between us and 127.0.0.1.
    return httpx.Client(base_url=base_url, timeout=REQUEST_TIMEOUT_S, trust_env=False)


def log_in(client: httpx.Client) -> dict[str, Any]:
    """Log in as the demo coordinator the way the PWA does; returns the session body."""
    response = client.post(
        "/api/session", json={"email": DEMO_USERS[0].email, "password": DEMO_PASSWORD}
    )
    if response.status_code != 200:
        raise RuntimeError(f"logging in failed: {response.status_code} {response.text[:300]}")
    body: dict[str, Any] = response.json()
    return body


def unwind_on_sigterm() -> None:
    """Let SIGTERM unwind like Ctrl-C, so child servers are stopped and temporary files go."""

    def stop(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
