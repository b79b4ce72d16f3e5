"""The Settings page: every field saves as it changes, typed in from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from journal_app.services.rules.reminder_settings import load_settings
from journal_app.ui.pages.settings import SettingsPage
from tests.gui.keyboard_support import show_active

Key = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier


def _page(qtbot, context) -> SettingsPage:
    page = SettingsPage(context)
    qtbot.addWidget(page)
    page.refresh()
    show_active(qtbot, page)
    return page


def _type_over(widget, text: str) -> None:
    widget.setFocus()
    QTest.keyClick(widget, Key.Key_A, CTRL)
    QTest.keyClicks(widget, text)
    QTest.keyClick(widget, Key.Key_Tab)
    QApplication.processEvents()


def test_each_reminder_threshold_is_kept_in_the_journal(qtbot, context):
    page = _page(qtbot, context)
    assert page.threshold_fields["follow_up_after_hours"].value() == 24  # the default, shown
    _type_over(page.threshold_fields["follow_up_after_hours"], "36")
    _type_over(page.threshold_fields["due_soon_hours"], "12")

    stored = load_settings(context.journal)
    assert (stored.follow_up_after_hours, stored.due_soon_hours) == (36, 12)
    assert context.saves >= 2


def test_stepping_a_contact_cadence_below_one_day_means_never(qtbot, context):
    page = _page(qtbot, context)
    spin = page.threshold_fields["cadence_key_days"]
    spin.setFocus()
    for _ in range(4):  # 30 days, then 10 at a time down to the end of the range
        QTest.keyClick(spin, Key.Key_PageDown)
    assert spin.text() == "Never"
    assert load_settings(context.journal).cadence_key_days is None


def test_working_days_and_time_zone(qtbot, context, shown_errors):
    page = _page(qtbot, context)
    monday, tuesday = page.working_days[0], page.working_days[1]
    assert [c.text() for c in page.working_days] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    for check in (monday, tuesday):
        check.setFocus()
        QTest.keyClick(check, Key.Key_Space)
    assert load_settings(context.journal).working_days == (1, 2)

    _type_over(page.timezone, "Europe/Dublin")
    assert load_settings(context.journal).timezone == "Europe/Dublin"

    _type_over(page.timezone, "Mars/Olympus")
    assert [str(e) for e in shown_errors] == [
        '"Mars/Olympus" is not a time zone this computer knows, e.g. Europe/London.']
    assert load_settings(context.journal).timezone == "Europe/Dublin"
    assert page.timezone.text() == "Europe/Dublin"  # the refused value is taken back


def test_tray_notifications_are_an_app_setting(qtbot, context):
    from journal_app.ui.settings import AppSettings

    page = _page(qtbot, context)
    before = AppSettings().tray_notifications
    assert page.tray.isChecked() == before
    page.tray.setFocus()
    QTest.keyClick(page.tray, Key.Key_Space)
    assert AppSettings().tray_notifications is (not before)


def test_your_details_are_saved_with_the_button(qtbot, context):
    page = _page(qtbot, context)
    _type_over(page.profile.name, "Sam Learner")
    assert context.journal.learner().name != "Sam Learner"  # nothing saved until asked
    page.profile_button.setFocus()
    QTest.keyClick(page.profile_button, Key.Key_Space)
    assert context.journal.learner().name == "Sam Learner"
    assert context.saves == 1
