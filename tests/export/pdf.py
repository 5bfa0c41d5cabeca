"""Reading PDFs back in tests with poppler-utils (pdftotext, pdftoppm)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} missing: apt-get install poppler-utils")
    return path


def require_pdf_tools() -> None:
    _tool("pdftotext")
    _tool("pdftoppm")


def pdf_text(pdf: bytes, folder: Path) -> str:
    path = folder / "document.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [_tool("pdftotext"), "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_pages(pdf: bytes, folder: Path, resolution: int = 50) -> list[Path]:
    """The PDF as PNG pages in `folder` (kept as test artifacts, to look at)."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "document.pdf").write_bytes(pdf)
    subprocess.run(
        [
            _tool("pdftoppm"),
            "-r",
            str(resolution),
            "-png",
            str(folder / "document.pdf"),
            str(folder / "pagina"),
        ],
        check=True,
    )
    return sorted(folder.glob("pagina-*.png"))
