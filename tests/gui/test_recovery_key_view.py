"""The recovery key reaches every learner: a screen reader can spell it, the keyboard can step
through it group by group, and it can be copied, saved to a user-only file or printed."""

from __future__ import annotations

import os
import re
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from tests.conftest import PASSPHRASE

KEY = "ABCDE-FGH1K-MN2PQ-RST3V-WXYZ0-12345-6789A-BCDEF"
ALT = Qt.KeyboardModifier.AltModifier
Key = Qt.Key


def _shown(qtbot, widget: QWidget) -> QWidget:
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget)
    return widget


def _dialog(qtbot):
    from journal_app.ui.dialogs.passphrase import RecoveryKeyDialog

    return _shown(qtbot, RecoveryKeyDialog(KEY))


def _tab_to(dialog: QWidget, target: QWidget, limit: int = 20) -> int:
    presses = 0
    while QApplication.focusWidget() is not target:
        QTest.keyClick(QApplication.focusWidget() or dialog, Key.Key_Tab)
        presses += 1
        assert presses < limit, "Tab never reached the widget"
    return presses


def test_a_screen_reader_can_spell_the_key(qtbot):
    dialog = _dialog(qtbot)
    view = dialog.key_view
    edit = view.key_edit
    assert edit.accessibleName() == "Recovery key"
    assert edit.text() == KEY and edit.isReadOnly()
    assert edit.focusPolicy() & Qt.FocusPolicy.TabFocus
    description = edit.accessibleDescription()
    assert description.startswith("Group 1: A B C D E. Group 2: F G H 1 K. Group 3: M N 2 P Q.")
    assert description.endswith("Group 8: B C D E F.")
    _tab_to(dialog, edit)  # the keyboard reaches the key itself
    QTest.keyClicks(edit, "XYZ")
    assert edit.text() == KEY  # nothing can be typed over it


def test_arrow_keys_step_through_the_groups(qtbot):
    dialog = _dialog(qtbot)
    stepper = dialog.key_view.groups
    QTest.keyClick(QApplication.focusWidget() or dialog, Key.Key_G, ALT)  # "Read it group by group"
    assert QApplication.focusWidget() is stepper
    assert stepper.text() == "Group 1 of 8: A B C D E"
    QTest.keyClick(stepper, Key.Key_Down)
    QTest.keyClick(stepper, Key.Key_Up)
    QTest.keyClick(stepper, Key.Key_Up)
    assert stepper.text() == "Group 3 of 8: M N 2 P Q"
    QTest.keyClicks(stepper, "hello")
    assert stepper.text() == "Group 3 of 8: M N 2 P Q"
    for _ in range(10):
        QTest.keyClick(stepper, Key.Key_Up)
    assert stepper.text() == "Group 8 of 8: B C D E F"
    assert stepper.accessibleName() == "Recovery key, group by group"


def test_copy_puts_the_key_on_the_clipboard(qtbot):
    dialog = _dialog(qtbot)
    QGuiApplication.clipboard().setText("")
    QTest.keyClick(QApplication.focusWidget() or dialog, Key.Key_C, ALT)
    qtbot.waitUntil(lambda: QGuiApplication.clipboard().text() == KEY)  # a mnemonic animates the click
    assert "Copied" in dialog.key_view.status.text()
    QGuiApplication.clipboard().clear()


def test_save_writes_a_user_only_file(qtbot, tmp_path, monkeypatch):
    from journal_app.ui.widgets import recovery_key_view

    target = tmp_path / "key.txt"
    asked: list[str] = []

    def choose(parent, start):
        asked.append(start)
        return str(target)

    monkeypatch.setattr(recovery_key_view, "choose_file", choose)
    dialog = _dialog(qtbot)
    QTest.keyClick(QApplication.focusWidget() or dialog, Key.Key_V, ALT)
    qtbot.waitUntil(lambda: target.exists())
    assert asked and target.read_text() == KEY + "\n"
    if sys.platform != "win32":
        assert os.stat(target).st_mode & 0o777 == 0o600
    assert str(target) in dialog.key_view.status.text()


def test_save_cancelled_writes_nothing(qtbot, tmp_path, monkeypatch):
    from journal_app.ui.widgets import recovery_key_view

    monkeypatch.setattr(recovery_key_view, "choose_file", lambda parent, start: "")
    dialog = _dialog(qtbot)
    QTest.keyClick(QApplication.focusWidget() or dialog, Key.Key_V, ALT)
    qtbot.wait(300)
    assert list(tmp_path.iterdir()) == []
    assert dialog.key_view.status.text() == ""


def test_print_sends_the_key(qtbot, monkeypatch):
    from journal_app.ui.widgets import recovery_key_view

    printed: list[str] = []
    monkeypatch.setattr(recovery_key_view, "print_key", lambda parent, key: printed.append(key) or True)
    dialog = _dialog(qtbot)
    QTest.keyClick(QApplication.focusWidget() or dialog, Key.Key_P, ALT)
    qtbot.waitUntil(lambda: printed == [KEY])
    assert "printer" in dialog.key_view.status.text()
    page = recovery_key_view.key_document_html(KEY)
    assert all(group in page for group in KEY.split("-"))


def test_the_dialog_closes_only_after_written_down_and_group_3_typed(qtbot):
    dialog = _dialog(qtbot)
    ok = dialog.buttons.buttons()[0]
    assert not ok.isEnabled()
    _tab_to(dialog, dialog.written)
    QTest.keyClick(dialog.written, Key.Key_Space)
    assert not ok.isEnabled()  # the same check as at first run: group 3 typed back
    _tab_to(dialog, dialog.check_edit)
    QTest.keyClicks(dialog.check_edit, "mn2pq")
    assert ok.isEnabled()


def _mnemonics(root: QWidget) -> list[str]:
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        if isinstance(widget, QAbstractButton | QLabel):
            match = re.search(r"&([^&\s])", widget.text())
            if match:
                found.append(match.group(1).lower())
    return found


@pytest.fixture
def key_page(qtbot, tmp_path, clock):
    """The first-run wizard on its recovery key page, reached by keyboard."""
    from journal_app.ui.dialogs.first_run import FirstRunWizard

    wizard = _shown(qtbot, FirstRunWizard(clock=clock))
    QTest.keyClick(QApplication.focusWidget() or wizard, Key.Key_Return)  # welcome
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.location)
    path_edit = wizard.location.path_edit
    _tab_to(wizard, path_edit)
    QTest.keyClick(path_edit, Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(path_edit, str(tmp_path / "mine.pjournal"))
    QTest.keyClick(path_edit, Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.passphrase)
    fields = wizard.passphrase.fields
    _tab_to(wizard, fields.first)
    QTest.keyClicks(fields.first, PASSPHRASE + " at dawn")
    QTest.keyClick(fields.first, Key.Key_Tab)
    QTest.keyClicks(QApplication.focusWidget(), PASSPHRASE + " at dawn")
    QTest.keyClick(QApplication.focusWidget(), Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.key_page)
    yield wizard
    wizard.reject()


def test_the_wizard_key_page_speaks_the_key_and_the_check(key_page):
    wizard = key_page
    page = wizard.key_page
    view = page.key_view
    key = wizard.recovery_key
    assert view.key_edit.text() == key
    assert view.key_edit.accessibleDescription().startswith(
        "Group 1: " + " ".join(key.split("-")[0]) + "."
    )
    assert "group 3" in page.check_edit.accessibleDescription()
    assert "5 characters" in page.check_edit.accessibleDescription()
    # Alt+letters on the page and the wizard's own buttons don't clash
    letters = _mnemonics(page) + [
        m.group(1).lower()
        for button in (wizard.button(b) for b in (wizard.WizardButton.BackButton,
                                                  wizard.WizardButton.NextButton,
                                                  wizard.WizardButton.CancelButton))
        if (m := re.search(r"&([^&\s])", button.text()))
    ]
    assert len(letters) == len(set(letters)), letters
    assert {"c", "v", "p", "g", "w", "3"} <= set(letters)


def test_the_check_group_is_typed_back_by_keyboard(qtbot, key_page):
    wizard = key_page
    page = wizard.key_page
    group = wizard.recovery_key.split("-")[2]
    QTest.keyClick(QApplication.focusWidget() or wizard, Key.Key_W, ALT)
    qtbot.waitUntil(page.written.isChecked)
    QTest.keyClick(QApplication.focusWidget(), Key.Key_3, ALT)
    assert QApplication.focusWidget() is page.check_edit
    QTest.keyClicks(page.check_edit, "WRONG")
    assert not page.isComplete()
    QTest.keyClick(page.check_edit, Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(page.check_edit, group.lower())
    assert page.isComplete()
