"""Tick the assessment criteria a record supports (space toggles, arrows move)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from ...journal.records import Criterion


class CriteriaPicker(QListWidget):
    changed = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setUniformItemSizes(True)
        self.setMinimumHeight(90)
        self.itemChanged.connect(lambda item: self.changed.emit())

    def set_criteria(self, criteria: Iterable[tuple[str, Criterion]]) -> None:
        keep = set(self.checked())
        self.blockSignals(True)
        self.clear()
        for ref, criterion in criteria:
            item = QListWidgetItem(f"{criterion.code}  {criterion.text}")
            item.setData(Qt.ItemDataRole.UserRole, ref)
            item.setToolTip(criterion.text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if ref in keep else Qt.CheckState.Unchecked)
            self.addItem(item)
        self.blockSignals(False)

    def set_checked(self, refs: Iterable[str]) -> None:
        wanted = set(refs)
        self.blockSignals(True)
        for row in range(self.count()):
            item = self.item(row)
            on = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.blockSignals(False)
        self.changed.emit()

    def checked(self) -> list[str]:
        return [
            self.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.count())
            if self.item(row).checkState() == Qt.CheckState.Checked
        ]
