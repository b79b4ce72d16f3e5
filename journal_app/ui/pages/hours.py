"""Hours: log time on placement and off-the-job training, and see progress to the target."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...errors import InvalidInput, JournalError
from ...journal.records import Hours
from ...services.actions.records import delete_record, save_record
from ..models.hours import HoursTableModel, HoursTotals, duration
from ..widgets import common
from ..widgets.record_view import (
    add_row,
    date_edit,
    hint,
    iso,
    select_where,
    selected,
    table_view,
)
from .base import Page


class HoursPage(Page):
    title = "Hours"
    object_name = "hours_page"

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = self.tr("Hours")
        layout = QVBoxLayout(self)
        layout.addWidget(common.page_title(self.tr("Hours")))

        progress_box = QGroupBox(self.tr("Off-the-job training"))
        progress_layout = QVBoxLayout(progress_box)
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Off-the-job hours against target"))
        self.progress.setTextVisible(True)
        progress_layout.addWidget(self.progress)
        self.totals = QLabel()
        self.totals.setWordWrap(True)
        self.totals.setAccessibleName(self.tr("Hours totals"))
        progress_layout.addWidget(self.totals)
        layout.addWidget(progress_box)

        log_box = QGroupBox(self.tr("Log time"))
        form = QFormLayout(log_box)
        self.date = date_edit(self.tr("Date"), context.now().date())
        self.date.setMaximumWidth(240)
        add_row(form, self.tr("Da&y:"), self.date)
        time_row = QWidget()
        time_layout = QHBoxLayout(time_row)
        time_layout.setContentsMargins(0, 0, 0, 0)
        self.hours = QSpinBox()
        self.hours.setRange(0, 24)
        self.hours.setSuffix(self.tr(" h"))
        self.hours.setValue(1)
        self.hours.setAccessibleName(self.tr("Hours"))
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 55)
        self.minutes.setSingleStep(5)
        self.minutes.setSuffix(self.tr(" min"))
        self.minutes.setAccessibleName(self.tr("Minutes"))
        time_layout.addWidget(self.hours)
        time_layout.addWidget(self.minutes)
        time_layout.addStretch(1)
        hours_label = add_row(form, self.tr("&Time:"), time_row)
        hours_label.setBuddy(self.hours)
        self.activity = QLineEdit()
        self.activity.setPlaceholderText(self.tr("e.g. Shadowed the service advisor; complaints training"))
        add_row(form, self.tr("&Activity:"), self.activity)
        self.off_the_job = QCheckBox(self.tr("O&ff-the-job training (learning away from normal work)"))
        self.off_the_job.setAccessibleName(self.tr("Off-the-job training"))
        form.addRow("", self.off_the_job)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Log hours"))
        self.add_button.setDefault(True)
        # The default button is drawn bold by the style sheet; leave room so its text isn't cut.
        self.add_button.setMinimumWidth(self.add_button.sizeHint().width() + 32)
        self.delete_button = QPushButton(self.tr("&Delete selected"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        layout.addWidget(log_box)

        self.model = HoursTableModel(self)
        self.table = table_view(self.model, self.tr("Hours logged"), self)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        layout.addWidget(self.table, 1)
        self.empty = hint(self.tr("No hours logged yet. Log each shift and each training session here."))
        layout.addWidget(self.empty)

        self.add_button.clicked.connect(self.log_hours)
        self.activity.returnPressed.connect(self.log_hours)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.selectionModel().selectionChanged.connect(
            lambda *a: self.delete_button.setEnabled(selected(self.table) is not None))
        self.delete_button.setEnabled(False)

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
        self._show_totals(totals, target)

    def clear(self) -> None:
        self.model.clear()
        self.progress.setValue(0)
        self.progress.setFormat("")
        self.totals.setText("")
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

    # --- internals -------------------------------------------------------------------
    def _show_totals(self, totals: HoursTotals, target: float | None) -> None:
        off_hours = totals.off_the_job_minutes / 60
        if target:
            self.progress.setRange(0, 1000)
            self.progress.setValue(min(1000, round(off_hours / target * 1000)))
            self.progress.setFormat(self.tr("%1 of %2 hours (%3%)").replace("%1", _number(off_hours))
                                    .replace("%2", _number(target))
                                    .replace("%3", str(round(off_hours / target * 100))))
        else:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.progress.setFormat(self.tr("No target set (add it in your profile)"))
        self.totals.setText(self.tr(
            "Off the job: %1 · On placement: %2 · This week: %3"
        ).replace("%1", duration(totals.off_the_job_minutes)).replace(
            "%2", duration(totals.placement_minutes)).replace("%3", duration(totals.week_minutes)))


def _number(value: float) -> str:
    """12.0 → "12", 12.25 → "12.3": hours to one decimal place at most."""
    return f"{value:.1f}".rstrip("0").rstrip(".")
