"""Add or edit a promise: what, for whom, what kind, by when, and the response target agreed
(with the measured response time once it is closed)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...errors import InvalidInput
from ...journal.records import PROMISE_KINDS, Promise
from ...services.rules.kpi import response_hours, within_target
from .record_view import (
    add_row,
    choice_label,
    combo,
    date_edit,
    emit_checked,
    heading,
    hint,
    iso,
    qdate,
    set_combo_value,
)


class PromiseForm(QWidget):
    saved = Signal(object)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editing: Promise | None = None
        layout = QVBoxLayout(self)
        self.title = heading(self.tr("New promise"))
        layout.addWidget(self.title)
        layout.addWidget(hint(self.tr(
            "Only promise what you can do. Write it so anyone could tell whether it was kept."
        )))
        form = QFormLayout()
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("e.g. Call back with the part's delivery date"))
        self.text.setMaximumHeight(90)
        add_row(form, self.tr("&What I promised:"), self.text)
        self.customer = combo([])
        add_row(form, self.tr("&Customer:"), self.customer)
        self.kind = combo([(k, choice_label(k)) for k in PROMISE_KINDS])
        add_row(form, self.tr("&Kind:"), self.kind)
        self.due = date_edit(self.tr("Due"), date.today())
        add_row(form, self.tr("&Due:"), self.due)
        target_row = QHBoxLayout()
        target_row.setContentsMargins(0, 0, 0, 0)
        self.target = QLineEdit()
        self.target.setPlaceholderText(self.tr("optional, e.g. 4"))
        self.target.setMaximumWidth(120)
        self.target_unit = combo([("hours", self.tr("hours")), ("days", self.tr("days"))],
                                 self.tr("Response target unit"))
        target_row.addWidget(self.target)
        target_row.addWidget(self.target_unit)
        target_row.addStretch(1)
        holder = QWidget()
        holder.setLayout(target_row)
        target_label = QLabel(self.tr("Response &target:"))
        target_label.setBuddy(self.target)
        self.target.setAccessibleName(self.tr("Response target"))
        form.addRow(target_label, holder)
        self.response = hint("")
        self.response.setAccessibleName(self.tr("Measured response time"))
        form.addRow("", self.response)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(lambda: emit_checked(self, self.saved, self.value))
        self.buttons.rejected.connect(self.cancelled)
        layout.addWidget(self.buttons)
        layout.addStretch(1)

    def set_customers(self, labels: dict[str, str]) -> None:
        current = self.customer.currentData()
        self.customer.clear()
        self.customer.addItem(self.tr("No particular customer"), None)
        for cid, label in sorted(labels.items(), key=lambda item: item[1].lower()):
            self.customer.addItem(label, cid)
        set_combo_value(self.customer, current)

    def edit(self, promise: Promise | None, today: date, started: str | None = None) -> None:
        """Show a promise (None: a new one); ``started`` is its interaction's time, when the
        response-time clock starts."""
        self._editing = promise
        p = promise or Promise(text="", due=(today + timedelta(days=1)).isoformat())
        self.title.setText(self.tr("Edit promise") if promise else self.tr("New promise"))
        self.text.setPlainText(p.text)
        set_combo_value(self.customer, p.customer)
        set_combo_value(self.kind, p.kind)
        self.due.setDate(qdate(date.fromisoformat(p.due)))
        hours = p.response_target_hours
        in_days = hours is not None and hours >= 24 and hours % 24 == 0
        set_combo_value(self.target_unit, "days" if in_days else "hours")
        self.target.setText("" if hours is None else f"{hours / 24 if in_days else hours:g}")
        self.response.setText(response_text(p, started) if promise else "")
        self.text.setFocus()

    def value(self) -> Promise:
        base = self._editing or Promise(text="")
        return dataclasses.replace(
            base, text=self.text.toPlainText().strip(), customer=self.customer.currentData(),
            kind=self.kind.currentData(), due=iso(self.due), extra=dict(base.extra),
            response_target_hours=self.target_hours(),
        )

    def target_hours(self) -> float | None:
        text = self.target.text().strip().replace(",", ".")
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            raise InvalidInput(self.tr(
                "Response target: type a number of hours or days, e.g. 4, or leave it empty.")) from None
        if value <= 0:
            raise InvalidInput(self.tr("Response target: type a number more than 0, or leave it empty."))
        return value * 24 if self.target_unit.currentData() == "days" else value


def response_text(promise: Promise, started: str | None) -> str:
    """"Answered in 3.5 hours: within the 4-hour target." and the like."""
    from ...services.export.content_marking import hours_text

    target = promise.response_target_hours
    taken = response_hours(promise, started)
    if taken is None:
        return f"Target: {hours_text(target)}. Not answered yet." if target is not None else ""
    answered = f"Answered in {hours_text(taken)}"
    if target is None:
        return answered + "."
    verdict = "within" if within_target(promise, started) else "outside"
    return f"{answered}: {verdict} the {hours_text(target)} target."
