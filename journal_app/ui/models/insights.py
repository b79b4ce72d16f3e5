"""What the Insights page draws, adapted from the KPI service's measures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ...journal.records import RATER
from ..formatting import choice_label


@dataclass
class InsightData:
    nps: float | None = None
    nps_count: int = 0
    csat: float | None = None
    csat_count: int = 0
    fcr: float | None = None
    fcr_count: int = 0
    kept: float | None = None
    kept_count: int = 0
    interactions: int = 0
    trends: dict[str, list[tuple[date, float]]] = field(default_factory=dict)  # nps/csat/fcr/kept
    week_labels: list[str] = field(default_factory=list)
    per_week: dict[str, list[float]] = field(default_factory=dict)  # kind → count per week
    rater_labels: list[str] = field(default_factory=list)
    rater_counts: list[float] = field(default_factory=list)
    repeat: float | None = None  # repeat-customer rate (loyalty)
    repeat_customers: int = 0
    customers_seen: int = 0
    within_target: float | None = None  # service levels
    within_target_text: str = ""


def insight_data(journal: Any, start: date | None, end: date) -> InsightData:
    """Ask the KPI service for the period's measures (runs on a worker thread)."""
    from ...services.rules.kpi import measures

    return from_measures(measures(journal, start=start, end=end, today=end))


def from_measures(m: Any) -> InsightData:
    data = InsightData(
        nps=m.nps, nps_count=m.nps_answers, csat=m.csat, csat_count=m.csat_answers,
        fcr=m.fcr, fcr_count=m.issues, kept=m.promise_kept_rate, kept_count=m.promises_due,
        interactions=sum(month.interactions for month in m.months),
        repeat=m.repeat_rate, repeat_customers=m.repeat_customers, customers_seen=m.customers_seen,
        within_target=m.service.rate, within_target_text=m.service.sentence(),
    )
    for key, field_name in (("nps", "nps"), ("csat", "csat"), ("fcr", "fcr"), ("kept", "promise_kept_rate")):
        data.trends[key] = [
            (date.fromisoformat(f"{month.month}-01"), getattr(month, field_name))
            for month in m.months if getattr(month, field_name) is not None
        ]
    weeks = sorted(m.weeks, key=lambda w: w.week_start)
    kinds = sorted({kind for week in weeks for kind in week.by_kind})
    # Short "7/9" labels: a dozen weeks must fit under the bars without being cut off.
    data.week_labels = [f"{d.day}/{d.month}" for d in (date.fromisoformat(w.week_start) for w in weeks)]
    data.per_week = {choice_label(kind): [float(w.by_kind.get(kind, 0)) for w in weeks] for kind in kinds}
    counts = {row.dimension: row.feedback for row in m.rater}
    data.rater_labels = [choice_label(d) for d in RATER]
    data.rater_counts = [float(counts.get(d, 0)) for d in RATER]
    return data
