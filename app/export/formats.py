"""The krachtenoverzicht as files: XLSX (a sheet per section), CSV (a zip with a file per
section) and PDF (the print page through WeasyPrint).

Formula safety: a resident's words can start with "=", "+", "-" or "@". In the spreadsheet
every text cell is stored as text (never a formula); in the CSV files such a cell gets a
leading apostrophe, as OWASP advises, because a CSV has no cell types.

Every text goes through app.validation.clean_text on its way out, as it did on its way in:
text stored before input was cleaned may hold characters XML forbids (U+FFFE, U+FFFF, most
controls), and one of them made the whole XLSX unreadable.
"""

from __future__ import annotations

import base64
import csv
import io
import logging
import mimetypes
import pickle
import re
import tempfile
import threading
import warnings
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from babel.numbers import get_decimal_symbol
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from app.errors import AppError
from app.export.tables import Cell, Table
from app.i18n import current_locale
from app.i18n import gettext as _
from app.validation import clean_text

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
WRAP_FROM = 40
SPOOL_BATCH = 1000
LOGGER = logging.getLogger(__name__)
# `warnings.catch_warnings` swaps process-wide state: two threads inside it at once could leave
# the other's filters behind, so PDFs are made one at a time (WeasyPrint holds the GIL anyway).
_PDF_LOCK = threading.Lock()


def csv_safe(value: Cell) -> Cell:
    if not isinstance(value, str):
        return value
    value = clean_text(value)
    return "'" + value if value.startswith(FORMULA_START) else value


def xlsx(tables: Iterable[Table]) -> bytes:
    """Written as a stream (openpyxl's write-only mode): a buurt's 100,000 rows would otherwise
    be held as cell objects, several hundred MB. A column's width needs its longest cell before
    the first row is written, so each sheet's rows pass through a temporary file first."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for table in tables:
        sheet = book.create_sheet(_sheet_title(clean_text(table.title)))
        with tempfile.TemporaryFile() as spool:
            longest = _spool(table, spool)
            for index, width in enumerate(longest, start=1):
                sheet.column_dimensions[get_column_letter(index)].width = min(
                    60, max(12, width + 2)
                )
            sheet.freeze_panes = "A2"
            heading = []
            for header in table.headers:
                cell = WriteOnlyCell(sheet, value=clean_text(header))
                cell.font = bold
                heading.append(cell)
            sheet.append(heading)
            for rows in _unspool(spool):
                for row in rows:
                    sheet.append([_cell(sheet, value, wrap) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _spool(table: Table, spool: IO[bytes]) -> list[int]:
    """Writes the table's rows to `spool` in batches; the longest cell of each column."""
    longest = [len(header) for header in table.headers]
    batch: list[list[Cell]] = []
    for row in table.rows:
        for index, value in enumerate(row):
            longest[index] = max(longest[index], len(str(value)))
        batch.append(row)
        if len(batch) == SPOOL_BATCH:
            pickle.dump(batch, spool)
            batch = []
    if batch:
        pickle.dump(batch, spool)
    spool.seek(0)
    return longest


def _unspool(spool: IO[bytes]) -> Iterator[list[list[Cell]]]:
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301  # our own temporary file, written above
        except EOFError:
            return


def _cell(sheet: Any, value: Cell, wrap: Alignment) -> Any:
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=clean_text(value))
    cell.data_type = "s"  # text, even when it starts with "=": never a formula
    if len(value) > WRAP_FROM:  # short cells fit their column; wrapping each costs time
        cell.alignment = wrap
    return cell


def _sheet_title(title: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "-", title)[:31]


def csv_zip(tables: Iterable[Table]) -> bytes:
    """UTF-8 with a byte order mark and the list separator of the language's Excel (a
    semicolon where the decimal mark is a comma, as in Dutch): what it opens without a
    wizard. Each file is written into the zip as its rows arrive."""
    separator = ";" if get_decimal_symbol(current_locale()) == "," else ","
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for number, table in enumerate(tables, start=1):
            with archive.open(f"{number:02d}-{table.key}.csv", "w") as member:
                text = io.TextIOWrapper(member, encoding="utf-8", newline="")
                text.write("\ufeff")
                writer = csv.writer(text, delimiter=separator, lineterminator="\r\n")
                writer.writerow([csv_safe(h) for h in table.headers])
                writer.writerows([csv_safe(v) for v in row] for row in table.rows)
                text.flush()
                text.detach()
    return out.getvalue()


@contextmanager
def _warnings_logged() -> Iterator[None]:
    """WeasyPrint warns about the machine it runs on, e.g. "HarfBuzz-Subset will be required by
    future versions" (a DeprecationWarning at import when libharfbuzz-subset0 is missing) or
    "No fonts configured in FontConfig". Such a warning is for whoever runs the server: it is
    logged, and never raised into a user's request, whatever the warning filters say (pytest's
    `filterwarnings = error` included)."""
    with _PDF_LOCK, warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            for warning in caught:
                LOGGER.warning("WeasyPrint: %s: %s", warning.category.__name__, warning.message)


PHOTO_DATA = "data:image/jpeg;base64,"


def pdf(html: str) -> bytes:
    with _warnings_logged():
        # Imported here: WeasyPrint loads Pango, which only printing needs.
        try:
            from weasyprint import HTML
            from weasyprint.urls import URLFetcher, URLFetcherResponse
        except OSError as missing:  # Pango is a system library (README: "PDF")
            raise AppError(
                _("Een PDF maken lukt hier niet (Pango ontbreekt). Druk af vanuit de browser."),
                status_code=503,
            ) from missing

        class StaticOnly(URLFetcher):  # type: ignore[misc]  # untyped library
            """Our own static files and the document's own JPEG photos (app.export.photos,
            inline as data: URLs), and nothing else: no network, no other files."""

            def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
                if url.startswith(PHOTO_DATA):
                    data = base64.b64decode(url.removeprefix(PHOTO_DATA), validate=True)
                    return URLFetcherResponse(url, data, {"Content-Type": "image/jpeg"})
                prefix = "file:///static/"
                path = (STATIC_DIR / url.removeprefix(prefix).split("?")[0]).resolve()
                if not url.startswith(prefix) or not path.is_relative_to(STATIC_DIR):
                    raise ValueError(f"niet geladen bij het afdrukken: {url}")
                kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

        fetcher = StaticOnly(fail_on_errors=True)
        result: bytes = HTML(string=html, base_url="file:///", url_fetcher=fetcher).write_pdf()
    return result
