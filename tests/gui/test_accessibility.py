"""Every screen can be used with a screen reader and the keyboard.

Walks each page's widget tree: every input has a name a screen reader can say
(an accessible name or a label pointing at it), and every button without words
(an icon or a symbol) has an accessible name.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCalendarWidget,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from journal_app.ui.main_window import PAGES

INPUTS = (QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractSpinBox, QAbstractItemView)


def _inside_another_input(widget: QWidget) -> bool:
    """Parts of a composite control (a spin box's text field, a combo's popup list…)."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QCalendarWidget | QAbstractItemView | QLineEdit):
            return True
        parent = parent.parentWidget()
    return False


def problems(root: QWidget) -> list[str]:
    buddies = {id(label.buddy()) for label in root.findChildren(QLabel) if label.buddy() is not None}
    found = []
    for widget in root.findChildren(QWidget):
        if _inside_another_input(widget) or widget.objectName().startswith("qt_"):
            continue  # Qt's own parts (a line edit's clear button, the menu bar's overflow) name themselves
        owner = root.objectName() or type(root).__name__
        where = f"{type(widget).__name__} '{widget.objectName()}' in {owner}"
        named = bool(widget.accessibleName().strip()) or id(widget) in buddies
        if isinstance(widget, INPUTS) and not named:
            found.append(f"unlabelled input: {where}")
        if isinstance(widget, QAbstractButton):
            text = widget.text().replace("&", "")
            if not any(ch.isalnum() for ch in text) and not widget.accessibleName().strip():
                found.append(f"button without a name: {where} ({text!r})")
    return found


@pytest.mark.parametrize("name", [spec.name for spec in PAGES])
def test_every_page_is_labelled(shell, name):
    page = shell.show_page(name)
    assert problems(page) == []


def test_the_interaction_editor_is_labelled(shell):
    shell.new_interaction()
    form = shell.pages["interactions"].editor.form
    form.promises.add_row()
    form.what_happened.start_new_customer()
    assert problems(shell.pages["interactions"]) == []


def test_the_shell_is_labelled(shell):
    assert problems(shell) == []
    assert shell.sidebar.accessibleName() and shell.save_label.accessibleName()


def test_unlock_and_first_run_are_labelled(qtbot, saved_journal, clock):
    from journal_app.ui.dialogs.first_run import FirstRunWizard
    from journal_app.ui.dialogs.unlock import UnlockWindow

    unlock = UnlockWindow(saved_journal, clock=clock)
    qtbot.addWidget(unlock)
    assert problems(unlock) == []
    wizard = FirstRunWizard(clock=clock)
    qtbot.addWidget(wizard)
    assert problems(wizard) == []


def test_search_and_passphrase_dialogs_are_labelled(shell, qtbot):
    from journal_app.ui.dialogs.passphrase import ChangePassphraseDialog, RecoveryKeyDialog
    from journal_app.ui.dialogs.search import SearchDialog

    for dialog in (SearchDialog(shell.context, shell), ChangePassphraseDialog(shell.context.journal),
                   RecoveryKeyDialog("ABCDE-FGHJK", shell)):
        qtbot.addWidget(dialog)
        assert problems(dialog) == []


def test_keyboard_reaches_the_quick_log(shell):
    """Ctrl+N puts the cursor in the customer picker; Tab order walks the quick fields."""
    shell.show()
    shell.new_action.trigger()
    form = shell.pages["interactions"].editor.form
    chain, widget = [], form.customer
    for _ in range(12):
        chain.append(widget)
        widget = widget.nextInFocusChain()
    assert form.summary in chain or form.kind in chain


def test_the_export_dialog_is_labelled(shell, qtbot):
    from journal_app.ui.dialogs.export_dialog import ExportDialog

    dialog = ExportDialog(shell.context, shell)
    qtbot.addWidget(dialog)
    assert problems(dialog) == []


def test_the_check_catches_unnamed_controls(qtbot):
    from PySide6.QtWidgets import QPushButton

    root = QWidget()
    root.setObjectName("probe")
    field = QLineEdit(root)
    field.setObjectName("nameless")
    QPushButton("×", root).setObjectName("cross")
    qtbot.addWidget(root)
    assert problems(root) == [
        "unlabelled input: QLineEdit 'nameless' in probe",
        "button without a name: QPushButton 'cross' in probe ('×')",
    ]


def test_the_feedback_dialog_is_labelled(shell, qtbot):
    from journal_app.ui.dialogs.feedback_dialog import FeedbackDialog

    dialog = FeedbackDialog(shell.context, None, parent=shell)
    qtbot.addWidget(dialog)
    assert problems(dialog) == []


def test_the_unlock_window_is_a_window_to_a_screen_reader(qtbot, saved_journal, clock):
    from PySide6.QtGui import QAccessible

    from journal_app.ui.dialogs.unlock import UnlockWindow

    unlock = UnlockWindow(saved_journal, clock=clock)
    qtbot.addWidget(unlock)
    face = QAccessible.queryAccessibleInterface(unlock)
    assert face.role() == QAccessible.Role.Window  # not a nameless "filler"
    assert face.text(QAccessible.Text.Name) == "Unlock — Placement Journal"


def test_no_scroll_area_or_clear_button_is_nameless(shell):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QLineEdit, QScrollArea

    from journal_app.ui.main_window import PAGES

    shell.new_interaction()
    nameless = []
    for spec in PAGES:
        page = shell.show_page(spec.name)
        for area in page.findChildren(QScrollArea):
            if not area.accessibleName() and not isinstance(area.parent(), QLineEdit):
                nameless.append(f"{spec.name}: scroll area {area.objectName()!r}")
        for edit in page.findChildren(QLineEdit):
            for action in edit.findChildren(QAction):
                if action.objectName() == "_q_qlineeditclearaction" and not action.text():
                    nameless.append(f"{spec.name}: clear button of {edit.accessibleName()!r}")
    assert not nameless
