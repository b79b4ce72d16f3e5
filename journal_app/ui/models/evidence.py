"""Tables on the Evidence page: the evidence items and the criteria coverage map."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from ...journal.records import Evidence
from ..formatting import choice_label, nice_date
from ..palette import STATUS_FILL_TEXT, STATUS_FILLS
from .record_table import Column, RecordTableModel

# Red / amber / green fills with dark text on top, the same in light and dark themes.
STATUS_COLOURS = {status: QColor(fill) for status, fill in STATUS_FILLS.items()}


def file_size(size: int) -> str:
    for unit in ("bytes", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return ""


class EvidenceTableModel(RecordTableModel[Evidence]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column("at", self.tr("Date"), lambda e: nice_date(e.at), sort=lambda e: e.at or ""),
            Column("kind", self.tr("Kind"), lambda e: choice_label(e.kind)),
            Column("title", self.tr("Title"), lambda e: e.title or self.tr("(untitled)")),
            Column("file", self.tr("Attachment"), lambda e: e.file.name if e.file else ""),
            Column("criteria", self.tr("Criteria"),
                   lambda e: ", ".join(c.split(":", 1)[-1] for c in e.criteria),
                   sort=lambda e: len(e.criteria)),
        ]


@dataclass(frozen=True)
class CoverageRow:
    """One criterion on the coverage map and what supports it."""

    criterion: str  # "framework:code"
    code: str
    text: str
    status: str  # none (red), some (amber), green
    supporting: tuple[tuple[str, str, str], ...]  # (record type, id, label)


def _code_key(code: str) -> str:
    """"2.10" sorts after "2.9": each numeric part padded."""
    return ".".join(part.zfill(4) if part.isdigit() else part for part in code.split("."))


class CoverageTableModel(RecordTableModel[CoverageRow]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        names = {"none": self.tr("Red: nothing yet"), "some": self.tr("Amber: some evidence"),
                 "green": self.tr("Green: well evidenced")}
        self.columns = [
            Column("code", self.tr("Code"), lambda r: r.code, sort=lambda r: _code_key(r.code)),
            Column("text", self.tr("Criterion"), lambda r: r.text, tooltip=lambda r: r.text),
            Column("status", self.tr("Coverage"), lambda r: names.get(r.status, r.status),
                   sort=lambda r: ("none", "some", "green").index(r.status) if r.status in names else 9),
            Column("count", self.tr("Supporting"), lambda r: str(len(r.supporting)),
                   sort=lambda r: len(r.supporting), align_right=True),
        ]

    def extra_data(self, row: CoverageRow, column: Column[CoverageRow], role: int) -> Any:
        if column.name != "status":
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            return STATUS_COLOURS.get(row.status)
        if role == Qt.ItemDataRole.ForegroundRole and row.status in STATUS_COLOURS:
            return QColor(STATUS_FILL_TEXT)
        return None


def coverage_rows(journal: Any) -> list[CoverageRow]:
    """Adapt the criteria service's answer for the map (the rule for each colour lives there)."""
    from ...services.rules.criteria import coverage

    rows = []
    for item in coverage(journal):
        supporting = tuple(
            (s.record_type, s.record_id, " · ".join(x for x in (nice_date(s.date), s.title) if x))
            for s in item.supporting
        )
        rows.append(CoverageRow(item.ref, item.code, item.text, item.status, supporting))
    return rows
