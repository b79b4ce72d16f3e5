"""Plans & reviews: SMART objectives (with their actions and service model), their
Plan-Do-Check-Act reviews and the metric over time, and improvement records."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import QWidget

from ...journal import listings
from ...journal.records import Improvement, Objective, Review
from ..formatting import choice_label, nice_date
from ..models.plans import ObjectiveRow
from ..widgets.record_view import select_where, selected, today
from .base import Page
from .plans_view import IMPROVEMENTS_TAB, REVIEWS_TAB, PlansView


def metric_lines(objective: Objective, reviews: list[Review], names: dict[str, str]) -> dict:
    """The measured value at each review, with the baseline and target drawn as flat lines."""
    points = sorted((date.fromisoformat(r.at), r.metric_value) for r in reviews if r.metric_value is not None)
    if not points:
        return {}
    lines: dict[str, list[tuple[date, float]]] = {names["measured"]: points}
    first, last = points[0][0], points[-1][0]
    if objective.due:
        last = max(last, date.fromisoformat(objective.due))
    for key in ("baseline", "target"):
        value = getattr(objective, key)
        if value is not None:
            lines[names[key]] = [(first, value), (last, value)]
    return lines


def _short(text: str, limit: int = 60) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


class PlansPage(Page, PlansView):
    """Reads objectives, their reviews and improvements into the view; saves each form through
    ``save_record``."""

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.new_improvement_button.clicked.connect(self.new_improvement)
        self.improvement_form.saved.connect(self.save_improvement)
        self.improvement_table.selectionModel().selectionChanged.connect(self._show_improvement)
        self.new_button.clicked.connect(self.new_objective)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.form.saved.connect(self.save_objective)
        self.review_form.saved.connect(self.save_review)
        self.new_review_button.clicked.connect(self.new_review)
        self.review_table.selectionModel().selectionChanged.connect(self._show_review)

    def new_improvement(self) -> None:
        self.improvement_table.clearSelection()
        self.improvement_form.edit(None)
        self.tabs.setCurrentIndex(IMPROVEMENTS_TAB)
        self.improvement_form.change.setFocus()

    def save_improvement(self, improvement: Improvement) -> Improvement | None:
        return self.save_record(improvement)

    def _show_improvement(self, *args: object) -> None:
        self.improvement_form.edit(selected(self.improvement_table))

    def _refresh_improvements(self, journal: Any, labels: dict[str, str]) -> None:
        keep = selected(self.improvement_table)
        feedback = [(f.id, f"{nice_date(f.at)} — {_short(f.comment) or choice_label(f.source)}")
                    for f in journal.feedback.all()]
        objectives = [(o.id, _short(o.specific) or o.metric or o.id) for o in journal.objectives.all()]
        self.improvement_form.set_choices(feedback, objectives)
        self.improvement_model.set_rows(journal.improvements.all())
        self.improvement_table.resizeColumnsToContents()
        self.improvement_table.setColumnWidth(0, min(max(self.improvement_table.columnWidth(0), 160), 320))
        if keep is None or not select_where(self.improvement_table, lambda m: m.id == keep.id):
            self.improvement_form.edit(None)

    # --- Page contract ---------------------------------------------------------------
    def refresh(self) -> None:
        journal = self.context.journal
        if journal is None:
            return
        keep = self.current()
        labels = listings.customer_labels(journal)
        self.form.set_choices(labels, journal.criteria())
        counts: dict[str, int] = {}
        for review in journal.reviews.all():
            counts[review.objective] = counts.get(review.objective, 0) + 1
        self.model.set_rows([
            ObjectiveRow(o, labels.get(o.customer or "", ""), counts.get(o.id, 0))
            for o in journal.objectives.all()
        ])
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(0, min(max(self.table.columnWidth(0), 160), 320))
        if keep is None or not select_where(self.table, lambda r: r.objective.id == keep.id):
            self._show_selected()
        self._refresh_improvements(journal, labels)

    def clear(self) -> None:
        self.model.clear()
        self.review_model.clear()
        self.form.set_choices({}, [])
        self.form.edit(None, self._today())
        self.review_form.edit("", None, self._today())
        self.chart.show_nothing()
        self.improvement_model.clear()
        self.improvement_form.set_choices([], [])
        self.improvement_form.edit(None)

    def show_record(self, record_type: str, record_id: str) -> bool:
        journal = self.context.journal
        if record_type not in ("objective", "review", "objective-review", "improvement") or journal is None:
            return False
        self.refresh()
        if record_type == "improvement":
            self.tabs.setCurrentIndex(IMPROVEMENTS_TAB)
            return select_where(self.improvement_table, lambda m: m.id == record_id)
        if record_type == "objective-review":  # "Review it": the objective, on its PDCA tab
            found = select_where(self.table, lambda r: r.objective.id == record_id)
            self.tabs.setCurrentIndex(REVIEWS_TAB)
            return found
        if record_type == "review":
            review = journal.reviews.find(record_id)
            if review is None or not select_where(self.table, lambda r: r.objective.id == review.objective):
                return False
            self.tabs.setCurrentIndex(REVIEWS_TAB)
            return select_where(self.review_table, lambda r: r.id == record_id)
        return select_where(self.table, lambda r: r.objective.id == record_id)

    # --- actions ---------------------------------------------------------------------
    def current(self) -> Objective | None:
        row = selected(self.table)
        return row.objective if row is not None else None

    def new_objective(self) -> None:
        self.table.clearSelection()
        self.form.edit(None, self._today())
        self.tabs.setCurrentIndex(0)
        self.form.specific.setFocus()

    def save_objective(self, objective: Objective) -> Objective | None:
        return self.save_record(objective)

    def new_review(self) -> None:
        objective = self.current()
        if objective is None:
            return
        self.review_table.clearSelection()
        self.review_form.edit(objective.id, None, self._today())
        self.review_form.plan.setFocus()

    def save_review(self, review: Review) -> Review | None:
        return self.save_record(review) if review.objective else None

    # --- internals -------------------------------------------------------------------
    def _today(self) -> date:
        return today(self.context)

    def _show_selected(self, *args: object) -> None:
        objective, journal = self.current(), self.context.journal
        self.tabs.setTabEnabled(REVIEWS_TAB, objective is not None)
        if objective is None or journal is None:
            self.form.edit(None, self._today())
            self.review_model.clear()
            self.chart.show_nothing()
            return
        self.form.edit(objective, self._today())
        reviews = journal.reviews.where(objective=objective.id)
        self.review_model.set_rows(reviews)
        self.review_table.resizeColumnsToContents()
        self.review_table.setColumnWidth(2, min(max(self.review_table.columnWidth(2), 180), 320))
        self.review_form.edit(objective.id, None, self._today())
        names = {"measured": objective.metric or self.tr("Measured"), "baseline": self.tr("Baseline"),
                 "target": self.tr("Target")}
        lines = metric_lines(objective, reviews, names)
        if lines:
            self.chart.show_lines(lines, objective.metric)
        else:
            self.chart.show_nothing(self.tr("add a review with a measured value to see the trend"))

    def _show_review(self, *args: object) -> None:
        objective, review = self.current(), selected(self.review_table)
        if objective is not None and review is not None:
            self.review_form.edit(objective.id, review, self._today())

