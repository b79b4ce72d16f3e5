"""The Hours page's layout: progress to the off-the-job target, the form that logs time,
and the table of what is logged. ``hours.py`` fills it and logs or deletes through actions."""

from __future__ import annotations

from datetime import date

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
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..models.hours import HoursTableModel, HoursTotals, duration
from ..widgets import common
from ..widgets.record_view import add_row, date_edit, hint, table_view
from .base import PageView


class HoursView(PageView):
    title = "Hours"
    object_name = "hours_page"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Hours")
        outer = QVBoxLayout(self)
        outer.addWidget(common.page_title(self.tr("Hours")))
        # On a small screen at 150 % the form and table scroll together rather than squash.
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        scroll = common.scroll_area(self.tr("Hours"), body)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll, 1)

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
        self.date = date_edit(self.tr("Date"), date.today())  # the controller sets the journal's today
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
        self.table = table_view(self.model, self.tr("Hours logged"), body)
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 4)
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        layout.addWidget(self.table, 1)
        self.empty = hint(self.tr("No hours logged yet. Log each shift and each training session here."))
        layout.addWidget(self.empty)
        self.delete_button.setEnabled(False)

    # --- display helpers ---------------------------------------------------------------
    def show_totals(self, totals: HoursTotals, target: float | None) -> None:
        """Off-the-job hours against the target on the bar, and every total under it."""
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

    def clear_totals(self) -> None:
        self.progress.setValue(0)
        self.progress.setFormat("")
        self.totals.setText("")


def _number(value: float) -> str:
    """12.0 → "12", 12.25 → "12.3": hours to one decimal place at most."""
    return f"{value:.1f}".rstrip("0").rstrip(".")
