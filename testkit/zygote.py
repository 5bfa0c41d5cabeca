"""The real server, restarted warm: a parent process (the zygote) that has imported the app,
uvicorn and the database drivers forks a fresh `python -m app serve` for every start.

Starting `python -m app serve` from scratch spends about two seconds importing before it
migrates, checks the database and listens; the crash harness restarts the server after every
kill, so that was most of a kill's cost. A forked child skips only the imports: it runs the
same `serve` command (migrate, demo-data check, durability check, uvicorn) in a process of its
own, its own process group, with its own environment, and it is killed with SIGKILL like any
server. The zygote itself opens no database connection and runs no event loop (both would be
shared with every child), and it is single-threaded, so forking it is safe.

`python -m testkit.zygote` is the zygote; `WarmServer` drives it (the interface of
`testkit.server.ServerProcess`). It reads one JSON command a line on stdin and answers one a
line on stdout: `{"start": {env}, "log": path}` → `{"pid": n}`; `{"wait": pid}` →
`{"status": n}` once that child has ended (so nothing of it can still write).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path
from typing import IO, Any

# What `serve` imports anyway, imported once here: the children start with it in memory.
import alembic.command
import psycopg
import sqlalchemy.dialects.postgresql.psycopg
import sqlalchemy.dialects.sqlite.pysqlite
import uvicorn.lifespan.on
import uvicorn.loops.auto
import uvicorn.protocols.http.auto
import uvicorn.protocols.websockets.auto
from sqlalchemy.orm import configure_mappers

import app.main
import app.models
from app.cli import main as app_main
from app.config import PROJECT_ROOT
from testkit.server import (
    HOST,
    STOP_TIMEOUT_S,
    child_environment,
    free_port,
    log_tail,
    wait_until_ready,
)

PRELOADED = (
    alembic.command,
    psycopg,
    sqlalchemy.dialects.postgresql.psycopg,
    sqlalchemy.dialects.sqlite.pysqlite,
    uvicorn.lifespan.on,
    uvicorn.loops.auto,
    uvicorn.protocols.http.auto,
    uvicorn.protocols.websockets.auto,
    app.main,
    app.models,
)


def _warm_up() -> None:
    """Work every server does before its first request that needs no database."""
    configure_mappers()
    # uvicorn's "auto" picks these when they are installed (uvicorn[standard]).
    with contextlib.suppress(ImportError):
        __import__("uvicorn.loops.uvloop")
        __import__("uvicorn.protocols.http.httptools_impl")


def _serve_child(environment: dict[str, str], log: str) -> None:
    """In the forked child: become a server process of its own. Never returns."""
    code = 1
    try:
        # Its own process group: a kill reaches everything it starts. Signal handling is
        # left as the zygote has it, which is a fresh interpreter's (SIGPIPE ignored, …).
        os.setsid()
        null = os.open(os.devnull, os.O_RDONLY)
        out = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(out, 2)
        os.close(null)
        os.close(out)
        os.environ.clear()
        os.environ.update(environment)
        code = app_main(["serve"])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:  # a child must never fall back into the zygote's loop
        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def zygote_main() -> int:
    _warm_up()
    children: set[int] = set()
    for line in sys.stdin:
        command = json.loads(line)
        if "start" in command:
            sys.stdout.flush()
            pid = os.fork()
            if pid == 0:
                _serve_child(command["start"], command["log"])
            children.add(pid)
            answer: dict[str, Any] = {"pid": pid}
        else:
            pid = int(command["wait"])
            _, status = os.waitpid(pid, 0)
            children.discard(pid)
            answer = {"status": status}
        print(json.dumps(answer), flush=True)
    # stdin closed: the harness is done (or gone); no child outlives it.
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
    return 0


class WarmServer:
    """`python -m app serve` forked from a warm zygote on a port of its own: started, killed
    (SIGKILL to its process group) and started again on the same database and port."""

    def __init__(self, workdir: Path, database_url: str | None = None) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        self.workdir = workdir
        self.database_url = database_url or f"sqlite:///{workdir / 'app.db'}"
        self.port = free_port()
        self.url = f"http://{HOST}:{self.port}"
        self.log_path = workdir / "server.log"
        self.child: int | None = None
        environment = child_environment(self.database_url, self.port)
        with self.log_path.open("ab") as log:
            self.zygote = subprocess.Popen(
                [sys.executable, "-m", "testkit.zygote"],
                cwd=PROJECT_ROOT,
                env=environment,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=log,
                text=True,
                start_new_session=True,
            )
        self._environment = environment

    def _ask(self, command: dict[str, Any]) -> dict[str, Any]:
        stdin: IO[str] | None = self.zygote.stdin
        stdout: IO[str] | None = self.zygote.stdout
        assert stdin is not None
        assert stdout is not None
        stdin.write(json.dumps(command) + "\n")
        stdin.flush()
        line = stdout.readline()
        if not line:
            raise RuntimeError(f"the zygote ended (exit {self.zygote.poll()})")
        answer: dict[str, Any] = json.loads(line)
        return answer

    @property
    def pid(self) -> int:
        assert self.child is not None
        return self.child

    def start(self, *, wait: bool = True) -> None:
        """Fork a fresh server; with `wait`, return once it answers."""
        self.child = self._ask({"start": self._environment, "log": str(self.log_path)})["pid"]
        if wait:
            self.wait_until_ready()

    def wait_until_ready(self) -> None:
        wait_until_ready(_Child(self), self.url, self.log_path)

    def check_running(self) -> None:
        """Raise (with the log's end) if the server stopped on its own."""
        if self.child is None or not _alive(self.child):
            raise RuntimeError(f"the server stopped:\n{log_tail(self.log_path)}")

    def _end(self, signum: int) -> None:
        if self.child is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.child, signum)
        self._ask({"wait": self.child})  # reaped: nothing of it can still write
        self.child = None

    def kill(self) -> None:
        """SIGKILL the server, as a power cut would, and wait until it is gone."""
        self._end(signal.SIGKILL)

    def stop(self) -> None:
        if self.child is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.child, signal.SIGTERM)
            deadline = time.monotonic() + STOP_TIMEOUT_S
            while time.monotonic() < deadline and _alive(self.child):
                time.sleep(0.02)
            self._end(signal.SIGKILL)

    def close(self) -> None:
        self.stop()
        if self.zygote.stdin is not None:
            self.zygote.stdin.close()
        try:
            self.zygote.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.zygote.kill()
            self.zygote.wait(STOP_TIMEOUT_S)
        if self.zygote.stdout is not None:
            self.zygote.stdout.close()


def _alive(pid: int) -> bool:
    """Whether the child still runs (a zombie, awaiting the zygote's wait, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


class _Child:
    """What testkit.server.wait_until_ready asks of a process: whether it has ended."""

    def __init__(self, server: WarmServer) -> None:
        self.server = server

    def poll(self) -> int | None:
        child = self.server.child
        return None if child is not None and _alive(child) else 1


if __name__ == "__main__":
    sys.exit(zygote_main())
