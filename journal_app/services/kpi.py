"""The measures a learner quotes: NPS, CSAT, first-contact resolution, promise-kept rate.

Pure functions over records, so the Insights page, the evidence pack and tests all
get the same numbers. Time comes in as ``today``; nothing reads the clock.

Public API:
- ``nps(scores)`` → % promoters (9–10) minus % detractors (0–6), or None with no answers.
- ``csat(scores)`` → % of 1–5 answers that are 4 or 5, or None.
- ``first_contact_resolution(interactions)`` → % of issues (enquiry, service and
  complaint interactions) resolved at the first contact, or None.
- ``promise_outcomes(promises, today)`` → counts by outcome, with open promises past
  their due date counted as ``overdue``.
- ``promise_kept_rate(promises, today)`` → kept on time / promises due, as %, or None.
  Promises due = kept + late + broken + overdue; renegotiated and cancelled ones
  had their terms changed by agreement, so they are left out rather than counted as failures.
- ``measures(journal, start=None, end=None, today=None)`` → ``Measures``: the overall
  values, a per-month series (``months``), interactions per week by kind (``weeks``)
  and the RATER breakdown (``rater``). ``measures_from(...)`` does the same over
  records the caller already holds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from ..journal.records import RATER, Feedback, Interaction, Promise
from .promise_terms import is_overdue, kept_share

if TYPE_CHECKING:
    from ..journal.journal import Journal

ISSUE_KINDS = ("enquiry", "service", "complaint")


def _percent(part: int, whole: int) -> float | None:
    return None if whole == 0 else 100.0 * part / whole


def nps(scores: Iterable[int | None]) -> float | None:
    answers = [s for s in scores if s is not None]
    promoters = sum(1 for s in answers if s >= 9)
    detractors = sum(1 for s in answers if s <= 6)
    if not answers:
        return None
    return 100.0 * (promoters - detractors) / len(answers)


def csat(scores: Iterable[int | None]) -> float | None:
    answers = [s for s in scores if s is not None]
    return _percent(sum(1 for s in answers if s >= 4), len(answers))


def first_contact_resolution(interactions: Iterable[Interaction]) -> float | None:
    issues = [i for i in interactions if i.kind in ISSUE_KINDS]
    return _percent(sum(1 for i in issues if i.resolved_first_contact), len(issues))


def promise_outcomes(promises: Iterable[Promise], today: date) -> dict[str, int]:
    """Counts of made, kept, late, broken, renegotiated, cancelled, open and overdue."""
    counts = Counter({k: 0 for k in ("kept", "late", "broken", "renegotiated", "cancelled", "open")})
    counts["overdue"] = 0
    made = 0
    for promise in promises:
        made += 1
        counts[promise.status] += 1
        if is_overdue(promise.status, promise.due, today):
            counts["overdue"] += 1
    counts["made"] = made
    return dict(counts)


def promise_kept_rate(promises: Iterable[Promise], today: date) -> float | None:
    return _percent(*kept_share(promise_outcomes(promises, today)))


@dataclass(frozen=True)
class MonthMeasures:
    month: str  # "2026-10"
    interactions: int
    complaints: int
    nps: float | None
    nps_answers: int
    csat: float | None
    csat_answers: int
    fcr: float | None
    issues: int
    promise_kept_rate: float | None
    promises_due: int


@dataclass(frozen=True)
class WeekCounts:
    week_start: str  # the Monday, "2026-09-28"
    by_kind: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())


@dataclass(frozen=True)
class RaterRow:
    dimension: str
    feedback: int
    nps: float | None
    csat: float | None
    with_action: int


@dataclass(frozen=True)
class Measures:
    nps: float | None
    nps_answers: int
    csat: float | None
    csat_answers: int
    fcr: float | None
    issues: int
    promise_kept_rate: float | None
    promises: dict[str, int]
    feedback: int
    feedback_with_action: int
    months: list[MonthMeasures] = field(default_factory=list)
    weeks: list[WeekCounts] = field(default_factory=list)
    rater: list[RaterRow] = field(default_factory=list)

    @property
    def promises_due(self) -> int:
        p = self.promises
        return p["kept"] + p["late"] + p["broken"] + p["overdue"]


def measures(
    journal: Journal, start: date | None = None, end: date | None = None, today: date | None = None
) -> Measures:
    """Measures over the period (inclusive local dates); ``today`` defaults to the journal's clock."""
    from ..journal import export_queries as q

    today = today or journal.now().date()
    return measures_from(
        q.interactions_in(journal, start, end), q.feedback_in(journal, start, end),
        q.promises_due_in(journal, start, end), today,
    )


def measures_from(
    interactions: list[Interaction], feedback: list[Feedback], promises: list[Promise], today: date
) -> Measures:
    outcomes = promise_outcomes(promises, today)
    return Measures(
        nps=nps(f.nps for f in feedback),
        nps_answers=sum(1 for f in feedback if f.nps is not None),
        csat=csat(f.csat for f in feedback),
        csat_answers=sum(1 for f in feedback if f.csat is not None),
        fcr=first_contact_resolution(interactions),
        issues=sum(1 for i in interactions if i.kind in ISSUE_KINDS),
        promise_kept_rate=promise_kept_rate(promises, today),
        promises=outcomes,
        feedback=len(feedback),
        feedback_with_action=sum(1 for f in feedback if f.action_taken.strip()),
        months=_months(interactions, feedback, promises, today),
        weeks=_weeks(interactions),
        rater=_rater(feedback),
    )


def _months(
    interactions: list[Interaction], feedback: list[Feedback], promises: list[Promise], today: date
) -> list[MonthMeasures]:
    by_i: dict[str, list[Interaction]] = defaultdict(list)
    by_f: dict[str, list[Feedback]] = defaultdict(list)
    by_p: dict[str, list[Promise]] = defaultdict(list)
    for i in interactions:
        by_i[i.at[:7]].append(i)
    for f in feedback:
        by_f[f.at[:7]].append(f)
    for p in promises:
        by_p[p.due[:7]].append(p)
    out = []
    for month in sorted(set(by_i) | set(by_f) | set(by_p)):
        its, fbs, prs = by_i[month], by_f[month], by_p[month]
        due = promise_outcomes(prs, today)
        out.append(MonthMeasures(
            month=month,
            interactions=len(its),
            complaints=sum(1 for i in its if i.kind == "complaint"),
            nps=nps(f.nps for f in fbs),
            nps_answers=sum(1 for f in fbs if f.nps is not None),
            csat=csat(f.csat for f in fbs),
            csat_answers=sum(1 for f in fbs if f.csat is not None),
            fcr=first_contact_resolution(its),
            issues=sum(1 for i in its if i.kind in ISSUE_KINDS),
            promise_kept_rate=promise_kept_rate(prs, today),
            promises_due=due["kept"] + due["late"] + due["broken"] + due["overdue"],
        ))
    return out


def _weeks(interactions: list[Interaction]) -> list[WeekCounts]:
    counts: dict[date, Counter[str]] = defaultdict(Counter)
    for i in interactions:
        day = date.fromisoformat(i.at[:10])
        counts[day - timedelta(days=day.weekday())][i.kind] += 1
    if not counts:
        return []
    # Quiet weeks show as zero rather than vanishing from the chart.
    first, last = min(counts), max(counts)
    weeks, week = [], first
    while week <= last:
        weeks.append(WeekCounts(week.isoformat(), dict(counts.get(week, {}))))
        week += timedelta(days=7)
    return weeks


def _rater(feedback: list[Feedback]) -> list[RaterRow]:
    rows = []
    for dimension in RATER:
        fbs = [f for f in feedback if f.dimension == dimension]
        rows.append(RaterRow(
            dimension=dimension,
            feedback=len(fbs),
            nps=nps(f.nps for f in fbs),
            csat=csat(f.csat for f in fbs),
            with_action=sum(1 for f in fbs if f.action_taken.strip()),
        ))
    return rows
