"""Collect what goes into one evidence pack: the period's records, filtered and ready to redact."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from ...errors import InvalidInput
from ...journal import export_queries as q
from ...journal.journal import Journal
from ...journal.records import (
    Customer,
    Evidence,
    Feedback,
    Hours,
    Improvement,
    Interaction,
    Learner,
    Objective,
    Promise,
    Review,
)
from ..criteria import CriterionCoverage, coverage
from ..kpi import Measures, measures_from
from ..redaction import Redactor


@dataclass
class PackData:
    learner: Learner
    start: date | None
    end: date | None
    generated: datetime
    real_names: bool
    criteria_filter: list[str] | None
    customers: dict[str, Customer]
    interactions: list[Interaction]
    promises: list[Promise]
    feedback: list[Feedback]
    evidence: list[Evidence]
    objectives: list[Objective]
    reviews: dict[str, list[Review]]
    hours: list[Hours]
    coverage: list[CriterionCoverage]
    measures: Measures
    first_day: str | None = None
    improvements: list[Improvement] = field(default_factory=list)
    last_day: str | None = None
    redactor: Redactor | None = field(default=None, repr=False)
    _redacted: dict[str, str] = field(default_factory=dict, repr=False)

    def text(self, value: str | None) -> str:
        """Free text as it may appear in the pack: redacted unless real names were chosen."""
        if not value:
            return ""
        if self.redactor is None:
            return value
        # The same text shows up in several places (an account and the coverage map).
        done = self._redacted.get(value)
        if done is None:
            done = self._redacted[value] = self.redactor.redact(value)
        return done

    def customer(self, customer_id: str | None) -> str:
        """"Customer C — key, external", or the real name when the learner chose that."""
        customer = self.customers.get(customer_id or "")
        if customer is None:
            return "No customer recorded"
        return f"{customer.label(self.real_names)} — {customer.segment}, {customer.kind}"

    @property
    def testimonies(self) -> list[Evidence]:
        return [e for e in self.evidence if e.kind == "witness-testimony" or e.witness is not None]

    def included(self) -> set[tuple[str, str]]:
        """(type, id) of every record in the pack that can support a criterion."""
        pairs = {("interaction", i.id) for i in self.interactions}
        pairs |= {("evidence", e.id) for e in self.evidence}
        pairs |= {("objective", o.id) for o in self.objectives}
        pairs |= {("hours", h.id) for h in self.hours}
        return pairs


def check_period(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise InvalidInput(
            f"The start date ({start.isoformat()}) is after the end date ({end.isoformat()}). "
            "Swap them round or pick a different period."
        )


def check_criteria(journal: Journal, criteria: list[str] | None) -> list[str] | None:
    if criteria is None:
        return None
    known = {ref for ref, _ in journal.criteria()}
    wanted = [c.strip() for c in criteria if c.strip()]
    for ref in wanted:
        if ref not in known:
            raise InvalidInput(
                f'There is no criterion "{ref}" in this journal. Criteria are written like '
                "crm-unit:1.1 (the framework, a colon, then the criterion's code)."
            )
    return wanted or None


def gather(
    journal: Journal, *, start: date | None, end: date | None, criteria: list[str] | None,
    real_names: bool, now: datetime,
) -> PackData:
    all_interactions = q.interactions_in(journal, start, end)
    feedback = q.feedback_in(journal, start, end)
    promises = promises_all = q.promises_due_in(journal, start, end)
    evidence = q.evidence_in(journal, start, end)
    objectives = q.objectives_all(journal)
    interactions = all_interactions
    if criteria:
        wanted = set(criteria)
        interactions = [i for i in all_interactions if wanted & set(i.criteria)]
        kept = {i.id for i in interactions}
        promises = [p for p in promises if p.interaction in kept]
        evidence = [e for e in evidence if wanted & set(e.criteria) or kept & set(e.interactions)]
        objectives = [o for o in objectives if wanted & set(o.criteria)]
    objective_ids = {o.id for o in objectives}
    reviews: dict[str, list[Review]] = {}
    for review in q.reviews_in(journal, start, end):
        if review.objective in objective_ids:
            reviews.setdefault(review.objective, []).append(review)
    learner = journal.learner()
    data = PackData(
        learner=learner, start=start, end=end, generated=now, real_names=real_names,
        criteria_filter=criteria,
        customers={c.id: c for c in journal.customers.all()},
        interactions=interactions, promises=promises, feedback=feedback, evidence=evidence,
        objectives=objectives, reviews=reviews, hours=q.hours_in(journal, start, end),
        coverage=[],
        # Measures describe the learner's whole performance in the period, so a
        # criteria filter narrows the entries shown but not the numbers.
        measures=measures_from(all_interactions, feedback, promises_all, now.date()),
    )
    data.first_day, data.last_day = q.entry_span(journal)
    data.improvements = q.improvements_all(journal)
    data.coverage = coverage(journal, refs=criteria, within=data.included())
    if not real_names:
        keep = [learner.name, learner.assessor]
        keep += [e.witness.name for e in journal.evidence.all() if e.witness and e.witness.name]
        data.redactor = Redactor.for_journal(journal, keep=keep)
    return data
