"""One widget kit: the table models format with ``ui.formatting`` and never import a widget;
each dialog helper (error, confirm) and each heading exists once, in ``widgets.common``."""

from __future__ import annotations

import ast
from pathlib import Path

import journal_app.ui as ui

UI = Path(ui.__file__).parent


def _imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found.append("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
    return found


def test_models_never_import_widgets():
    offenders = {p.name: m for p in (UI / "models").glob("*.py") for m in _imports(p) if "widgets" in m}
    assert not offenders, f"models importing widgets: {offenders}"


def test_each_dialog_helper_and_heading_is_defined_once():
    defined: dict[str, list[str]] = {}
    for path in UI.rglob("*.py"):
        for node in ast.parse(path.read_text("utf-8")).body:
            if isinstance(node, ast.FunctionDef):
                defined.setdefault(node.name, []).append(str(path.relative_to(UI)))
    for name in ("show_error", "confirm", "heading", "hint", "page_title", "choice_label", "nice_date"):
        assert len(defined.get(name, [])) == 1, (name, defined.get(name))
    for duplicate in ("report_error", "ask_confirmation"):
        assert duplicate not in defined, (duplicate, defined[duplicate])


def test_every_page_title_uses_the_one_title_style(shell):
    from PySide6.QtWidgets import QLabel

    from journal_app.ui.main_window import PAGES

    for spec in PAGES:
        page = shell.show_page(spec.name)
        titles = [label.text() for label in page.findChildren(QLabel)
                  if label.isVisibleTo(page) and label.objectName() == "pageTitle"]
        assert len(titles) == 1, (spec.name, titles)
        others = [label.text() for label in page.findChildren(QLabel)
                  if label.isVisibleTo(page) and label.objectName() == "sectionTitle"
                  and label.text() == titles[0]]
        assert not others, (spec.name, others)


def test_every_sidebar_entry_has_an_icon(shell):
    icons = [shell.sidebar.item(row).icon() for row in range(shell.sidebar.count())]
    assert icons and all(not icon.isNull() for icon in icons)
