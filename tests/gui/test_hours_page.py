"""The Hours page: log time, see progress against the off-the-job target, delete a mistake."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from journal_app.journal.records import Hours, Learner
from journal_app.ui.models.hours import HoursTableModel, HoursTotals, duration
from journal_app.ui.models.record_table import ROW_ROLE
from journal_app.ui.pages.hours import HoursPage


def _page(qtbot, context):
    page = HoursPage(context)
    qtbot.addWidget(page)
    page.refresh()
    return page


def test_log_off_the_job_hours_moves_the_progress_bar(qtbot, context):
    context.journal.set_learner(Learner(name="Sam", off_the_job_target_hours=10))
    page = _page(qtbot, context)
    assert page.progress.text().startswith("0 of 10 hours")
    page.hours.setValue(2)
    page.minutes.setValue(30)
    qtbot.keyClicks(page.activity, "Complaints handling workshop")
    page.off_the_job.setChecked(True)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)

    [entry] = context.journal.hours.all()
    assert entry.minutes == 150 and entry.off_the_job and entry.date == "2026-10-06"
    assert page.model.rowCount() == 1
    assert page.table.model().index(0, 1).data() == "2h 30m"
    assert page.progress.text() == "2.5 of 10 hours (25%)"
    assert "Off the job: 2h 30m" in page.totals.text()
    assert page.activity.text() == ""  # ready for the next entry
    assert context.saves == 1


def test_zero_time_is_refused_and_nothing_is_logged(qtbot, context, shown_errors):
    page = _page(qtbot, context)
    page.hours.setValue(0)
    page.minutes.setValue(0)
    page.log_hours()
    assert "how long" in str(shown_errors[0])
    assert context.journal.hours.count() == 0


def test_without_a_target_the_bar_says_so(qtbot, context):
    page = _page(qtbot, context)
    assert "No target set" in page.progress.text()


def test_delete_selected_entry(qtbot, context):
    stored = context.journal.hours.add(Hours(date="2026-10-05", minutes=240, activity="Shift"))
    page = _page(qtbot, context)
    assert page.show_record("hours", stored.id)
    assert page.delete_selected()
    assert context.journal.hours.count() == 0
    assert page.model.rowCount() == 0


def test_totals_split_placement_and_off_the_job():
    entries = [Hours(date="2026-10-05", minutes=240), Hours(date="2026-10-06", minutes=60, off_the_job=True),
               Hours(date="2026-09-01", minutes=30, off_the_job=True)]
    totals = HoursTotals.of(entries, date(2026, 10, 6))
    assert (totals.placement_minutes, totals.off_the_job_minutes, totals.week_minutes) == (240, 90, 300)
    assert duration(90) == "1h 30m" and duration(45) == "45m" and duration(120) == "2h"


def test_model_passes_the_model_tester(qtmodeltester):
    model = HoursTableModel()
    model.set_rows([Hours(date="2026-10-05", minutes=240, activity="Shift"),
                    Hours(date="2026-10-06", minutes=60, off_the_job=True)])
    qtmodeltester.check(model)


def test_clicking_a_header_sorts_and_keeps_the_selection(qtbot, context):
    for day, minutes in (("2026-10-01", 30), ("2026-10-02", 300), ("2026-10-03", 90)):
        context.journal.hours.add(Hours(date=day, minutes=minutes))
    page = _page(qtbot, context)
    page.table.selectRow(0)  # newest first: 3 Oct
    chosen = page.table.selectionModel().selectedRows()[0].data(ROW_ROLE)
    page.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)
    model = page.table.model()
    assert [model.index(r, 1).data() for r in range(3)] == ["5h", "1h 30m", "30m"]
    assert page.table.selectionModel().selectedRows()[0].data(ROW_ROLE) is chosen
