"""Every input on the record pages and the export dialog has a name a screen reader can say,
and every page can be reached and left with the keyboard."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from journal_app.ui.dialogs.export_dialog import ExportDialog
from journal_app.ui.pages.customers import CustomersPage
from journal_app.ui.pages.evidence import EvidencePage
from journal_app.ui.pages.hours import HoursPage
from journal_app.ui.pages.insights import InsightsPage
from journal_app.ui.pages.plans import PlansPage
from journal_app.ui.pages.privacy import PrivacyPage
from journal_app.ui.pages.promises import PromisesPage

from .record_support import context, file_journal, shown_errors  # noqa: F401

INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView,
          QAbstractButton)


def _inside_combo_or_spin(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractSpinBox | QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def _unnamed(root: QWidget) -> list[str]:
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}
    missing = []
    for widget in root.findChildren(QWidget):
        if not isinstance(widget, INPUTS) or widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            continue
        if type(widget).__name__ in ("QScrollBar",) or widget.objectName().startswith("qt_"):
            continue
        parent = widget.parentWidget()
        if _inside_combo_or_spin(widget):  # a combo's popup list, a spin box's inner line edit
            continue
        text = widget.text() if isinstance(widget, QAbstractButton) else ""
        if widget.accessibleName() or text.replace("&", "").strip() or id(widget) in buddies:
            continue
        missing.append(f"{type(widget).__name__} in {type(parent).__name__}")
    return missing


@pytest.mark.parametrize("page_class", [CustomersPage, PromisesPage, EvidencePage, PlansPage, HoursPage,
                                        InsightsPage, PrivacyPage])
def test_every_control_is_named(qtbot, context, page_class, monkeypatch):  # noqa: F811
    page = page_class(context)
    qtbot.addWidget(page)
    assert _unnamed(page) == []


def test_export_dialog_controls_are_named(qtbot, context):  # noqa: F811
    dialog = ExportDialog(context)
    qtbot.addWidget(dialog)
    assert _unnamed(dialog) == []


def test_the_check_catches_an_unnamed_box(qtbot):
    root = QWidget()
    QLineEdit(root)
    qtbot.addWidget(root)
    assert _unnamed(root) == ["QLineEdit in QWidget"]
