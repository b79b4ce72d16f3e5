"""The improvements table on the Plans & reviews page."""

from __future__ import annotations

from typing import Any

from ...journal.records import Improvement
from ..formatting import nice_date
from .record_table import Column, RecordTableModel


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def before_after(m: Improvement) -> str:
    if m.before is None and m.after is None:
        return ""
    return f"{_number(m.before) or '?'} → {_number(m.after) or '?'}"


class ImprovementTableModel(RecordTableModel[Improvement]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column("change", self.tr("Change"), lambda m: m.change.replace("\n", " "),
                   tooltip=lambda m: m.change),
            Column("measure", self.tr("Measure"), lambda m: m.measure),
            Column("before_after", self.tr("Before → after"), before_after),
            Column("started", self.tr("Changed on"), lambda m: nice_date(m.started),
                   sort=lambda m: m.started or ""),
        ]
