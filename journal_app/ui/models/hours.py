"""The hours log table and the totals shown above it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from ...journal.records import Hours
from ..formatting import nice_date
from .record_table import Column, RecordTableModel


def duration(minutes: int) -> str:
    """135 → "2h 15m"."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest}m"
    return f"{hours}h {rest:02d}m" if rest else f"{hours}h"


@dataclass(frozen=True)
class HoursTotals:
    placement_minutes: int
    off_the_job_minutes: int
    week_minutes: int

    @classmethod
    def of(cls, entries: list[Hours], today: date) -> HoursTotals:
        week_start = (today - timedelta(days=today.weekday())).isoformat()
        return cls(
            sum(h.minutes for h in entries if not h.off_the_job),
            sum(h.minutes for h in entries if h.off_the_job),
            sum(h.minutes for h in entries if week_start <= h.date <= today.isoformat()),
        )


class HoursTableModel(RecordTableModel[Hours]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column("date", self.tr("Date"), lambda h: nice_date(h.date), sort=lambda h: h.date),
            Column("duration", self.tr("Time"), lambda h: duration(h.minutes), sort=lambda h: h.minutes,
                   align_right=True),
            Column("type", self.tr("Type"),
                   lambda h: self.tr("Off the job") if h.off_the_job else self.tr("On placement")),
            Column("activity", self.tr("Activity"), lambda h: h.activity.replace("\n", " "),
                   tooltip=lambda h: h.activity),
        ]
