"""No two controls showing together share an Alt+letter, menu-bar titles included: on every page,
every tab of every page, every dialog, the unlock window and every page of the first-run wizard."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabWidget, QWidget

from journal_app.ui.main_window import PAGES
from tests.gui.keyboard_support import filled_shell


def _letter(text: str) -> str | None:
    found = re.search(r"&([^&])", text.replace("&&", ""))
    return found.group(1).lower() if found else None


def visible_mnemonics(window: QWidget, extra: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Alt+letter → the texts that claim it, for every control that shows when ``window`` does
    (``extra``: texts of controls around it, such as a wizard's buttons)."""
    texts: list[str] = list(extra)
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        buddied_label = isinstance(widget, QLabel) and widget.buddy() is not None
        if isinstance(widget, QAbstractButton) or buddied_label:
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QTabWidget):
            texts.extend(widget.tabText(i) for i in range(widget.count()))
    menu_bar = getattr(window, "menuBar", None)
    if menu_bar is not None:
        texts.extend(action.text() for action in menu_bar().actions())
    letters: dict[str, list[str]] = {}
    for text in texts:
        letter = _letter(text)
        if letter:
            letters.setdefault(letter, []).append(text)
    return letters


def assert_no_clash(window: QWidget, where: str, extra: tuple[str, ...] = ()) -> None:
    clashes = {k: v for k, v in visible_mnemonics(window, extra).items() if len(v) > 1}
    assert not clashes, f"{where}: shared Alt+letters {clashes}"


def assert_no_clash_on_any_tab(window: QWidget, where: str) -> int:
    """Check ``window`` with each tab of each of its tab widgets showing in turn; returns how many
    views were checked."""
    assert_no_clash(window, where)
    checked = 1
    for tabs in window.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            assert_no_clash(window, f"{where}, tab {tabs.tabText(index)!r}")
            checked += 1
        tabs.setCurrentIndex(0)
    return checked


def test_the_check_catches_a_clash(qtbot):
    from PySide6.QtWidgets import QLineEdit, QPushButton, QVBoxLayout

    root = QWidget()
    layout = QVBoxLayout(root)
    field = QLineEdit()
    label = QLabel("&Summary")
    label.setBuddy(field)
    for widget in (label, field, QPushButton("&Save")):
        layout.addWidget(widget)
    qtbot.addWidget(root)
    assert visible_mnemonics(root)["s"] == ["&Summary", "&Save"]
    with pytest.raises(AssertionError, match="shared Alt"):
        assert_no_clash(root, "probe")


@pytest.mark.parametrize("name", [spec.name for spec in PAGES])
def test_every_page_has_its_own_letters(shell, qtbot, clock, name):
    filled_shell(qtbot, shell, clock)
    shell.show_page(name)
    assert_no_clash(shell, name)


@pytest.mark.parametrize("kind", ["enquiry", "complaint", "sale"])
def test_the_interaction_editor_has_its_own_letters_and_alt_s_saves(shell, qtbot, clock, kind):
    filled_shell(qtbot, shell, clock)
    shell.new_interaction()
    form = shell.pages["interactions"].editor.form
    form.kind.setCurrentIndex(form.kind.findData(kind))
    assert_no_clash(shell, f"editor ({kind})")
    assert visible_mnemonics(shell)["s"] == [shell.pages["interactions"].editor.save_button.text()]


@pytest.mark.parametrize("name", ["privacy", "evidence", "settings", "plans", "customers"])
def test_every_tab_of_a_page_has_its_own_letters(shell, qtbot, clock, name):
    filled_shell(qtbot, shell, clock)
    shell.show_page(name)
    assert_no_clash_on_any_tab(shell, name)


def _promise():
    from journal_app.journal.records import Promise

    return Promise(text="Ring back with the refund date", due="2026-11-27")


def _dialogs(shell, clock):
    from journal_app.ui.dialogs.export_dialog import ExportDialog
    from journal_app.ui.dialogs.feedback_dialog import FeedbackDialog
    from journal_app.ui.dialogs.passphrase import ChangePassphraseDialog, RecoveryKeyDialog
    from journal_app.ui.dialogs.promise_outcome import PromiseOutcomeDialog
    from journal_app.ui.dialogs.retention_prompt import RetentionPrompt
    from journal_app.ui.dialogs.search import SearchDialog

    class Due:
        description = "Customer C-001: contact details anonymised"
        due = clock.now.date()

    return {
        "feedback": lambda: FeedbackDialog(shell.context, None, parent=shell),
        "promise outcome": lambda: PromiseOutcomeDialog(_promise(), clock.now.date(), "renegotiated"),
        "retention prompt": lambda: RetentionPrompt([Due()]),
        "search": lambda: SearchDialog(shell.context, shell),
        "export": lambda: ExportDialog(shell.context, shell),
        "change passphrase": lambda: ChangePassphraseDialog(shell.context.journal),
        "recovery key": lambda: RecoveryKeyDialog("ABCDE-FGHJK-MNPQR-STVWX-YZ234-56789", shell),
    }


DIALOGS = ["feedback", "promise outcome", "retention prompt", "search", "export", "change passphrase",
           "recovery key"]


@pytest.mark.parametrize("name", DIALOGS)
def test_every_dialog_has_its_own_letters(shell, qtbot, clock, name):
    filled_shell(qtbot, shell, clock)
    dialog = _dialogs(shell, clock)[name]()
    qtbot.addWidget(dialog)
    assert_no_clash_on_any_tab(dialog, name)


def test_the_promise_outcome_choices_each_have_a_letter(qtbot, clock):
    from journal_app.ui.dialogs.promise_outcome import PromiseOutcomeDialog

    dialog = PromiseOutcomeDialog(_promise(), clock.now.date())
    qtbot.addWidget(dialog)
    letters = visible_mnemonics(dialog)
    assert {"k", "l", "b"} <= set(letters)


def test_the_unlock_window_has_its_own_letters(qtbot, saved_journal, clock):
    from journal_app.ui.dialogs.unlock import UnlockWindow

    unlock = UnlockWindow(saved_journal, clock=clock)
    qtbot.addWidget(unlock)
    assert_no_clash_on_any_tab(unlock, "unlock")


def test_every_first_run_page_has_its_own_letters(qtbot, clock):
    from PySide6.QtWidgets import QWizard

    from journal_app.ui.dialogs.first_run import FirstRunWizard

    wizard = FirstRunWizard(clock=clock)
    qtbot.addWidget(wizard)
    buttons = tuple(wizard.buttonText(which) for which in (
        QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton, QWizard.WizardButton.CancelButton))
    last = tuple(wizard.buttonText(which) for which in (
        QWizard.WizardButton.FinishButton, QWizard.WizardButton.CancelButton))
    ids = wizard.pageIds()
    assert len(ids) >= 6
    for page_id in ids:
        page = wizard.page(page_id)
        around = last if page_id == ids[-1] else buttons
        assert_no_clash(page, f"first run: {type(page).__name__}", around)
