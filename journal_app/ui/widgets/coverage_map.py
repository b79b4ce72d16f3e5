"""The criteria coverage map: every criterion red, amber or green, and what supports it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QSplitter, QVBoxLayout, QWidget

from ..models.evidence import CoverageRow, CoverageTableModel
from .record_view import choice_label, hint, select_where, selected, table_view


class CoverageMap(QWidget):
    open_entry = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(self.tr(
            "Red: nothing supports it yet. Amber: some evidence. Green: well evidenced (a signed witness "
            "testimony or several entries). Choose a criterion to see what supports it."
        )))
        self.summary = QLabel()
        self.summary.setAccessibleName(self.tr("Coverage summary"))
        layout.addWidget(self.summary)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = CoverageTableModel(self)
        self.table = table_view(self.model, self.tr("Criteria coverage"), self)
        splitter.addWidget(self.table)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.supporting_label = QLabel(self.tr("&What supports it:"))
        self.supporting = QListWidget()
        self.supporting.setAccessibleName(self.tr("What supports the chosen criterion"))
        self.supporting_label.setBuddy(self.supporting)
        right_layout.addWidget(self.supporting_label)
        right_layout.addWidget(self.supporting, 1)
        right_layout.addWidget(hint(self.tr("Double-click or press Enter to open it.")))
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.table.selectionModel().selectionChanged.connect(self._show_supporting)
        self.supporting.itemActivated.connect(self._activated)

    def show_working(self) -> None:
        """Coverage is being worked out (it reads every link, so on a worker)."""
        self.summary.setText(self.tr("Working out coverage…"))

    def show_failure(self, error: BaseException) -> None:
        from . import common

        self.summary.setText("")
        common.show_error(self, error)

    def show_rows(self, rows: list[CoverageRow]) -> None:
        keep = selected(self.table)
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(1, min(self.table.columnWidth(1), 420))
        counts = {s: sum(1 for r in rows if r.status == s) for s in ("green", "some", "none")}
        self.summary.setText(self.tr("%1 green · %2 amber · %3 red, of %4 criteria")
                             .replace("%1", str(counts["green"])).replace("%2", str(counts["some"]))
                             .replace("%3", str(counts["none"])).replace("%4", str(len(rows))))
        if keep is not None:
            select_where(self.table, lambda r: r.criterion == keep.criterion)
        self._show_supporting()

    def clear(self) -> None:
        self.model.clear()
        self.supporting.clear()
        self.summary.setText("")

    def _show_supporting(self, *args: object) -> None:
        self.supporting.clear()
        row = selected(self.table)
        if row is None:
            return
        if not row.supporting:
            self.supporting.addItem(self.tr("Nothing yet: map an interaction or evidence item to %1.")
                                    .replace("%1", row.code))
            return
        for record_type, record_id, label in row.supporting:
            item = QListWidgetItem(f"{choice_label(record_type)}: {label}")
            item.setData(Qt.ItemDataRole.UserRole, (record_type, record_id))
            self.supporting.addItem(item)

    def _activated(self, item: QListWidgetItem) -> None:
        target = item.data(Qt.ItemDataRole.UserRole)
        if target:
            self.open_entry.emit(*target)
