"""Collect what goes into one evidence pack: the period's records, filtered and ready to redact."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

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
from ..privacy.redaction import Redactor
from ..rules.criteria import CriterionCoverage, coverage
from ..rules.kpi import Measures, measures_from

if TYPE_CHECKING:
    from ..rules.reminder_model import Reminder

PACK_FORMATS = ("pdf", "docx", "html", "csv")  # an "export" audit event with one of these is a pack


@dataclass(frozen=True)
class Edit:
    """One saved change to a record: when, and which fields (never their words)."""

    at: str
    fields: list[str]


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
    # An identifier printed on the cover and the sign-off page, so a signed page can be
    # matched to the pack it belongs to: "PJ-" + 10 hex digits of SHA-256(journal + time).
    pack_id: str = ""
    # The frameworks the learner chose: (id, title), in the journal's order. An imported
    # framework counts; a built-in one only if picked in first run or used by a record.
    frameworks: list[tuple[str, str]] = field(default_factory=list)
    frameworks_chosen: bool = True  # False: none chosen yet, so every framework is shown
    reminders: list[Reminder] = field(default_factory=list)  # worked out at ``generated``
    last_pack_at: str | None = None  # when the previous pack was exported (audit trail)
    edits: dict[tuple[str, str], list[Edit]] = field(default_factory=dict)  # (type, id) → edits
    first_reflection: dict[str, str] = field(default_factory=dict)  # interaction id → when written
    imported: dict[str, str] = field(default_factory=dict)  # "type:id" → when it was imported
    sources: dict[str, Interaction] = field(default_factory=dict)  # every interaction, by id
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

    def imported_at(self, record_type: str, record_id: str) -> str:
        """When the record came in from another journal's file, or ""."""
        return self.imported.get(f"{record_type}:{record_id}", "")

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
    data.pack_id = pack_id(journal, now)
    data.frameworks, data.frameworks_chosen = chosen_frameworks(journal, criteria)
    # Every interaction, for "made in …" lines that point outside the period; without a
    # period that is the list already read.
    every = all_interactions if start is None and end is None else q.interactions_in(journal, None, None)
    data.sources = {i.id: i for i in every}
    _provenance(journal, data)
    from ..rules.reminders import compute_reminders

    data.reminders = compute_reminders(journal, now, include_hidden=True, real_names=real_names)
    if not real_names:
        keep = [learner.name, learner.assessor, learner.iqa, learner.employer]
        keep += [e.witness.name for e in journal.evidence.all() if e.witness and e.witness.name]
        data.redactor = Redactor.for_journal(journal, keep=keep)
    return data


def pack_id(journal: Journal, now: datetime) -> str:
    """"PJ-" and ten upper-case hex digits of SHA-256(the journal's id + the export time)."""
    header = getattr(getattr(journal, "vault", None), "header", None)
    journal_id = getattr(header, "journal_id", b"") or b""
    moment = now.replace(microsecond=0).isoformat()
    digest = hashlib.sha256(journal_id.hex().encode("ascii") + b"|" + moment.encode("ascii"))
    return "PJ-" + digest.hexdigest()[:10].upper()


def chosen_frameworks(journal: Journal, criteria: list[str] | None) -> tuple[list[tuple[str, str]], bool]:
    """The frameworks the pack maps against, and whether the learner chose them (else: all)."""
    from ...journal.portability import builtin_framework_ids

    builtin = set(builtin_framework_ids(journal))
    picked = journal.setting("criteria.framework")
    used = {ref.split(":", 1)[0] for ref, _type, _id in journal.criterion_links()}
    every = [(f.id, f.title) for f in journal.frameworks()]
    if criteria:
        wanted = {ref.split(":", 1)[0] for ref in criteria}
        every = [f for f in every if f[0] in wanted]
    chosen = [f for f in every if f[0] not in builtin or f[0] == picked or f[0] in used]
    return (chosen, True) if chosen else (every, False)


def _provenance(journal: Journal, data: PackData) -> None:
    """Edits (which fields, when), when each reflection was first written, what was imported."""
    from ...journal.audit import events
    from ..exchange.importer import imported_records

    data.imported = imported_records(journal)
    packs = [e.at for e in events(journal, "export") if e.details.get("format") in PACK_FORMATS]
    data.last_pack_at = packs[-1] if packs else None
    groups: list[tuple[str, list[Any]]] = [
        ("interaction", data.interactions), ("promise", data.promises), ("feedback", data.feedback),
        ("evidence", data.evidence), ("objective", data.objectives),
        ("review", [r for rs in data.reviews.values() for r in rs]), ("hours", data.hours),
    ]
    for record_type, records in groups:
        repo = journal.repository(record_type)
        for record in records:
            if not record.edits:
                if record_type == "interaction" and record.reflection.strip():
                    data.first_reflection[record.id] = record.created_at
                continue
            versions = [(v["saved_at"], v["data"]) for v in repo.history(record.id)]
            current = record.to_dict()
            if getattr(record, "file", None) is not None:
                current["file"] = dataclasses.asdict(record.file)
            versions.append((record.updated_at, current))
            edits = []
            for (_, before), (at, after) in zip(versions, versions[1:], strict=False):
                edits.append(Edit(at, changed_fields(before, after)))
            data.edits[(record_type, record.id)] = edits
            if record_type == "interaction":
                written = next((at for at, v in versions if str(v.get("reflection") or "").strip()), "")
                if written:
                    data.first_reflection[record.id] = written


IGNORED = {"id", "created_at", "updated_at", "edits", "extra", "pseudonym", "anonymised_at"}


def changed_fields(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Names of the fields that differ ("summary", "star.result"), in the record's order."""
    out = []
    for key in list(after) + [k for k in before if k not in after]:
        if key in IGNORED or before.get(key) == after.get(key):
            continue
        old, new = before.get(key), after.get(key)
        if isinstance(old, dict) or isinstance(new, dict):
            old, new = old or {}, new or {}
            # An empty block and no block read the same: only what was written counts.
            inner = [k for k in list(new) + [k for k in old if k not in new]
                     if (old.get(k) or "") != (new.get(k) or "")]
            out += [f"{key}.{k}" for k in inner] or [key]
        else:
            out.append(key)
    return out
