"""What a pseudonymised export will hide: each personal detail found, what replaces it, how often."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ..formatting import choice_label
from .record_table import Column, RecordTableModel

if TYPE_CHECKING:
    from ...journal.journal import Journal


@dataclass(frozen=True)
class RedactionLine:
    found: str
    kind: str
    becomes: str
    times: int


def _inside(day: str | None, start: date | None, end: date | None) -> bool:
    if not day:
        return start is None and end is None
    return (start is None or day[:10] >= start.isoformat()) and (end is None or day[:10] <= end.isoformat())


def exported_texts(journal: Journal, start: date | None = None, end: date | None = None) -> Iterator[str]:
    """Every free text an export of this period would print (records without a date always go)."""
    for i in journal.interactions.all():
        if _inside(i.at, start, end):
            yield from (i.summary, i.reflection, i.adaptation, *i.star.to_dict().values())
            if i.complaint:
                yield from i.complaint.to_dict().values()
            if i.offer:
                yield from (i.offer.what, i.offer.need, i.offer.benefit)
            if i.rights:
                yield from (i.rights.consumer_notes, i.rights.personal_data, i.rights.data_handling)
            if i.boundaries:
                yield from (i.boundaries.declined, i.boundaries.why)
    for p in journal.promises.all():
        if _inside(p.due, start, end):
            yield from (p.text, p.outcome)
    for f in journal.feedback.all():
        if _inside(f.at, start, end):
            yield from (f.comment, f.action_taken)
    for e in journal.evidence.all():
        if e.at is None or _inside(e.at, start, end):
            yield from (e.title, e.description)
            if e.witness:
                yield e.witness.statement
    for o in journal.objectives.all():
        yield from (o.specific, o.achievable, o.relevant, *o.action_texts)
        if o.service_model:
            yield o.service_model.why
    for r in journal.reviews.all():
        yield from (r.plan, r.do, r.check, r.act)
    for h in journal.hours.all():
        if _inside(h.date, start, end):
            yield h.activity
    for m in journal.improvements.all():
        if (m.started is None and m.measured is None) or any(
                _inside(d, start, end) for d in (m.started, m.measured) if d):
            yield from (m.change, m.why, m.measure)


def redaction_preview(
    journal: Journal, start: date | None = None, end: date | None = None
) -> list[RedactionLine]:
    """Findings of the journal's redactor over an export's texts, most frequent first,
    with the special-category words it reports but does not hide."""
    from ...services.privacy.redaction import Redactor

    witnesses = [e.witness.name for e in journal.evidence.all() if e.witness and e.witness.name]
    redactor = Redactor.for_journal(journal, keep=witnesses)
    counts: Counter[tuple[str, str, str]] = Counter()
    for text in exported_texts(journal, start, end):
        if not isinstance(text, str) or not text:
            continue
        for finding in redactor.find(text, advisory=True):
            counts[(finding.text, finding.kind, finding.replacement)] += 1
    # The customer each record is about: its name is printed as the customer's code.
    for customer, times in exported_customers(journal, start, end):
        counts[(customer.name, "name", customer.pseudonym)] += times
    return [RedactionLine(found, kind, becomes, n)
            for (found, kind, becomes), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


class RedactionPreviewModel(RecordTableModel[RedactionLine]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.columns = [
            Column("found", self.tr("Found"), lambda r: r.found),
            Column("kind", self.tr("What it is"), lambda r: choice_label(r.kind)),
            Column("becomes", self.tr("Becomes"), lambda r: r.becomes),
            Column("times", self.tr("Times"), lambda r: str(r.times), sort=lambda r: r.times,
                   align_right=True),
        ]


def exported_customers(journal: Journal, start: date | None = None,
                       end: date | None = None) -> list[tuple[Any, int]]:
    """Each customer (not yet anonymised) that records of the period name, with how many of them do."""
    customers = {c.id: c for c in journal.customers.all() if not c.anonymised_at and c.name and c.pseudonym}
    times: Counter[str] = Counter()
    for i in journal.interactions.all():
        if i.customer and _inside(i.at, start, end):
            times[i.customer] += 1
    for p in journal.promises.all():
        if p.customer and _inside(p.due, start, end):
            times[p.customer] += 1
    for f in journal.feedback.all():
        if f.customer and _inside(f.at, start, end):
            times[f.customer] += 1
    return [(customers[cid], n) for cid, n in times.items() if cid in customers]
