"""Today by keyboard: a due promise chosen with the arrow keys enables "Mark kept…" and "Open";
the table and the reminders name customers by their real names in the learner's own
unlocked window, while the tray's notices keep to pseudonyms."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

Key = Qt.Key
ALT = Qt.KeyboardModifier.AltModifier


def _log(shell, clock, name: str, promise: str, due_in_days: int) -> tuple[str, str]:
    """(promise id, the customer's pseudonym), written through the same door the editor uses."""
    from journal_app.journal.records import Customer, Interaction, Promise
    from journal_app.services.actions.interactions import log_interaction

    journal = shell.context.journal
    due = (clock.now + timedelta(days=due_in_days)).date().isoformat()
    stored = log_interaction(
        journal, Interaction(at=clock.now.isoformat(), channel="phone", summary=f"Spoke to {name}"),
        new_customer=Customer(name=name), promises=[Promise(text=promise, due=due)],
    ).value
    customer = journal.customers.get(stored.customer)
    [made] = [p for p in journal.promises.all() if p.interaction == stored.id]
    return made.id, customer.pseudonym


def _today_by_keyboard(shell, qtbot):
    shell.show()
    shell.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is shell)
    today = shell.show_page("today")
    today.refresh()
    return today


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def _tab_to(target: QWidget, limit: int = 40) -> None:
    for _ in range(limit):
        if _focused() is target:
            return
        QTest.keyClick(_focused(), Key.Key_Tab)
    raise AssertionError("Tab never reached it")


def test_arrow_keys_choose_a_promise_and_alt_k_marks_it_kept(shell, qtbot, clock, dialogs):
    from journal_app.ui.dialogs.promise_outcome import Outcome

    _log(shell, clock, "Mr Jones", "Phone back about the part", due_in_days=0)
    second, _ = _log(shell, clock, "Ms Akhtar", "Email the brochure", due_in_days=1)
    today = _today_by_keyboard(shell, qtbot)
    view = today.promise_view
    assert today.promise_model.rowCount() == 2
    assert not view.currentIndex().isValid()  # nothing chosen yet
    assert not today.kept_button.isEnabled() and not today.open_promise_button.isEnabled()

    _tab_to(view)
    QTest.keyClick(view, Key.Key_Down)
    QTest.keyClick(view, Key.Key_Down)
    assert view.currentIndex().row() == 1
    assert today.kept_button.isEnabled() and today.open_promise_button.isEnabled()

    dialogs.outcome = Outcome("kept", "Sent it at lunch")
    QTest.keyClick(view, Key.Key_K, ALT)  # "Mark &kept…"
    qtbot.waitUntil(lambda: shell.context.journal.promises.get(second).status == "kept")
    assert shell.context.journal.promises.get(second).outcome == "Sent it at lunch"
    assert today.promise_model.rowCount() == 1


def test_open_is_reached_by_tab_and_opens_the_chosen_promise(shell, qtbot, clock):
    promise_id, _ = _log(shell, clock, "Mr Jones", "Phone back about the part", due_in_days=1)
    today = _today_by_keyboard(shell, qtbot)
    view = today.promise_view
    _tab_to(view)
    QTest.keyClick(view, Key.Key_Home)
    assert today.open_promise_button.isEnabled()
    opened: list[tuple[str, str]] = []
    shell.context.open_record.connect(lambda kind, rid: opened.append((kind, rid)))
    _tab_to(today.open_promise_button)
    QTest.keyClick(today.open_promise_button, Key.Key_Space)
    assert opened == [("promise", promise_id)]


def test_the_due_table_names_the_customer(shell, qtbot, clock):
    _log(shell, clock, "Mr Jones", "Phone back about the part", due_in_days=1)
    today = _today_by_keyboard(shell, qtbot)
    model = today.promise_model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Due", "Customer", "Promise"]
    assert model.data(model.index(0, 1)) == "Mr Jones"
    assert model.data(model.index(0, 2)) == "Phone back about the part"


def test_today_shows_real_names_and_the_tray_only_pseudonyms(shell, qtbot, clock):
    from PySide6.QtGui import QIcon

    from journal_app.ui.settings import AppSettings
    from journal_app.ui.tray import ReminderTray

    tray = ReminderTray(QIcon(), AppSettings())
    notices: list[str] = []
    tray.notified.connect(notices.append)
    tray.watch(shell.context)  # nothing due yet: the first count is silent

    promise_id, pseudonym = _log(shell, clock, "Mr Jones", "Ring Mr Jones about the part", due_in_days=0)
    clock.advance(days=2)  # now overdue
    today = _today_by_keyboard(shell, qtbot)
    [on_today] = [r.message for r in today.reminder_model.reminders() if r.subject.id == promise_id
                  and r.rule == "promise-overdue"]
    assert "Mr Jones" in on_today and pseudonym not in on_today
    assert "“Ring Mr Jones about the part”" in on_today  # the learner's own words, as typed
    assert today.selected_message.text() == on_today

    tray.check()
    qtbot.waitUntil(lambda: bool(notices))
    tray.show_locked()
    tray.hide()
    [notice] = notices
    assert pseudonym in notice
    assert "Jones" not in notice
