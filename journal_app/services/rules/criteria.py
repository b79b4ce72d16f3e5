"""Criteria coverage: which assessment criteria the learner's entries and evidence support.

Public API:
- ``coverage(journal, refs=None, within=None) -> list[CriterionCoverage]``, one per
  criterion in framework order. ``refs`` keeps only those criteria
  ("crm-unit:1.1"); ``within`` keeps only supporting records whose
  ``(record_type, record_id)`` is in the set (the evidence pack passes the
  records of its period).
- ``status_for(supporting)`` → "none" (red), "some" (amber) or "green".
  Green means the criterion is evidenced: a signed witness testimony supports
  it, or at least ``GREEN_MIN_ENTRIES`` entries/evidence items do.
- ``STATUS_LABELS`` and ``STATUS_COLOURS`` so every view words and colours a
  status the same way.

Titles in ``Support`` are the learner's raw text; whoever shows them to someone
else (the evidence pack) redacts them first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ...journal.records import Evidence, Hours, Interaction, Objective, Record

if TYPE_CHECKING:
    from ...journal.journal import Journal

GREEN_MIN_ENTRIES = 3
STATUS_LABELS = {"none": "No evidence yet", "some": "Some evidence", "green": "Evidenced"}
STATUS_COLOURS = {"none": "#c62828", "some": "#ef8f00", "green": "#2e7d32"}
STATUS_TINTS = {"none": "#fde0e0", "some": "#fff0cc", "green": "#dcf2dc"}
TITLE_LENGTH = 90


@dataclass(frozen=True)
class Support:
    """One record that supports a criterion."""

    record_type: str  # interaction, evidence, objective, hours
    record_id: str
    date: str  # YYYY-MM-DD or ""
    kind: str  # interaction kind, evidence kind, "plan", "hours"
    title: str
    signed_witness: bool = False


@dataclass(frozen=True)
class CriterionCoverage:
    ref: str  # "crm-unit:1.1"
    framework: str
    code: str
    text: str
    supporting: list[Support] = field(default_factory=list)

    @property
    def status(self) -> str:
        return status_for(self.supporting)

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def has_signed_witness(self) -> bool:
        return any(s.signed_witness for s in self.supporting)


def status_for(supporting: Iterable[Support]) -> str:
    items = list(supporting)
    if not items:
        return "none"
    if any(s.signed_witness for s in items) or len(items) >= GREEN_MIN_ENTRIES:
        return "green"
    return "some"


def coverage(
    journal: Journal, refs: Iterable[str] | None = None, within: set[tuple[str, str]] | None = None
) -> list[CriterionCoverage]:
    wanted = set(refs) if refs is not None else None
    titles = {f.id: f.title for f in journal.frameworks()}
    links: dict[str, list[tuple[str, str]]] = {}
    for ref, record_type, record_id in journal.criterion_links():
        if within is None or (record_type, record_id) in within:
            links.setdefault(ref, []).append((record_type, record_id))
    supports = _supports(journal, {pair for pairs in links.values() for pair in pairs})
    out = []
    for ref, criterion in journal.criteria():
        if wanted is not None and ref not in wanted:
            continue
        found = [supports[pair] for pair in links.get(ref, []) if pair in supports]
        found.sort(key=lambda s: (s.date or "9999", s.record_type, s.record_id))
        out.append(CriterionCoverage(
            ref=ref, framework=titles.get(ref.split(":", 1)[0], ""), code=criterion.code,
            text=criterion.text, supporting=found,
        ))
    return out


def _supports(journal: Journal, pairs: set[tuple[str, str]]) -> dict[tuple[str, str], Support]:
    out: dict[tuple[str, str], Support] = {}
    for record_type in sorted({t for t, _ in pairs}):
        ids = {i for t, i in pairs if t == record_type}
        for record in journal.repository(record_type).all():
            if record.id in ids:
                out[(record_type, record.id)] = support_for(record)
    return out


def support_for(record: Record) -> Support:
    """How one record is named in a coverage list."""
    if isinstance(record, Interaction):
        title = record.summary or record.star.situation or f"{record.kind} ({record.channel})"
        return Support("interaction", record.id, record.at[:10], record.kind, _short(title))
    if isinstance(record, Evidence):
        signed = bool(record.kind == "witness-testimony" and record.witness and record.witness.signed)
        title = record.title or (record.witness.name if record.witness else "") or record.kind
        return Support("evidence", record.id, record.at or "", record.kind, _short(title), signed)
    if isinstance(record, Objective):
        title = _short(record.specific or record.metric)
        return Support("objective", record.id, record.due or "", "plan", title)
    if isinstance(record, Hours):
        return Support("hours", record.id, record.date, "hours", _short(record.activity or "Placement hours"))
    return Support(record.TYPE, record.id, "", record.TYPE, record.id)


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1].rstrip() + "…"
