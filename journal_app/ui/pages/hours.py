"""Hours: log time on placement and off-the-job training, and see progress to the target."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ...errors import InvalidInput, JournalError
from ...journal.records import Hours
from ...services.actions.records import delete_record, save_record
from ..models.hours import HoursTotals, duration
from ..widgets import common
from ..widgets.record_view import iso, select_where, selected
from .base import Page
from .hours_view import HoursView


class HoursPage(Page, HoursView):
    """Reads hours and the learner's target into the view; logs and deletes through actions."""

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.date.set_date(context.now().date())
        self.add_button.clicked.connect(self.log_hours)
        self.activity.returnPressed.connect(self.log_hours)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.selectionModel().selectionChanged.connect(
            lambda *a: self.delete_button.setEnabled(selected(self.table) is not None))

    # --- Page contract ---------------------------------------------------------------
    def refresh(self) -> None:
        journal = self.context.journal
        if journal is None:
            return
        entries = journal.hours.all()
        self.model.set_rows(entries)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not entries)
        totals = HoursTotals.of(entries, self.context.now().date())
        target = journal.learner().off_the_job_target_hours
        self.show_totals(totals, target)

    def clear(self) -> None:
        self.model.clear()
        self.clear_totals()
        self.activity.clear()

    def show_record(self, record_type: str, record_id: str) -> bool:
        if record_type in ("day", "placement"):
            # A day with nothing logged, or off-the-job hours behind: the form, ready to fill.
            if record_type == "day":
                from datetime import date

                from ..widgets.record_view import qdate

                try:
                    self.date.setDate(qdate(date.fromisoformat(record_id)))
                except ValueError:
                    return False
            else:
                self.off_the_job.setChecked(True)
            self.refresh()
            self.hours.setFocus()
            return True
        if record_type != "hours":
            return False
        self.refresh()
        return select_where(self.table, lambda h: h.id == record_id)

    # --- actions ---------------------------------------------------------------------
    def log_hours(self) -> Hours | None:
        journal = self.context.journal
        if journal is None:
            return None
        minutes = self.hours.value() * 60 + self.minutes.value()
        try:
            day = iso(self.date)
        except JournalError as error:
            common.show_error(self, error)
            return None
        entry = Hours(date=day, minutes=minutes, activity=self.activity.text().strip(),
                      off_the_job=self.off_the_job.isChecked())
        if minutes == 0:
            common.show_error(self, InvalidInput(self.tr(
                "Enter how long you spent (hours and minutes) before logging.")))
            return None
        try:
            stored = save_record(journal, entry).value
        except JournalError as error:
            common.show_error(self, error)
            return None
        self.activity.clear()
        self.context.request_save()
        self.refresh()
        select_where(self.table, lambda h: h.id == stored.id)
        self.activity.setFocus()
        return stored

    def delete_selected(self) -> bool:
        entry, journal = selected(self.table), self.context.journal
        if entry is None or journal is None:
            return False
        if not common.confirm(self, self.tr("Delete hours?"), self.tr(
                "Delete %1 logged on this day? This can't be undone.").replace(
                    "%1", duration(entry.minutes))):
            return False
        try:
            delete_record(journal, "hours", entry.id)
        except JournalError as error:
            common.show_error(self, error)
            return False
        self.context.request_save()
        self.refresh()
        return True
