"""The real app as a child process (`python -m app serve`), which tests can stop and start
again on the same database: a real outage, not an emulated one."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.output = folder / "server.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, **settings: str) -> None:
        """Start (again, on the same database and port); `settings` are extra APP_ values."""
        env = {
            **os.environ,
            "APP_DATABASE_URL": f"sqlite:///{self.folder / 'live.db'}",
            "APP_PORT": str(self.port),
            "APP_ENV": "development",
            **{f"APP_{name.upper()}": value for name, value in settings.items()},
        }
        with self.output.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "app", "serve"],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self._wait_until_up()

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process is not None
            if self.process.poll() is not None:
                raise RuntimeError(f"server stopped:\n{self.output.read_text()}")
            try:
                if httpx.get(f"{self.url}/login", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)  # polling a condition, not waiting a fixed time
        raise RuntimeError(f"server did not come up:\n{self.output.read_text()}")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None
