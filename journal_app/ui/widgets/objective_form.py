"""The SMART objective editor: a field per letter and a live tick or cross for each, then the
plan's actions and the service model (RATER dimension) it is built on."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...journal.records import OBJECTIVE_STATUSES, SEGMENTS, Criterion, Objective
from ...services.rules.smart import check_objective
from .. import theme
from .common import text_area
from .criteria_picker import CriteriaPicker
from .plan_actions import PlanActionsEditor, ServiceModelFields
from .record_view import OptionalDate, add_row, choice_label, combo, emit_checked, heading, set_combo_value

TICK, CROSS = "✓", "✗"


def number_box(placeholder: str) -> QLineEdit:
    box = QLineEdit()
    box.setPlaceholderText(placeholder)
    box.setMaximumWidth(120)
    return box


def read_number(box: QLineEdit) -> float | str | None:
    """A number, None when empty, or the raw text (the journal then names the field)."""
    text = box.text().strip().replace(",", ".")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text


class SmartChecks(QFrame):
    """Five rows: the letter with ✓ or ✗, and advice for what's missing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        grid = QGridLayout(self)
        self.marks: dict[str, QLabel] = {}
        self.advice: dict[str, QLabel] = {}
        for row, letter in enumerate("SMART"):
            mark = QLabel()
            mark.setTextFormat(Qt.TextFormat.PlainText)
            advice = QLabel()
            advice.setWordWrap(True)
            grid.addWidget(mark, row, 0)
            grid.addWidget(advice, row, 1)
            self.marks[letter] = mark
            self.advice[letter] = advice
        grid.setColumnStretch(1, 1)

    def show_checks(self, objective: Objective) -> None:
        for check in check_objective(objective):
            mark = self.marks[check.letter]
            mark.setText(f"{check.letter} {TICK if check.ok else CROSS} {self.tr(check.name)}")
            verdict = self.tr("yes") if check.ok else self.tr("not yet")
            mark.setAccessibleName(f"{self.tr(check.name)}: {verdict}")
            roles = theme.roles()
            mark.setStyleSheet(f"color: {roles.success if check.ok else roles.overdue}; font-weight: bold;")
            self.advice[check.letter].setText(self.tr(check.advice))

    def passed(self) -> dict[str, bool]:
        return {letter: TICK in label.text() for letter, label in self.marks.items()}


class ObjectiveForm(QWidget):
    saved = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editing: Objective | None = None
        layout = QVBoxLayout(self)
        self.title = heading(self.tr("New objective"))
        layout.addWidget(self.title)
        self.checks = SmartChecks()
        layout.addWidget(self.checks)
        form = QFormLayout()
        self.specific = text_area(
            self.tr("e.g. Call every key customer back within 24 hours of a complaint"), max_height=64)
        add_row(form, self.tr("&Specific:"), self.specific)
        self.metric_name = QLineEdit()
        self.metric_name.setPlaceholderText(self.tr("e.g. CSAT, % called back in 24h"))
        add_row(form, self.tr("&Measure (metric):"), self.metric_name)
        self.baseline = number_box(self.tr("now"))
        add_row(form, self.tr("&Baseline:"), self.baseline)
        self.target = number_box(self.tr("goal"))
        add_row(form, self.tr("Targ&et:"), self.target)
        self.achievable = text_area(self.tr("Why can you do it? Time, help, skills"), max_height=64)
        add_row(form, self.tr("&Achievable:"), self.achievable)
        self.relevant = text_area(
            self.tr("Why does it matter to the customer or the business?"), max_height=64)
        add_row(form, self.tr("&Relevant:"), self.relevant)
        self.due = OptionalDate(self.tr("Due by"))
        add_row(form, self.tr("&Time-bound, due by:"), self.due)
        self.review = OptionalDate(self.tr("Review on"))
        add_row(form, self.tr("Re&view on:"), self.review)
        self.customer = combo([])
        add_row(form, self.tr("&Customer:"), self.customer)
        self.segment = combo([(None, self.tr("No particular group"))]
                             + [(s, choice_label(s)) for s in SEGMENTS])
        add_row(form, self.tr("Customer gr&oup:"), self.segment)
        self.status = combo([(s, choice_label(s)) for s in OBJECTIVE_STATUSES])
        add_row(form, self.tr("Stat&us:"), self.status)
        self.criteria = CriteriaPicker(self.tr("Criteria this objective supports"))
        add_row(form, self.tr("Cr&iteria:"), self.criteria)
        self.service_model = ServiceModelFields(self)
        self.service_model.add_to(form)
        self.plan_actions = PlanActionsEditor()
        actions_label = QLabel(self.tr("Actions (what, who, by when, resources):"))
        actions_label.setWordWrap(True)
        form.addRow(actions_label, self.plan_actions)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(lambda: emit_checked(self, self.saved, self.value))
        layout.addWidget(self.buttons)
        self.plan_actions.before = self.service_model.why
        self.plan_actions.after = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        for box in (self.specific, self.achievable, self.relevant):
            box.textChanged.connect(self._update_checks)
        for line in (self.metric_name, self.baseline, self.target):
            line.textChanged.connect(self._update_checks)
        self.due.changed.connect(self._update_checks)
        self.review.changed.connect(self._update_checks)
        self.plan_actions.changed.connect(self._update_checks)

    def set_choices(self, customers: dict[str, str], criteria: list[tuple[str, Criterion]]) -> None:
        current = self.customer.currentData()
        self.customer.clear()
        self.customer.addItem(self.tr("No particular customer"), None)
        for cid, label in sorted(customers.items(), key=lambda item: item[1].lower()):
            self.customer.addItem(label, cid)
        set_combo_value(self.customer, current)
        self.criteria.set_criteria(criteria)

    def edit(self, objective: Objective | None, today) -> None:  # date
        self._editing = objective
        o = objective or Objective()
        self.title.setText(self.tr("Edit objective") if objective else self.tr("New objective"))
        self.specific.setPlainText(o.specific)
        self.metric_name.setText(o.metric)
        self.baseline.setText("" if o.baseline is None else f"{o.baseline:g}")
        self.target.setText("" if o.target is None else f"{o.target:g}")
        self.achievable.setPlainText(o.achievable)
        self.relevant.setPlainText(o.relevant)
        self.due.set_value(o.due, today)
        self.review.set_value(o.review, today)
        set_combo_value(self.customer, o.customer)
        set_combo_value(self.segment, o.segment)
        set_combo_value(self.status, o.status)
        self.criteria.set_checked(o.criteria)
        self.service_model.load(o.service_model)
        self.plan_actions.set_actions(o.actions)
        self._update_checks()

    def value(self, lenient: bool = False) -> Objective:
        """The objective typed; a date that isn't one raises InvalidInput unless ``lenient``
        (the live checks then use the last date the field could read)."""
        base = self._editing or Objective()
        due, review = ((self.due.last_iso(), self.review.last_iso()) if lenient
                       else (self.due.value(), self.review.value()))
        return dataclasses.replace(
            base, specific=self.specific.toPlainText().strip(), metric=self.metric_name.text().strip(),
            # Text that isn't a number goes through on purpose: validation then names the field.
            baseline=read_number(self.baseline), target=read_number(self.target),  # type: ignore[arg-type]
            achievable=self.achievable.toPlainText().strip(), relevant=self.relevant.toPlainText().strip(),
            due=due, review=review, customer=self.customer.currentData(),
            segment=self.segment.currentData(), status=self.status.currentData(),
            criteria=self.criteria.checked(), extra=dict(base.extra),
            service_model=self.service_model.value(), actions=self.plan_actions.typed(lenient),
        )

    def _update_checks(self, *args: object) -> None:
        draft = self.value(lenient=True)
        for name in ("baseline", "target"):  # half-typed numbers count as missing, not as errors
            if not isinstance(getattr(draft, name), float):
                setattr(draft, name, None)
        self.checks.show_checks(draft)
