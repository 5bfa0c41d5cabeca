"""Reading exports back in tests: PDFs with poppler-utils (pdftotext, pdftoppm), XLSX with
openpyxl, the CSV zip with zipfile."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook


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


def xlsx_text(content: bytes) -> tuple[list[str], str]:
    book = load_workbook(io.BytesIO(content))
    cells = [
        str(cell.value)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]
    return book.sheetnames, "\n".join(cells)


def csv_text(content: bytes) -> tuple[list[str], str]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        texts = [archive.read(name).decode("utf-8-sig") for name in names]
    return names, "\n".join(texts)
