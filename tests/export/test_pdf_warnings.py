"""A warning from WeasyPrint about the machine (a missing optional system library) is logged for
whoever runs the server and never becomes a 500 — not even under this suite's
`filterwarnings = error`, which is how a bare Debian machine without libharfbuzz-subset0 met it.

Both places such a warning comes from are simulated: importing WeasyPrint (where the real
HarfBuzz-Subset and FontConfig warnings are emitted) and rendering."""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import logging
import sys
import warnings
from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
import weasyprint
from fastapi.testclient import TestClient

from app.demo.seed import DEMO_PASSWORD
from tests.export.conftest import Demo
from tests.factories import login

HARFBUZZ = (
    "HarfBuzz-Subset will be required by future versions of WeasyPrint. "
    "Please install this library with your package manager."
)


class _WarnsOnImport(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Imports `weasyprint` as a bare machine does: with a DeprecationWarning on the way. The
    module's contents are the real, already loaded ones, so nothing is executed twice."""

    def __init__(self, real: ModuleType) -> None:
        self.real = real

    def find_spec(self, fullname: str, path: Any, target: Any = None) -> Any:
        if fullname != "weasyprint":
            return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def exec_module(self, module: ModuleType) -> None:
        warnings.warn(HARFBUZZ, DeprecationWarning, stacklevel=1)
        module.__dict__.update(
            {k: v for k, v in vars(self.real).items() if k not in ("__spec__", "__loader__")}
        )


def _warn_on_import(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delitem(sys.modules, "weasyprint")
    monkeypatch.setattr(sys, "meta_path", [_WarnsOnImport(weasyprint), *sys.meta_path])


def _warn_on_render(monkeypatch: pytest.MonkeyPatch) -> None:
    write_pdf: Callable[..., bytes] = weasyprint.HTML.write_pdf

    def warning_write_pdf(self: Any, *args: Any, **kwargs: Any) -> bytes:
        warnings.warn(HARFBUZZ, DeprecationWarning, stacklevel=1)
        return write_pdf(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", warning_write_pdf)


@pytest.mark.parametrize("simulate", [_warn_on_import, _warn_on_render], ids=["import", "render"])
def test_a_system_library_warning_is_logged_and_the_pdf_still_comes(
    client: TestClient,
    demo: Demo,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    simulate: Callable[[pytest.MonkeyPatch], None],
) -> None:
    login(client, demo.coordinator, DEMO_PASSWORD)
    simulate(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="app.export.formats"):
        response = client.get("/overzicht.pdf", params={"buurt": str(demo.oosterpark.id)})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert [r.getMessage() for r in caplog.records if r.name == "app.export.formats"] == [
        f"WeasyPrint: DeprecationWarning: {HARFBUZZ}"
    ]


def test_without_the_policy_the_same_warning_would_fail_the_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The simulation is real: outside the PDF code, this suite's filters raise the warning.
    _warn_on_render(monkeypatch)
    with pytest.raises(DeprecationWarning, match="HarfBuzz-Subset"):
        weasyprint.HTML(string="<p>x</p>").write_pdf()
