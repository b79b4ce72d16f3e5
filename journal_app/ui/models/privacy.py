"""Tables on the Privacy page: retention policies, what expires soon, holds and the audit trail."""

from __future__ import annotations

import json
from typing import Any

from ..formatting import choice_label, count_of, nice_date
from .record_table import Column, RecordTableModel


def _get(row: Any, name: str, default: Any = "") -> Any:
    value = row.get(name, default) if isinstance(row, dict) else getattr(row, name, default)
    return default if value is None else value


class PolicyTableModel(RecordTableModel[Any]):
    """Retention policies: category, how long, counted from what, then what happens."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column("category", self.tr("What"), lambda p: choice_label(_get(p, "category"))),
            Column("days", self.tr("Kept for"), 
                   lambda p: count_of(_get(p, "days", 0), self.tr("day"), self.tr("days")),
                   sort=lambda p: _get(p, "days", 0), align_right=True),
            Column("counts_from", self.tr("Counted from"), lambda p: choice_label(_get(p, "counts_from"))),
            Column("action", self.tr("Then"), lambda p: choice_label(_get(p, "action"))),
        ]


class RetentionItemModel(RecordTableModel[Any]):
    """Things that expire (or would change now): no real names, only pseudonyms."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column("due", self.tr("Due"), lambda i: nice_date(str(_get(i, "due"))),
                   sort=lambda i: str(_get(i, "due"))),
            Column("what", self.tr("What"), lambda i: _get(i, "description"),
                   tooltip=lambda i: _get(i, "description")),
            Column("category", self.tr("Policy"), lambda i: choice_label(_get(i, "category"))),
            Column("action", self.tr("Then"), lambda i: choice_label(_get(i, "action"))),
        ]


class HoldTableModel(RecordTableModel[Any]):
    def __init__(self, labels: dict[tuple[str, str], str] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.labels = labels or {}
        self.columns = [
            Column("subject", self.tr("Kept"), self._subject),
            Column("until", self.tr("Until"), lambda h: nice_date(str(_get(h, "until"))),
                   sort=lambda h: str(_get(h, "until"))),
            Column("reason", self.tr("Why"), lambda h: _get(h, "reason")),
        ]

    def _subject(self, hold: Any) -> str:
        key = (_get(hold, "record_type"), _get(hold, "record_id"))
        return self.labels.get(key, f"{choice_label(key[0])} {key[1]}")


class AuditTableModel(RecordTableModel[Any]):
    """The append-only trail: when, what happened, and counts (never whose data)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column("seq", self.tr("#"), lambda e: str(e.seq), sort=lambda e: e.seq, align_right=True),
            Column("at", self.tr("When"), lambda e: e.at.replace("T", " ")[:16], sort=lambda e: e.at),
            Column("event", self.tr("What happened"), lambda e: choice_label(e.event.replace("_", "-"))),
            Column("details", self.tr("Details"), lambda e: _details(e.details),
                   tooltip=lambda e: json.dumps(e.details, indent=1, sort_keys=True)),
        ]


def _details(details: dict[str, Any]) -> str:
    return ", ".join(f"{k.replace('_', ' ')}: {_short(v)}" for k, v in sorted(details.items()))


def _short(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    if isinstance(value, list):
        return str(len(value))
    return str(value)
