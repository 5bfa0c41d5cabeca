"""The one results table: printed for people, and kept as bench/RESULTS.md."""

from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import subprocess
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from datetime import datetime

from app import __version__
from app.config import PROJECT_ROOT

COLUMNS = ("benchmark", "measured", "baseline", "ratio", "goal", "verdict")
NO_VALUE = "—"


@dataclass(frozen=True)
class Row:
    benchmark: str
    measured: str
    baseline: str = NO_VALUE
    ratio: str = NO_VALUE
    goal: str = NO_VALUE
    # Informational only: the benchmark exits 0 whether a goal is met or not.
    verdict: str = "info"


def verdict(met: bool) -> str:
    return "met" if met else "not met"


@dataclass(frozen=True)
class Machine:
    date: str
    python: str
    nproc: int
    cpu: str
    sqlite: str
    system: str
    commit: str
    # Other work on the machine skews every timing; worth knowing when numbers jump.
    load: str

    def lines(self) -> list[str]:
        return [
            f"date:    {self.date}",
            f"machine: {self.cpu}, nproc {self.nproc}, {self.system}",
            f"load:    {self.load} (1, 5, 15 min averages, before the run)",
            f"python:  {self.python}, SQLite {self.sqlite}",
            f"app:     {__version__}, commit {self.commit}",
        ]


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown"


def _commit() -> str:
    git = shutil.which("git")
    if git is None:
        return "unknown"
    try:
        result = subprocess.run(  # noqa: S603 - a fixed, read-only git command
            [git, "rev-parse", "--short", "HEAD"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return result.stdout.strip() or "unknown"


def describe_machine() -> Machine:
    return Machine(
        date=datetime.now().astimezone().isoformat(timespec="seconds"),
        python=platform.python_version(),
        nproc=len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0,
        cpu=_cpu_model(),
        sqlite=sqlite3.sqlite_version,
        system=f"{platform.system()} {platform.release()}",
        commit=_commit(),
        load=" ".join(f"{value:.2f}" for value in os.getloadavg()),
    )


def text_table(rows: Sequence[Row]) -> str:
    cells = [COLUMNS, *(astuple(row) for row in rows)]
    widths = [max(len(str(line[i])) for line in cells) for i in range(len(COLUMNS))]

    def line(values: Sequence[str]) -> str:
        return "  ".join(value.ljust(width) for value, width in zip(values, widths, strict=True))

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(COLUMNS), rule, *(line(astuple(row)) for row in rows)]).rstrip()


def markdown_table(rows: Sequence[Row]) -> str:
    def line(values: Sequence[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

    return "\n".join(
        [line(COLUMNS), line(["---"] * len(COLUMNS)), *(line(astuple(row)) for row in rows)]
    )


def render_text(rows: Sequence[Row], machine: Machine, notes: Sequence[str]) -> str:
    return "\n".join([*machine.lines(), "", text_table(rows), "", *(f"  {note}" for note in notes)])


def render_markdown(rows: Sequence[Row], machine: Machine, notes: Sequence[str]) -> str:
    return "\n".join(
        [
            "# Benchmark results",
            "",
            "Written by `make bench` (`.venv/bin/python -m bench`); every run overwrites this "
            "file. Verdicts are informational — see bench/README.md for what is measured.",
            "",
            *(f"- {line}" for line in machine.lines()),
            "",
            markdown_table(rows),
            "",
            *(f"- {note}" for note in notes),
            "",
        ]
    )
