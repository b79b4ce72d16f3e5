"""An improvement record: the change made, the measure before and after, the dates, and the
feedback or objective that prompted it."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from ...journal.records import Improvement
from .common import text_area
from .objective_form import number_box, read_number
from .record_view import OptionalDate, add_row, combo, emit_checked, heading, hint, set_combo_value


class ImprovementForm(QWidget):
    saved = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editing: Improvement | None = None
        layout = QVBoxLayout(self)
        self.title = heading(self.tr("New improvement"))
        layout.addWidget(self.title)
        layout.addWidget(hint(self.tr(
            "A change you made to how you work because of feedback or a plan, with a number before "
            "and after so your assessor can see it worked."
        )))
        form = QFormLayout()
        self.change = text_area(self.tr("e.g. I text customers as soon as their car is ready"), max_height=64)
        add_row(form, self.tr("What I &changed:"), self.change)
        self.why = text_area(
            self.tr("What prompted it? e.g. Two customers said nobody told them"), max_height=64)
        add_row(form, self.tr("Wh&y:"), self.why)
        self.measure = QLineEdit()
        self.measure.setPlaceholderText(self.tr("e.g. CSAT, complaints per week"))
        add_row(form, self.tr("&Measure:"), self.measure)
        self.before = number_box(self.tr("before"))
        add_row(form, self.tr("&Before:"), self.before)
        self.after = number_box(self.tr("after"))
        add_row(form, self.tr("&After:"), self.after)
        self.started = OptionalDate(self.tr("Changed on"))
        add_row(form, self.tr("Change ma&de on:"), self.started)
        self.measured = OptionalDate(self.tr("Measured after on"))
        add_row(form, self.tr("Measured af&ter on:"), self.measured)
        self.feedback = combo([])
        add_row(form, self.tr("Prompted by &feedback:"), self.feedback)
        self.objective = combo([])
        add_row(form, self.tr("Part of &objective:"), self.objective)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save improvement"))
        self.buttons.accepted.connect(lambda: emit_checked(self, self.saved, self.value))
        layout.addWidget(self.buttons)
        layout.addStretch(1)

    def set_choices(self, feedback: list[tuple[str, str]], objectives: list[tuple[str, str]]) -> None:
        """(id, label) of the feedback and objectives an improvement can name."""
        for box, items, empty in ((self.feedback, feedback, self.tr("No particular feedback")),
                                  (self.objective, objectives, self.tr("No particular objective"))):
            current = box.currentData()
            box.clear()
            box.addItem(empty, None)
            for record_id, label in items:
                box.addItem(label, record_id)
            set_combo_value(box, current)

    def edit(self, improvement: Improvement | None) -> None:
        self._editing = improvement
        m = improvement or Improvement(change="")
        self.title.setText(self.tr("Edit improvement") if improvement else self.tr("New improvement"))
        self.change.setPlainText(m.change)
        self.why.setPlainText(m.why)
        self.measure.setText(m.measure)
        self.before.setText("" if m.before is None else f"{m.before:g}")
        self.after.setText("" if m.after is None else f"{m.after:g}")
        self.started.set_value(m.started)
        self.measured.set_value(m.measured)
        set_combo_value(self.feedback, m.feedback)
        set_combo_value(self.objective, m.objective)

    def value(self) -> Improvement:
        base = self._editing or Improvement(change="")
        return dataclasses.replace(
            base, change=self.change.toPlainText().strip(), why=self.why.toPlainText().strip(),
            measure=self.measure.text().strip(),
            # Text that isn't a number goes through on purpose: validation then names the field.
            before=read_number(self.before), after=read_number(self.after),  # type: ignore[arg-type]
            started=self.started.value(), measured=self.measured.value(),
            feedback=self.feedback.currentData(), objective=self.objective.currentData(),
            extra=dict(base.extra),
        )
