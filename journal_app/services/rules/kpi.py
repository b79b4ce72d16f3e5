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
- ``response_hours(promise, started)`` → hours from the interaction (or, with none, from when
  the promise was recorded) to when it was closed, or None while it is open.
- ``service_levels(promises, started)`` → ``ServiceLevels``: of the closed promises and
  follow-ups with a response target, how many were answered within it ("8 of 10 within target").
- ``repeat_customers(interactions)`` → (customers with 2 or more interactions, customers seen):
  the loyalty / retention measure; ``repeat_rate`` is the first as a % of the second.
- ``measures(journal, start=None, end=None, today=None)`` → ``Measures``: the overall
  values, a per-month series (``months``), interactions per week by kind (``weeks``)
  and the RATER breakdown (``rater``). ``measures_from(...)`` does the same over
  records the caller already holds.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from ...journal.records import RATER, Feedback, Interaction, Promise
from .promise_terms import is_overdue, kept_share

if TYPE_CHECKING:
    from ...journal.journal import Journal

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


def response_hours(promise: Promise, started: str | None = None) -> float | None:
    """Hours from ``started`` (the interaction's time; the promise's own creation when there is
    none) to when the promise was closed; None while open or cancelled."""
    if not promise.closed_at or promise.status == "cancelled":
        return None
    start = started or promise.created_at
    if not start:
        return None
    try:
        delta = datetime.fromisoformat(promise.closed_at) - datetime.fromisoformat(start)
    except (TypeError, ValueError):  # a naive and an aware time can't be compared
        return None
    return max(delta.total_seconds() / 3600, 0.0)


def within_target(promise: Promise, started: str | None = None) -> bool | None:
    """True/False once a promise with a response target is closed; None otherwise."""
    hours = response_hours(promise, started)
    if hours is None or promise.response_target_hours is None:
        return None
    return hours <= promise.response_target_hours


@dataclass(frozen=True)
class ServiceLevels:
    """Closed promises and follow-ups with a response target, and how many met it."""

    measured: int = 0
    within: int = 0
    open_with_target: int = 0

    @property
    def rate(self) -> float | None:
        return _percent(self.within, self.measured)

    def sentence(self) -> str:
        if not self.measured:
            return "No promise with a response target has been closed yet"
        return f"{self.within} of {self.measured} within target"


def service_levels(promises: Iterable[Promise], started: dict[str, str] | None = None) -> ServiceLevels:
    """``started`` maps interaction ids to their times (the clock starts there)."""
    started = started or {}
    measured = within = still_open = 0
    for promise in promises:
        if promise.response_target_hours is None:
            continue
        if promise.is_open:
            still_open += 1
            continue
        met = within_target(promise, started.get(promise.interaction or ""))
        if met is None:
            continue
        measured += 1
        within += int(met)
    return ServiceLevels(measured, within, still_open)


def repeat_customers(interactions: Iterable[Interaction]) -> tuple[int, int]:
    """(customers with two or more interactions, customers seen at least once)."""
    counts = Counter(i.customer for i in interactions if i.customer)
    return sum(1 for n in counts.values() if n >= 2), len(counts)


def repeat_rate(interactions: Iterable[Interaction]) -> float | None:
    return _percent(*repeat_customers(interactions))


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
    repeat_rate: float | None = None
    customers_seen: int = 0


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
    repeat_customers: int = 0
    customers_seen: int = 0
    service: ServiceLevels = field(default_factory=ServiceLevels)

    @property
    def repeat_rate(self) -> float | None:
        return _percent(self.repeat_customers, self.customers_seen)

    @property
    def promises_due(self) -> int:
        p = self.promises
        return p["kept"] + p["late"] + p["broken"] + p["overdue"]


def measures(
    journal: Journal, start: date | None = None, end: date | None = None, today: date | None = None
) -> Measures:
    """Measures over the period (inclusive local dates); ``today`` defaults to the journal's clock."""
    from ...journal import export_queries as q

    today = today or journal.now().date()
    promises = q.promises_due_in(journal, start, end)
    return measures_from(
        q.interactions_in(journal, start, end), q.feedback_in(journal, start, end),
        promises, today, started=q.interaction_times(journal, (p.interaction or "" for p in promises)),
    )


def measures_from(
    interactions: list[Interaction], feedback: list[Feedback], promises: list[Promise], today: date,
    started: dict[str, str] | None = None,
) -> Measures:
    """``started`` maps interaction ids to their times for the response-time clock; by default
    the interactions given (a promise whose interaction is elsewhere counts from its recording)."""
    outcomes = promise_outcomes(promises, today)
    repeat, seen = repeat_customers(interactions)
    started = started if started is not None else {i.id: i.at for i in interactions}
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
        repeat_customers=repeat,
        customers_seen=seen,
        service=service_levels(promises, started),
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
        repeat, seen = repeat_customers(its)
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
            repeat_rate=_percent(repeat, seen),
            customers_seen=seen,
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
