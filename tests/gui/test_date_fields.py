"""Date fields by keyboard: one Tab stop, UK typing, a calendar on Alt+Down, empty means no date."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from journal_app.errors import InvalidInput

NOW = datetime(2026, 10, 6, 17, 0)  # a Tuesday
Key = Qt.Key


def _focused() -> QWidget | None:
    return QApplication.focusWidget()


def _between(qtbot, field: QWidget) -> tuple[QWidget, QLineEdit, QLineEdit]:
    """``field`` shown between two line edits, in an active window."""
    window = QWidget()
    layout = QVBoxLayout(window)
    before, after = QLineEdit(), QLineEdit()
    before.setObjectName("before")
    after.setObjectName("after")
    for widget in (before, field, after):
        layout.addWidget(widget)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    before.setFocus()
    qtbot.waitUntil(lambda: before.hasFocus())
    return window, before, after


def _field(optional: bool = False):
    from journal_app.ui.widgets.date_field import DateField

    field = DateField("Due by", optional=optional)
    field.now = lambda: NOW
    return field


def _type(widget: QWidget, text: str) -> None:
    QTest.keyClick(widget, Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(widget, text)


@pytest.mark.parametrize(("typed", "shown", "iso"), [
    ("26/11/2026", "Thu 26 Nov 2026", "2026-11-26"),
    ("26/11/26", "Thu 26 Nov 2026", "2026-11-26"),
    ("26/11", "Thu 26 Nov 2026", "2026-11-26"),
    ("26 Nov", "Thu 26 Nov 2026", "2026-11-26"),
    ("2026-11-26", "Thu 26 Nov 2026", "2026-11-26"),
    ("tomorrow", "Wed 7 Oct 2026", "2026-10-07"),
    ("fri", "Fri 9 Oct 2026", "2026-10-09"),
    ("+3", "Fri 9 Oct 2026", "2026-10-09"),
])
def test_typed_date_is_read_and_shown_back_on_tab(qtbot, typed, shown, iso):
    field = _field()
    _window, before, after = _between(qtbot, field)
    QTest.keyClick(before, Key.Key_Tab)
    assert _focused() is field.edit
    _type(field.edit, typed)
    QTest.keyClick(field.edit, Key.Key_Tab)
    assert _focused() is after  # one Tab stop: straight out of the field
    assert field.edit.text() == shown
    assert field.iso() == iso
    assert shown in field.edit.accessibleDescription()
    assert field.message.isHidden()


def test_a_date_field_is_one_tab_stop_both_ways(qtbot):
    field = _field(optional=True)
    field.set_date(date(2026, 11, 26))
    _window, before, after = _between(qtbot, field)
    QTest.keyClick(before, Key.Key_Tab)
    assert _focused() is field.edit
    QTest.keyClick(field.edit, Key.Key_Tab)
    assert _focused() is after
    QTest.keyClick(after, Key.Key_Backtab)
    assert _focused() is field.edit
    QTest.keyClick(field.edit, Key.Key_Backtab)
    assert _focused() is before


def test_bad_text_is_explained_under_the_field_and_refused(qtbot):
    field = _field()
    _window, before, _after = _between(qtbot, field)
    QTest.keyClick(before, Key.Key_Tab)
    _type(field.edit, "31/2")
    QTest.keyClick(field.edit, Key.Key_Tab)
    assert not field.message.isHidden()
    assert "there is no 31 February 2026" in field.message.text()
    assert "Not read" in field.edit.accessibleDescription()
    assert "26/11/2026" in field.edit.accessibleDescription()  # the form expected
    with pytest.raises(InvalidInput, match="Due by"):
        field.iso()
    field.edit.setFocus()
    _type(field.edit, "1/3")
    assert field.message.isHidden()  # fixed as soon as it reads
    assert field.iso() == "2026-03-01"


def test_an_optional_date_stays_empty_until_one_is_typed_and_delete_empties_it(qtbot):
    field = _field(optional=True)
    _window, before, after = _between(qtbot, field)
    assert field.iso() is None and field.edit.text() == ""
    QTest.keyClick(before, Key.Key_Tab)
    QTest.keyClick(field.edit, Key.Key_Tab)
    assert _focused() is after
    assert field.iso() is None and field.message.isHidden()  # passing through sets nothing
    QTest.keyClick(after, Key.Key_Backtab)
    _type(field.edit, "today")
    assert field.iso() == "2026-10-06"
    QTest.keyClick(field.edit, Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(field.edit, Key.Key_Delete)
    assert field.edit.text() == "" and field.iso() is None


def test_a_required_date_left_empty_is_refused(qtbot):
    field = _field()
    field.set_date(date(2026, 10, 6))
    _window, before, _after = _between(qtbot, field)
    QTest.keyClick(before, Key.Key_Tab)
    QTest.keyClick(field.edit, Key.Key_Delete)
    QTest.keyClick(field.edit, Key.Key_Tab)
    assert not field.message.isHidden()
    with pytest.raises(InvalidInput):
        field.iso()


@pytest.mark.parametrize("opener", [
    (Key.Key_Down, Qt.KeyboardModifier.AltModifier),
    (Key.Key_F4, Qt.KeyboardModifier.NoModifier),
])
def test_the_calendar_opens_from_the_keyboard_and_enter_picks(qtbot, opener):
    field = _field()
    field.set_date(date(2026, 11, 26))
    _window, before, _after = _between(qtbot, field)
    QTest.keyClick(before, Key.Key_Tab)
    QTest.keyClick(field.edit, opener[0], opener[1])
    popup = field.popup
    assert popup is not None and popup.isVisible()
    assert popup.calendar.selectedDate().toString("yyyy-MM-dd") == "2026-11-26"
    assert popup.isAncestorOf(_focused())  # the learner is in the month grid
    QTest.keyClick(_focused(), Key.Key_Right)  # the next day
    QTest.keyClick(_focused(), Key.Key_Return)
    assert not popup.isVisible()
    assert field.iso() == "2026-11-27"
    assert field.edit.text() == "Fri 27 Nov 2026"
    assert _focused() is field.edit


def test_escape_closes_the_calendar_without_changing_the_date(qtbot):
    field = _field()
    field.set_date(date(2026, 11, 26))
    _window, before, _after = _between(qtbot, field)
    QTest.keyClick(before, Key.Key_Tab)
    QTest.keyClick(field.edit, Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(_focused(), Key.Key_Right)
    QTest.keyClick(_focused(), Key.Key_Escape)
    assert not field.popup.isVisible()
    assert field.iso() == "2026-11-26"
    assert _focused() is field.edit


def test_the_calendar_button_is_inside_the_field_not_a_tab_stop():
    field = _field()
    assert field.calendar_action in field.edit.actions()
    focusable = [w for w in field.findChildren(QWidget)
                 if w.isVisibleTo(field) and w.focusPolicy() & Qt.FocusPolicy.TabFocus]
    assert focusable == [field.edit]


def test_a_date_time_field_reads_an_optional_time(qtbot):
    from journal_app.ui.widgets.date_field import DateTimeField

    field = DateTimeField("When")
    field.now = lambda: NOW
    field.set_datetime(NOW)
    _window, before, after = _between(qtbot, field)
    QTest.keyClick(before, Key.Key_Tab)
    _type(field.edit, "26/11 14:30")
    QTest.keyClick(field.edit, Key.Key_Tab)
    assert _focused() is after
    assert field.read() == datetime(2026, 11, 26, 14, 30)
    assert field.edit.text() == "Thu 26 Nov 2026 14:30"
    QTest.keyClick(after, Key.Key_Backtab)
    _type(field.edit, "yesterday")  # no time typed: the time shown stays
    assert field.read() == datetime(2026, 10, 5, 14, 30)
    _type(field.edit, "2pm")
    assert field.read() == datetime(2026, 10, 6, 14, 0)


# --- the real screens ------------------------------------------------------------------------


def _show(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_tab_from_channel_reaches_when_then_summary_in_one_press_each(shell, qtbot):
    _show(qtbot, shell)
    shell.new_interaction()
    editor = shell.pages["interactions"].editor
    form = editor.form
    form.what_happened.channel.setFocus()
    qtbot.waitUntil(lambda: form.what_happened.channel.hasFocus())
    QTest.keyClick(form.what_happened.channel, Key.Key_Tab)
    assert _focused() is form.what_happened.when.edit
    _type(form.what_happened.when.edit, "5/10 14:30")
    QTest.keyClick(form.what_happened.when.edit, Key.Key_Tab)
    assert _focused() is form.summary
    QTest.keyClicks(form.summary, "Booked her van in for Friday")
    assert form.summary.toPlainText() == "Booked her van in for Friday"
    assert form.draft()["when"] == "2026-10-05T14:30:00"  # drafts keep ISO text
    interaction_id = editor.save()
    assert interaction_id
    stored = shell.context.journal.interactions.get(interaction_id)
    assert stored.at.startswith("2026-10-05T14:30")


def test_a_promise_due_date_typed_as_a_weekday(shell, qtbot):
    _show(qtbot, shell)
    shell.new_interaction()
    editor = shell.pages["interactions"].editor
    form = editor.form
    form.summary.setFocus()
    QTest.keyClicks(form.summary, "Asked about a courtesy car")
    row = form.promise_rows[0]
    row.text.setFocus()
    QTest.keyClicks(row.text, "Ring back about the courtesy car")
    QTest.keyClick(row.text, Key.Key_Tab)
    assert _focused() is row.due.edit
    _type(row.due.edit, "fri")
    assert editor.save()
    [promise] = shell.context.journal.promises.all()
    assert promise.due == "2026-10-09"  # the clock's today is Tuesday 6 October 2026


def test_first_run_profile_by_keyboard_puts_each_answer_in_its_field(qtbot, clock):
    from journal_app.ui.widgets.learner_form import LearnerForm

    form = LearnerForm()
    form.start.now = form.end.now = lambda: NOW
    qtbot.addWidget(form)
    _show(qtbot, form)
    form.placement.setFocus()
    qtbot.waitUntil(lambda: form.placement.hasFocus())
    QTest.keyClicks(form.placement, "Service desk")
    for key_text in ("\t", "1/9/26", "\t", "\t", "Ms Jones", "\t", "120"):
        if key_text == "\t":
            QTest.keyClick(_focused(), Key.Key_Tab)
        else:
            QTest.keyClicks(_focused(), key_text)
    learner = form.learner()
    assert learner.placement == "Service desk"
    assert learner.start == "2026-09-01"
    assert learner.end is None  # passed through: no date, no reminders about it
    assert learner.assessor == "Ms Jones"
    assert learner.off_the_job_target_hours == 120
    assert form.problem() is None


def test_profile_with_an_unreadable_date_says_which(qtbot):
    from journal_app.ui.widgets.learner_form import LearnerForm

    form = LearnerForm()
    qtbot.addWidget(form)
    _show(qtbot, form)
    form.end.setFocus()
    qtbot.waitUntil(lambda: form.end.edit.hasFocus())
    QTest.keyClicks(form.end.edit, "next summer")
    problem = form.problem()
    assert problem and problem.startswith("Placement end:")
