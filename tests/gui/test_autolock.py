"""Auto-lock after idle time, and what locking leaves behind: nothing readable."""

from __future__ import annotations

from tests.conftest import PASSPHRASE
from tests.gui.shell_support import quick_log


class FakeMonotonic:
    def __init__(self) -> None:
        self.seconds = 1000.0

    def __call__(self) -> float:
        return self.seconds


def _unlocked_controller(qtbot, saved_journal, clock, monotonic):
    from journal_app.ui.app import AppController
    from journal_app.ui.context import run_now

    controller = AppController(clock=clock, run_in_background=run_now, monotonic=monotonic,
                               journal_path=saved_journal)
    controller.start()
    window = controller.unlock_window
    qtbot.addWidget(window)
    window.passphrase.setText(PASSPHRASE)
    window.unlock()
    assert controller.main_window is not None
    qtbot.addWidget(controller.main_window)
    return controller


def test_locks_after_the_idle_limit_and_saves_first(qtbot, saved_journal, clock, dialogs):
    from journal_app.journal.journal import Journal

    monotonic = FakeMonotonic()
    controller = _unlocked_controller(qtbot, saved_journal, clock, monotonic)
    window = controller.main_window
    assert controller.autolock.minutes == 5
    window.new_interaction()
    assert quick_log(window.pages["interactions"].editor, "Helped a customer find a size")
    today = window.show_page("today")

    monotonic.seconds += 4 * 60
    assert not controller.autolock.check()
    assert controller.main_window is window

    monotonic.seconds += 61
    assert controller.autolock.check()
    assert controller.main_window is None
    assert window.is_locked and window.context.journal is None
    assert today.week_card.value_label.text() == "—"
    assert not controller.unlock_window.isHidden()

    reopened = Journal.open(saved_journal, PASSPHRASE, clock=clock)  # the lock released the file
    try:
        assert reopened.interactions.count() == 1
    finally:
        reopened.close()


def test_activity_resets_the_idle_timer(qtbot, saved_journal, clock, dialogs):
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    monotonic = FakeMonotonic()
    controller = _unlocked_controller(qtbot, saved_journal, clock, monotonic)
    monotonic.seconds += 4 * 60
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    QApplication.sendEvent(controller.main_window, event)
    monotonic.seconds += 2 * 60
    assert not controller.autolock.check()
    assert controller.main_window is not None
    controller.lock()


def test_ctrl_l_locks_and_unlocking_again_works(qtbot, saved_journal, clock, dialogs):
    monotonic = FakeMonotonic()
    controller = _unlocked_controller(qtbot, saved_journal, clock, monotonic)
    controller.main_window.lock_action.trigger()
    assert controller.main_window is None
    window = controller.unlock_window
    window.passphrase.setText(PASSPHRASE)
    window.unlock()
    assert controller.main_window is not None
    qtbot.addWidget(controller.main_window)
    controller.lock()


def test_the_limit_comes_from_settings_and_zero_means_never(qtbot, saved_journal, clock, dialogs):
    from journal_app.ui.settings import AppSettings

    AppSettings().set("lock/auto_lock_minutes", 0)
    monotonic = FakeMonotonic()
    controller = _unlocked_controller(qtbot, saved_journal, clock, monotonic)
    monotonic.seconds += 10 * 3600
    assert not controller.autolock.check()
    page = controller.main_window.show_page("settings")
    page.autolock.setValue(2)
    assert AppSettings().auto_lock_minutes == 2
    monotonic.seconds += 121
    assert controller.autolock.check()
    assert controller.main_window is None


def test_locking_clears_every_page_without_a_hitch(shell, dialogs):
    """Each page has shown journal data; after a lock no page shows any of it, and no
    page's clean-up fails (a failure would leave data on screen)."""
    from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QTextEdit

    from journal_app.journal.records import Customer, Learner
    from journal_app.ui.main_window import PAGES

    journal = shell.context.journal
    journal.set_learner(Learner(name="Sam Learnerton", placement="Northside Motors"))
    journal.customers.add(Customer(name="Gwendolyn Featherstone", segment="key"))
    for spec in PAGES:
        shell.show_page(spec.name)
    shell.open_record("customer", journal.customers.all()[0].id)
    shell.lock()

    assert dialogs.errors == []
    for page in shell.pages.values():
        shown = [w.text() for w in page.findChildren(QLineEdit) + page.findChildren(QLabel)]
        shown += [w.toPlainText() for w in page.findChildren(QPlainTextEdit) + page.findChildren(QTextEdit)]
        leaked = [t for t in shown if "Featherstone" in t or "Learnerton" in t]
        assert leaked == [], f"{type(page).__name__} still shows {leaked}"
