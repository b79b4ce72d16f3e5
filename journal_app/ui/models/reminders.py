"""Reminders grouped by urgency, as a two-level Qt model: group rows, then reminders.

The model adapts ``services.rules.reminders`` results and holds no rule of its own.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from .. import theme

REMINDER_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("What needs doing", "When")
SHOWN_PER_GROUP = 100  # the rest are counted in the group's title; nobody scrolls past 100
# Severity -> palette role (journal_app/ui/palette.py), so each reads at 4.5:1 in either theme.
SEVERITY_ROLES = {"overdue": "overdue", "due-soon": "due_soon", "missing": "todo", "info": "info"}


def tr(text: str) -> str:
    return QCoreApplication.translate("ReminderModel", text)


def when_text(reminder: Any, today: date) -> str:
    moment: datetime | None = reminder.due or reminder.since
    if reminder.due_date is not None:
        day = reminder.due_date
    elif moment is not None:
        day = moment.date()
    else:
        return ""
    delta = (day - today).days
    if delta == 0:
        return tr("today")
    if delta == 1:
        return tr("tomorrow")
    if delta == -1:
        return tr("yesterday")
    if delta < 0:
        return tr("{n} days ago").format(n=-delta)
    if delta < 7:
        return day.strftime("%A")
    return day.strftime("%d %b")


class ReminderModel(QAbstractItemModel):
    """Top level: one row per urgency group ("Overdue (2)"); children: its reminders."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[tuple[str, str, list[Any]]] = []  # (severity, title, reminders)
        self._totals: dict[str, int] = {}
        self._today = date.today()

    def set_reminders(self, groups: list[tuple[str, list[Any]]], titles: dict[str, str], today: date) -> None:
        self.beginResetModel()
        self._today = today
        self._totals = {severity: len(items) for severity, items in groups}
        self._groups = [
            (severity, tr(titles.get(severity, severity)), list(items)[:SHOWN_PER_GROUP])
            for severity, items in groups
        ]
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._groups = []
        self.endResetModel()

    def reminder_count(self) -> int:
        return sum(len(items) for _s, _t, items in self._groups)

    def reminders(self) -> list[Any]:
        return [r for _s, _t, items in self._groups for r in items]

    def reminder_at(self, index: Index) -> Any:
        return index.data(REMINDER_ROLE) if index.isValid() else None

    def index_of(self, key: str) -> QModelIndex:
        for g, (_s, _t, items) in enumerate(self._groups):
            for r, reminder in enumerate(items):
                if reminder.key == key:
                    return self.index(r, 0, self.index(g, 0))
        return QModelIndex()

    # --- Qt model API ---------------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0)  # group rows carry 0
        return self.createIndex(row, column, parent.row() + 1)  # reminders: their group + 1

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not index.isValid():
            return QModelIndex()
        group = index.internalId() - 1
        if group < 0 or group >= len(self._groups):
            return QModelIndex()
        return self.createIndex(group, 0, 0)

    def _is_group(self, index: Index) -> bool:
        return index.internalId() == 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if not parent.isValid():
            return len(self._groups)
        if parent.column() == 0 and self._is_group(parent):
            return len(self._groups[parent.row()][2])
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if self._is_group(index):
            severity, title, items = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
                total = self._totals.get(severity, len(items))
                if total > len(items):
                    return tr("{title} ({total}, showing the first {n})").format(
                        title=title, total=total, n=len(items))
                return f"{title} ({total})"
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ForegroundRole and index.column() == 0:
                return QBrush(QColor(getattr(theme.roles(), SEVERITY_ROLES.get(severity, "info"))))
            return None
        reminder = self._groups[index.internalId() - 1][2][index.row()]
        if role == REMINDER_ROLE:
            return reminder
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return reminder.message if index.column() == 0 else when_text(reminder, self._today)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{reminder.message} {when_text(reminder, self._today)}".strip()
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(COLUMNS[section])
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._is_group(index):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
