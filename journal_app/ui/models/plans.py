"""Tables on the Plans & reviews page: SMART objectives and their PDCA reviews."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...journal.records import Objective, Review
from ...services.rules.smart import is_smart
from ..formatting import choice_label, nice_date
from .record_table import Column, RecordTableModel


@dataclass(frozen=True)
class ObjectiveRow:
    objective: Objective
    customer: str
    reviews: int


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


class ObjectiveTableModel(RecordTableModel[ObjectiveRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column("specific", self.tr("Objective"), lambda r: r.objective.specific.replace("\n", " "),
                   tooltip=lambda r: r.objective.specific),
            Column("metric", self.tr("Measure"), lambda r: r.objective.metric),
            Column("target", self.tr("Baseline → target"),
                   lambda r: f"{_number(r.objective.baseline)} → {_number(r.objective.target)}"
                   if r.objective.target is not None else ""),
            Column("due", self.tr("Due"), lambda r: nice_date(r.objective.due),
                   sort=lambda r: r.objective.due or ""),
            Column("smart", self.tr("SMART"),
                   lambda r: self.tr("Yes") if is_smart(r.objective) else self.tr("Not yet")),
            Column("status", self.tr("Status"), lambda r: choice_label(r.objective.status)),
            Column("reviews", self.tr("Reviews"), lambda r: str(r.reviews), sort=lambda r: r.reviews,
                   align_right=True),
        ]


class ReviewTableModel(RecordTableModel[Review]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column("at", self.tr("Date"), lambda r: nice_date(r.at), sort=lambda r: r.at),
            Column("value", self.tr("Measured"), lambda r: _number(r.metric_value),
                   sort=lambda r: -1e18 if r.metric_value is None else r.metric_value, align_right=True),
            Column("check", self.tr("What the numbers showed"), lambda r: r.check.replace("\n", " "),
                   tooltip=lambda r: r.check),
            Column("act", self.tr("Change next"), lambda r: r.act.replace("\n", " "),
                   tooltip=lambda r: r.act),
        ]
