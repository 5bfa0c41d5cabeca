"""The real server as a child process (`python -m app serve`) on a free 127.0.0.1 port, with a
fresh SQLite database of its own (which `serve` migrates and fills with the demo team)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


def _child_environment(database: Path, port: int) -> dict[str, str]:
    # None of the caller's APP_ settings: every run measures the same configuration.
    env = {key: value for key, value in os.environ.items() if not key.startswith("APP_")}
    env.update(
        APP_ENV="development",
        APP_DATABASE_URL=f"sqlite:///{database}",
        APP_HOST=HOST,
        APP_PORT=str(port),
    )
    return env


def _log_tail(log_path: Path, chars: int = 2000) -> str:
    return log_path.read_text(encoding="utf-8", errors="replace")[-chars:]


def _wait_until_ready(process: subprocess.Popen[bytes], base_url: str, log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped while starting:\n{_log_tail(log_path)}")
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


@contextmanager
def running_server(workdir: Path) -> Iterator[str]:
    """Start `python -m app serve` and yield its base URL; the process is stopped on exit."""
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = workdir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "app", "serve"],
            cwd=PROJECT_ROOT,
            env=_child_environment(workdir / "app.db", port),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base_url = f"http://{HOST}:{port}"
            _wait_until_ready(process, base_url, log_path)
            yield base_url
        finally:
            _stop(process)


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
