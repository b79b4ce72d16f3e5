"""Carrying out a retention plan: anonymise or delete what is due, then make it final.

All changes happen in one transaction (a failure changes nothing); then the search
index is optimised, the database vacuumed, the journal saved and its backups
replaced, and one audit entry records what was done in counts and pseudonyms.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .erasure import FileOutcome
from .retention import RetentionItem, RetentionPlan, preview

if TYPE_CHECKING:
    from ...journal.journal import Journal

# Identity first: anonymising a customer also cleans their notes, so a later notes item
# may find nothing left to do.
ORDER = {"customer-identity": 0, "customer-notes": 1, "feedback-comments": 2, "attachments": 3, "drafts": 4,
         "holds": 5}


@dataclass
class RetentionReceipt:
    at: datetime
    done: list[RetentionItem] = field(default_factory=list)
    skipped: list[RetentionItem] = field(default_factory=list)  # nothing left to do by then
    files_removed: int = 0
    # files deleted as part of anonymising a customer, each described: (evidence id, description)
    files_with_customer: list[tuple[str, str]] = field(default_factory=list)
    saved: bool = False
    backups_rewritten: bool = False
    files: FileOutcome = field(default_factory=lambda: FileOutcome())

    @property
    def counts(self) -> dict[str, int]:
        return dict(sorted(Counter(f"{i.category}:{i.action}" for i in self.done).items()))

    def as_details(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(), "changed": len(self.done), "counts": self.counts,
            "files_removed": self.files_removed,
            "pseudonyms": sorted({i.pseudonym for i in self.done if i.pseudonym}),
        }

    def as_dict(self) -> dict[str, Any]:
        return {**self.as_details(), "done": [i.as_dict() for i in self.done],
                "files_deleted_with_customer": [{"evidence": e, "description": d}
                                                for e, d in self.files_with_customer],
                "saved": self.saved, "backups_rewritten": self.backups_rewritten,
                **self.files.as_dict()}

    def as_text(self) -> str:
        if not self.done:
            return "Nothing was due: no personal data needed removing."
        lines = [f"Retention run at {self.at:%Y-%m-%d %H:%M}: {len(self.done)} change(s)"]
        lines += [f"  • {i.description}: {_verb(i)}" for i in self.done]
        lines += [f"  • {d}: file deleted" for _e, d in self.files_with_customer]
        if self.saved:
            lines.append("Saved" + (", and old backups replaced." if self.backups_rewritten else "."))
        lines += [line.strip() for line in self.files.lines()]
        lines.append("The audit trail has a record of this run (without any names).")
        return "\n".join(lines)


def _verb(item: RetentionItem) -> str:
    if item.category == "attachments":
        return "file deleted"
    if item.category == "customer-identity":
        return "customer record deleted, texts de-identified" if item.action == "delete" else "anonymised"
    if item.category == "drafts":
        return "draft deleted"
    if item.category == "customer-notes":
        return "cleared"
    if item.category == "holds":
        return "removed, with its reason"
    return "deleted" if item.action == "delete" else "de-identified"


def apply(journal: Journal, plan_or_now: RetentionPlan | datetime, *, save: bool = True) -> RetentionReceipt:
    """Carry out a plan from ``preview`` (or preview and apply at a time in one go).

    With ``save`` (and a journal file) the result is saved and the backups replaced;
    the GUI may pass ``save=False`` and call ``erasure.seal`` off its own thread.
    """
    from ...journal.audit import record_event
    from .erasure import attached_files, file_outcome, seal

    plan = plan_or_now if isinstance(plan_or_now, RetentionPlan) else preview(journal, plan_or_now)
    receipt = RetentionReceipt(plan.at)
    if plan.empty:
        return receipt
    files_before = attached_files(journal)
    with journal.transaction():
        for item in sorted(plan.items, key=lambda i: (ORDER[i.category], i.subject_id)):
            if _carry_out(journal, item, plan, receipt):
                receipt.done.append(item)
            else:
                receipt.skipped.append(item)
        record_event(journal, "retention-run", receipt.as_details())
    detached = files_before - attached_files(journal)
    collected_before = len(journal.files_collected)
    receipt.saved, receipt.backups_rewritten = seal(journal, save=save)
    if receipt.saved:
        receipt.files = file_outcome(journal, detached, collected_before)
    return receipt


def _carry_out(journal: Journal, item: RetentionItem, plan: RetentionPlan, receipt: RetentionReceipt) -> bool:
    from .anonymise import anonymise_customer, remove_file

    if item.category == "customer-identity":
        customer = journal.customers.find(item.subject_id)
        if customer is None or customer.anonymised_at:
            return False
        result = anonymise_customer(
            journal, item.subject_id, holds_at=plan.at.date(), remove_record=item.action == "delete",
            audit=None,
        )
        receipt.files_removed += result.files_removed
        for evidence_id in result.removed_files:
            evidence = journal.evidence.find(evidence_id)
            title = (evidence.title if evidence else "").strip() or "evidence"
            receipt.files_with_customer.append(
                (evidence_id, f"the file attached to “{title}” (linked to {result.pseudonym})"))
        return True
    if item.category == "holds":
        from ...journal.privacy import delete_hold

        return delete_hold(journal, item.subject_id)
    if item.category == "customer-notes":
        return _clean_record(journal, "customer", item.subject_id, item.action)
    if item.category == "feedback-comments":
        return _clean_record(journal, "feedback", item.subject_id, item.action)
    if item.category == "drafts":
        return _remove_draft(journal, item)
    evidence = journal.evidence.find(item.subject_id)
    if evidence is None or evidence.file is None:
        return False
    remove_file(journal, item.subject_id)
    receipt.files_removed += 1
    return True


def _remove_draft(journal: Journal, item: RetentionItem) -> bool:
    """Delete an old draft, unless it was typed in again since the plan was made."""
    from ...journal.drafts import delete_drafts, list_drafts
    from .retention import draft_subject

    for draft in list_drafts(journal):
        if draft_subject(draft.kind, draft.key) == item.subject_id:
            if item.starts is not None and draft.updated_at[:10] > item.starts.isoformat():
                return False
            return delete_drafts(journal, [(draft.kind, draft.key)]) > 0
    return False


NOTE_FIELDS = {"customer": ("needs", "communication", "notes"), "feedback": ("comment",)}


def _clean_record(journal: Journal, record_type: str, record_id: str, action: str) -> bool:
    """Delete or de-identify a record's notes; its earlier versions go too."""
    from ...journal.privacy import purge_history
    from .free_text import rewrite_json
    from .redaction import Redactor

    repo = journal.repository(record_type)
    record = repo.find(record_id)
    if record is None:
        return False
    redactor = Redactor.for_journal(journal)
    # A customer's notes are cleared whichever the action: they describe the person
    # without naming them, so matching names can't de-identify them.
    clear = action == "delete" or record_type == "customer"
    changed = False
    for name in NOTE_FIELDS[record_type]:
        old = getattr(record, name)
        new = "" if clear else redactor.redact(old)
        if new != old:
            setattr(record, name, new)
            changed = True
    if record.extra:  # keys an import kept are free text too
        extra = {} if record_type == "customer" else rewrite_json(record.extra, redactor.redact)
        if extra != record.extra:
            record.extra = extra
            changed = True
    if changed:
        repo.update(record, keep_history=False)
        purge_history(journal, record_type, record_id)
    return changed
