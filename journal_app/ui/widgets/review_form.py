"""A Plan-Do-Check-Act review of one objective, with the metric's value on the day."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QVBoxLayout, QWidget

from ...journal.records import Review
from .common import text_area
from .objective_form import number_box, read_number
from .record_view import add_row, date_edit, emit_checked, iso, qdate


class ReviewForm(QWidget):
    saved = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editing: Review | None = None
        self._objective = ""
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.at = date_edit(self.tr("Review date"), date.today())
        add_row(form, self.tr("Review &date:"), self.at)
        self.metric_value = number_box(self.tr("value"))
        add_row(form, self.tr("&Measured value:"), self.metric_value)
        self.plan = text_area(self.tr("Plan: what did you plan to do?"), max_height=56)
        add_row(form, self.tr("&Plan:"), self.plan)
        self.do = text_area(self.tr("Do: what did you actually do?"), max_height=56)
        add_row(form, self.tr("D&o:"), self.do)
        self.check = text_area(self.tr("Check: what did the numbers and comments show?"), max_height=56)
        add_row(form, self.tr("C&heck:"), self.check)
        self.act = text_area(self.tr("Act: what will you change next?"), max_height=56)
        add_row(form, self.tr("A&ct:"), self.act)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Save review"))
        self.buttons.accepted.connect(lambda: emit_checked(self, self.saved, self.value))
        layout.addWidget(self.buttons)

    def edit(self, objective_id: str, review: Review | None, today: date) -> None:
        self._objective = objective_id
        self._editing = review
        r = review or Review(objective=objective_id, at=today.isoformat())
        self.at.setDate(qdate(date.fromisoformat(r.at)))
        self.metric_value.setText("" if r.metric_value is None else f"{r.metric_value:g}")
        for name in ("plan", "do", "check", "act"):
            getattr(self, name).setPlainText(getattr(r, name))

    def value(self) -> Review:
        base = self._editing or Review(objective=self._objective)
        return dataclasses.replace(
            base, objective=self._objective, at=iso(self.at),
            # Text that isn't a number goes through on purpose: validation then names the field.
            metric_value=read_number(self.metric_value),  # type: ignore[arg-type]
            plan=self.plan.toPlainText().strip(), do=self.do.toPlainText().strip(),
            check=self.check.toPlainText().strip(), act=self.act.toPlainText().strip(),
            extra=dict(base.extra),
        )
