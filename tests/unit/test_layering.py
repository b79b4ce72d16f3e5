"""The architecture's arrows point down only, and headless commands stay light.

vault/ → journal/ → services/ → ui/: nothing below ui/ imports Qt (the PDF
exporter in services/export/ is the one allowed exception), and nothing above
journal/ writes SQL.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "journal_app"
QT_IMPORT = re.compile(r"^\s*(from|import)\s+PySide6", re.MULTILINE)
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b", re.IGNORECASE)


def _sources(*folders: str) -> list[Path]:
    return [p for folder in folders for p in sorted((PACKAGE / folder).rglob("*.py"))]


@pytest.mark.parametrize("path", _sources("vault", "journal", "services", "cli"), ids=lambda p: p.name)
def test_no_qt_below_the_ui(path: Path) -> None:
    if "export" in path.relative_to(PACKAGE).parts:
        return
    assert not QT_IMPORT.search(path.read_text("utf-8")), f"{path} imports Qt below the ui layer"


@pytest.mark.parametrize("path", _sources("services", "ui", "cli"), ids=lambda p: p.name)
def test_no_sql_above_the_journal(path: Path) -> None:
    code = "\n".join(
        line for line in path.read_text("utf-8").splitlines() if not line.lstrip().startswith("#")
    )
    assert not SQL.search(code), f"{path} writes SQL; put the query in journal/"


@pytest.mark.parametrize("path", _sources("vault"), ids=lambda p: p.name)
def test_vault_knows_no_tables(path: Path) -> None:
    code = path.read_text("utf-8")
    assert "import sqlite3" not in code and ".execute(" not in code, f"{path} runs SQL"


def test_headless_commands_do_not_load_qt() -> None:
    probe = (
        "import sys; from journal_app.cli import build_parser; build_parser();"
        "import journal_app.services.verify;"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
