"""The architecture's arrows point down only, and headless commands stay light.

vault/ → journal/ → services/ → ui/: nothing below ui/ imports Qt (the PDF
exporter in services/export/ is the one allowed exception), and nothing above
journal/ writes SQL.
"""

from __future__ import annotations

import ast
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


# --- import direction and the one door for writes -------------------------------------------

FRONT_ENDS = ("ui", "cli")
# Methods that change the journal; a front end calling one on anything reached through a
# journal writes around the actions layer.
WRITE_METHODS = {
    "add", "update", "delete", "put", "set_setting", "set_learner", "set_meta", "add_framework",
    "transaction", "compact", "set_passphrase", "new_recovery_key", "rewrite_backups",
}
# Service functions that write; front ends reach them only through services.actions.
WRITING_SERVICES = {
    "mark_promise", "apply_action", "dismiss", "snooze", "restore", "erase_customer", "apply",
    "add_hold", "remove_hold", "set_policies", "set_retention_on_unlock", "write_subject_export",
    "import_document", "import_framework", "save_setting", "reset_setting", "record_event",
    "add_attachment", "add_evidence_file", "delete_attachment", "remove_evidence", "anonymise_customer",
}


def _module_of(node: ast.ImportFrom, path: Path) -> str:
    """The absolute module an import names: ``from ...vault.x import y`` in ui/pages is
    journal_app.vault.x."""
    if not node.level:
        return node.module or ""
    package = list(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    package = package[: len(package) - (node.level - 1)]
    return ".".join(package + ([node.module] if node.module else []))


def _front_end_sources() -> list[Path]:
    return _sources(*FRONT_ENDS)


@pytest.mark.parametrize("path", _front_end_sources(), ids=lambda p: p.name)
def test_front_ends_never_reach_the_vault(path: Path) -> None:
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = _module_of(node, path)
            assert not module.startswith("journal_app.vault"), f"{path.name} imports {module}"


@pytest.mark.parametrize("path", _front_end_sources(), ids=lambda p: p.name)
def test_front_ends_write_only_through_actions(path: Path) -> None:
    source = path.read_text("utf-8")
    tree = ast.parse(source)
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = _module_of(node, path)
            if module.startswith("journal_app.services.actions"):
                continue
            for alias in node.names:
                if alias.name in WRITING_SERVICES:
                    problems.append(f"line {node.lineno}: imports {alias.name} from {module}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = ast.get_source_segment(source, node.func.value) or ""
            if node.func.attr in WRITE_METHODS and "journal" in receiver:
                problems.append(f"line {node.lineno}: {receiver}.{node.func.attr}(…)")
    assert not problems, f"{path.name} writes around services.actions: " + "; ".join(problems)


def _imports_of(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            module = _module_of(node, path)
            out.add(module)
            out.update(f"{module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
    return out


@pytest.mark.parametrize("layer, forbidden", [
    ("vault", ("journal_app.journal", "journal_app.services", "journal_app.ui", "journal_app.cli")),
    ("journal", ("journal_app.services", "journal_app.ui", "journal_app.cli")),
    ("services", ("journal_app.ui", "journal_app.cli")),
])
def test_imports_point_down_only(layer: str, forbidden: tuple[str, ...]) -> None:
    wrong = [
        f"{path.relative_to(PACKAGE)} → {name}"
        for path in _sources(layer) for name in sorted(_imports_of(path))
        if name.startswith(forbidden)
    ]
    assert not wrong, "imports that point up a layer: " + ", ".join(wrong)


def test_nothing_below_the_ui_imports_widgets() -> None:
    wrong = [
        str(path.relative_to(PACKAGE)) for path in _sources("vault", "journal", "services", "cli")
        if "PySide6.QtWidgets" in _imports_of(path)
    ]
    assert not wrong, "Qt widgets below the ui layer: " + ", ".join(wrong)


def _graph(*layers: str) -> dict[str, set[str]]:
    modules = {
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__"): path
        for path in _sources(*layers)
    }
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        targets = set()
        for imported in _imports_of(path):
            # "a.b.c" may be a module or a name inside module "a.b"
            while imported and imported not in modules:
                imported = imported.rpartition(".")[0]
            if imported and imported != name and imported != "journal_app":
                targets.add(imported)
        graph[name] = targets
    return graph


@pytest.mark.parametrize("layer", ["journal", "services"])
def test_no_import_circles_inside_a_layer(layer: str) -> None:
    """Counting lazy and type-only imports too: a circle means two modules are one."""
    graph = _graph(layer)
    circles = set()

    def visit(node: str, path: list[str]) -> None:
        for nxt in sorted(graph.get(node, ())):
            if nxt in path:
                circle = path[path.index(nxt):]
                start = circle.index(min(circle))
                circles.add(" → ".join(circle[start:] + circle[:start]))
            elif len(path) < 8:
                visit(nxt, path + [nxt])

    for node in graph:
        visit(node, [node])
    assert not circles, "import circles: " + "; ".join(sorted(circles))


VIEW_MAY_NOT_IMPORT = (
    "journal_app.journal", "journal_app.services", "journal_app.vault", "journal_app.cli",
    "journal_app.ui.context", "journal_app.ui.dialogs", "journal_app.ui.saver",
)
LAYOUT_CLASSES = {
    "QVBoxLayout", "QHBoxLayout", "QGridLayout", "QFormLayout", "QSplitter", "QStackedWidget",
    "QTabWidget", "QScrollArea", "QGroupBox",
}


def _views() -> list[Path]:
    return sorted((PACKAGE / "ui" / "pages").glob("*_view.py"))


@pytest.mark.parametrize("path", _views(), ids=lambda p: p.name)
def test_a_view_holds_layout_only(path: Path) -> None:
    """A view never sees the journal, the session or an action: it only lays out widgets."""
    source = path.read_text("utf-8")
    tree = ast.parse(source)
    wrong = [name for name in sorted(_imports_of(path)) if name.startswith(VIEW_MAY_NOT_IMPORT)]
    wrong += [
        f"line {node.lineno}: .{node.attr}" for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in ("context", "journal")
    ]
    assert not wrong, f"{path.name} reaches past its layout: " + ", ".join(wrong)


@pytest.mark.parametrize("path", _views(), ids=lambda p: p.name)
def test_a_controller_leaves_layout_to_its_view(path: Path) -> None:
    controller = path.with_name(path.name.removesuffix("_view.py") + ".py")
    assert controller.exists(), f"{path.name} has no controller beside it"
    built = sorted(name.rpartition(".")[2] for name in _imports_of(controller))
    wrong = [name for name in built if name in LAYOUT_CLASSES]
    assert not wrong, f"{controller.name} lays out widgets itself: " + ", ".join(wrong)


def test_every_sidebar_page_is_a_view_and_a_controller() -> None:
    pages = [
        p for p in sorted((PACKAGE / "ui" / "pages").glob("*.py"))
        if p.stem not in ("__init__", "base") and not p.stem.endswith("_view")
    ]
    assert len(pages) >= 11
    alone = [p.name for p in pages if not p.with_name(p.stem + "_view.py").exists()]
    assert not alone, "pages without a layout view: " + ", ".join(alone)
