"""The interaction list: newest first, one light row per interaction (``journal.daily``)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from .. import theme
from ..formatting import choice_label
from .record_table import Column, RecordTableModel


def tr(text: str) -> str:
    return QCoreApplication.translate("InteractionModel", text)


def when(at: str) -> str:
    try:
        moment = datetime.fromisoformat(at)
    except ValueError:
        return at
    return f"{moment:%a} {moment.day} {moment:%b %Y, %H:%M}"


class InteractionTableModel(RecordTableModel[Any]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = (
            Column("when", tr("When"), lambda r: when(r.at), sort=lambda r: r.at),
            Column("customer", tr("Customer"), lambda r: r.customer or tr("—")),
            Column("kind", tr("Kind"), lambda r: choice_label(r.kind)),
            Column("channel", tr("Channel"), lambda r: choice_label(r.channel)),
            Column("summary", tr("Summary"), lambda r: r.summary.replace("\n", " "),
                   tooltip=lambda r: r.summary),
            Column("reflected", tr("Reflection"), lambda r: tr("Done") if r.reflected else tr("To do")),
        )

    def extra_data(self, row: Any, column: Column[Any], role: int) -> Any:
        if column.name == "reflected" and role == Qt.ItemDataRole.ForegroundRole and not row.reflected:
            return QBrush(QColor(theme.roles().due_soon))
        return None

    def row_of(self, interaction_id: str) -> int:
        return next((n for n, r in enumerate(self._rows) if r.id == interaction_id), -1)
