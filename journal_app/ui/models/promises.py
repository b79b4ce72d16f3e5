"""The promises table: what was promised, to whom, by when, and what happened."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ...journal.records import Promise
from .. import theme
from ..formatting import choice_label, nice_date
from .record_table import Column, RecordTableModel


@dataclass(frozen=True)
class PromiseRow:
    promise: Promise
    customer: str  # the label shown for the customer, "" when none
    overdue: bool


def promise_rows(promises: list[Promise], labels: dict[str, str], today: date) -> list[PromiseRow]:
    from ...services.rules.promise_terms import is_overdue

    return [PromiseRow(p, labels.get(p.customer or "", ""), is_overdue(p.status, p.due, today))
            for p in promises]


class PromiseTableModel(RecordTableModel[PromiseRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column("due", self.tr("Due"), lambda r: nice_date(r.promise.due), sort=lambda r: r.promise.due),
            Column("text", self.tr("Promise"), lambda r: r.promise.text.replace("\n", " "),
                   tooltip=lambda r: r.promise.text),
            Column("customer", self.tr("Customer"), lambda r: r.customer),
            Column("kind", self.tr("Kind"), lambda r: choice_label(r.promise.kind)),
            Column("status", self.tr("Status"), self._status),
            Column("outcome", self.tr("Outcome"), lambda r: r.promise.outcome.replace("\n", " "),
                   tooltip=lambda r: r.promise.outcome),
        ]

    def _status(self, row: PromiseRow) -> str:
        if row.overdue:
            return self.tr("Overdue")
        return choice_label(row.promise.status)

    def extra_data(self, row: PromiseRow, column: Column[PromiseRow], role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue and column.name in ("due", "status"):
            return QColor(theme.roles().overdue)
        return None


class DuePromisesModel(RecordTableModel[Promise]):
    """Today's "due today and tomorrow" table: when, to whom, what. The learner's own unlocked
    window, so customers are shown by the name the app shows everywhere (``customers``:
    customer id → label, the pseudonym once anonymised)."""

    def __init__(self, today: date, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = today
        self.customers: dict[str, str] = {}
        self.columns = [
            Column("due", self.tr("Due"),
                   lambda p: self.tr("Today") if p.due == self.today.isoformat() else self.tr("Tomorrow")),
            Column("customer", self.tr("Customer"), lambda p: self.customers.get(p.customer or "", "")),
            Column("text", self.tr("Promise"), lambda p: p.text.replace("\n", " "),
                   tooltip=lambda p: p.outcome or p.text),
        ]
