"""Anonymising a customer: the person stops being identifiable anywhere in the journal.

Their record keeps only its stable pseudonym ("Customer B"), segment and kind (their
notes, needs, communication style and any imported extra keys are cleared); their
name (and its distinctive parts), organisation and contact details are replaced in
every free text of every record, in the edit history too, and the full-text index
is refreshed for each touched record. The learner's own reflections stay.

In records that belong to the customer (their interactions, promises, feedback,
objectives and reviews, and evidence linked to those interactions) phone numbers,
e-mail addresses, postcodes and number plates are removed as well; elsewhere only
this person's own details are, so somebody else's record is never damaged.

Unsaved drafts about them (started for them, editing one of their entries, or naming
them) are deleted rather than rewritten.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from .drafts import remove_drafts_about
from .free_text import STRUCTURAL_KEYS, rewrite, rewrite_json
from .redaction import KnownPerson, Redactor, employer_terms

if TYPE_CHECKING:
    from collections.abc import Callable

    from ...journal.journal import Journal
    from ...journal.records import Customer, Evidence

RECORD_TYPES = (
    "interaction", "promise", "feedback", "evidence", "objective", "review", "hours", "improvement",
)


@dataclass
class AnonymiseResult:
    """What one anonymisation touched, in counts (safe for the audit trail)."""

    pseudonym: str
    records: Counter[str] = field(default_factory=Counter)  # record type → records de-identified
    history_versions: int = 0
    files_removed: int = 0
    removed_files: list[str] = field(default_factory=list)  # evidence ids whose file went
    files_kept_on_hold: int = 0
    removed_record: bool = False
    drafts_removed: int = 0

    def as_details(self) -> dict[str, Any]:
        return {
            "pseudonym": self.pseudonym, "records": dict(sorted(self.records.items())),
            "history_versions": self.history_versions, "files_removed": self.files_removed,
            "files_kept_on_hold": self.files_kept_on_hold, "customer_record_removed": self.removed_record,
            "drafts_removed": self.drafts_removed,
        }


def people_for(journal: Journal, customer: Customer) -> list[KnownPerson]:
    """The customer as they are now and as every earlier version named them."""
    from ...journal.privacy import history_rows

    placement = (journal.learner().placement or "").lower()

    def org(value: str) -> str:
        # An internal customer's organisation is often the learner's own workplace;
        # removing that from every reflection would damage the journal, not protect anyone.
        return "" if value and placement and value.lower() in placement else value

    people = [KnownPerson(customer.pseudonym, customer.name, org(customer.organisation), customer.contact)]
    for _edit, data in history_rows(journal, "customer", customer.id):
        old = json.loads(data)
        people.append(KnownPerson(customer.pseudonym, old.get("name", ""), org(old.get("organisation", "")),
                                  old.get("contact", "")))
    if customer.anonymised_at:
        people = [p for p in people if p.name != customer.pseudonym]
    return people


def redactors_for(journal: Journal, customer: Customer) -> tuple[Redactor, Redactor]:
    """(for their own records: details + patterns, for everything else: their details only)."""
    people = people_for(journal, customer)
    keep = never_removed(journal)
    return Redactor(people, keep, patterns=True), Redactor(people, keep, patterns=False)


def never_removed(journal: Journal) -> list[str]:
    """Names de-identifying a customer never touches, as in a pseudonymised pack: the
    learner's own, the assessor's, and the learner's workplace (the placement text)."""
    learner = journal.learner()
    return [learner.name, learner.assessor, *employer_terms(learner.placement or "")]


def anonymise_customer(
    journal: Journal, customer_id: str, *, delete_files: bool = True, holds_at: date | None = None,
    remove_record: bool = False, audit: str | None = "anonymised",
    extra_linked: dict[str, list[str]] | None = None,
) -> AnonymiseResult:
    """De-identify one customer everywhere, all-or-nothing.

    ``holds_at``: keep attached files an active hold protects on that day (retention);
    ``None`` ignores holds (an erasure request). ``remove_record`` deletes the customer
    record itself and clears the references to it. ``audit`` names the audit event, or
    ``None`` when the caller records its own.
    """
    from ...journal.privacy import linked_ids

    customer = journal.customers.get(customer_id)
    result = AnonymiseResult(customer.pseudonym)
    with journal.transaction():
        strong, light = redactors_for(journal, customer)
        linked = linked_ids(journal, customer_id)
        for record_type, ids in (extra_linked or {}).items():
            linked[record_type] = list(dict.fromkeys([*linked.get(record_type, []), *ids]))
        own = {(t, i) for t, ids in linked.items() for i in ids}
        for record_type in ("customer", *RECORD_TYPES):
            repo = journal.repository(record_type)
            for record in repo.all():
                if record_type == "customer" and record.id == customer_id:
                    continue  # their own record is stripped below
                redactor = strong if (record_type, record.id) in own else light
                if rewrite(record, redactor.redact):
                    repo.update(record, keep_history=False)
                    result.records[record_type] += 1
        result.history_versions += _rewrite_history(journal, own, strong, light, customer_id)
        _tidy_side_tables(journal, customer_id, strong, light)
        # A half-typed entry can't be trusted to de-identify cleanly, and nobody has kept it yet.
        result.drafts_removed = remove_drafts_about(journal, customer_id, light, set(linked["interaction"]))
        if delete_files:
            _remove_files(journal, linked["evidence"], customer_id, holds_at, result)
        _strip_customer(journal, customer, strong, result, remove_record)
        if audit:
            from ...journal.audit import record_event

            record_event(journal, audit, result.as_details())
    return result


def _strip_customer(
    journal: Journal, customer: Customer, redactor: Redactor, result: AnonymiseResult, remove: bool
) -> None:
    from ...journal.privacy import clear_references, delete_holds_for, purge_history

    result.history_versions += purge_history(journal, "customer", customer.id)
    if remove:
        for table in ("interactions", "promises", "feedback", "objectives"):
            clear_references(journal, table, "customer", [customer.id])
        delete_holds_for(journal, "customer", customer.id)
        journal.customers.delete(customer.id)
        remember_removed(journal, customer.id)
        result.removed_record = True
        return
    customer.name = customer.pseudonym
    for name in IDENTIFYING_FIELDS:
        setattr(customer, name, "")
    # Keys an import kept (an "address", a "date_of_birth") are about them too.
    customer.extra = {}
    customer.anonymised_at = customer.anonymised_at or journal.timestamp()
    journal.customers.update(customer, keep_history=False)
    result.records["customer"] += 1


# Everything on a customer's record that describes the person; anonymising clears it all
# (only the pseudonym, kind and segment stay). Notes can't be de-identified by matching
# names: "Hard of hearing, lives near Pontcanna Fields" names nobody and identifies them.
IDENTIFYING_FIELDS = ("organisation", "contact", "needs", "communication", "notes")

REMOVED_IDS_META = "removed_customer_ids"


def remember_removed(journal: Journal, customer_id: str) -> None:
    """Note the id of a customer erased with their record (ids are random, never personal),
    so an older interchange file can't bring them back."""
    ids = removed_customer_ids(journal)
    if customer_id not in ids:
        journal.set_meta(REMOVED_IDS_META, json.dumps(sorted({*ids, customer_id})))


def removed_customer_ids(journal: Journal) -> set[str]:
    return set(json.loads(journal.meta(REMOVED_IDS_META, "[]") or "[]"))


def _rewrite_history(
    journal: Journal, own: set[tuple[str, str]], strong: Redactor, light: Redactor, subject_id: str = "",
) -> int:
    """Earlier versions are rewritten like the records, so no old text survives in them."""
    from ...journal.privacy import all_history, rewrite_history

    changed = 0
    for record_type, record_id, edit, data in all_history(journal):
        if record_type == "customer" and record_id == subject_id:
            continue  # the customer's own history is dropped, not rewritten
        redactor = strong if (record_type, record_id) in own else light
        old = json.loads(data)
        new = rewrite_json(old, redactor.redact, STRUCTURAL_KEYS)
        if new != old:
            rewrite_history(journal, record_type, record_id, edit, json.dumps(new))
            changed += 1
    return changed


def _tidy_side_tables(journal: Journal, customer_id: str, strong: Redactor, light: Redactor) -> None:
    """Reasons typed for holds and hidden reminders can name the person too."""
    from ...journal.privacy import holds, reminder_reasons, set_hold_reason, set_reminder_reason

    for hold in holds(journal):
        redactor = strong if hold.record_id == customer_id else light
        reason = redactor.redact(hold.reason)
        if reason != hold.reason:
            set_hold_reason(journal, hold.id, reason)
    for rule, subject_type, subject_id, reason in reminder_reasons(journal):
        new = light.redact(reason)
        if new != reason:
            set_reminder_reason(journal, (rule, subject_type, subject_id), new)


def _remove_files(
    journal: Journal, evidence_ids: list[str], customer_id: str, holds_at: date | None,
    result: AnonymiseResult,
) -> None:
    """A file's contents can't be de-identified (a photo, a signed form), so it goes."""
    held = _held(journal, holds_at) if holds_at is not None else set()
    for evidence_id in evidence_ids:
        evidence = journal.evidence.find(evidence_id)
        if evidence is None or evidence.file is None:
            continue
        if ("evidence", evidence_id) in held or ("customer", customer_id) in held:
            result.files_kept_on_hold += 1
            continue
        remove_file(journal, evidence_id)
        result.files_removed += 1
        result.removed_files.append(evidence_id)


def _held(journal: Journal, day: date) -> set[tuple[str, str]]:
    from ...journal.privacy import holds

    return {(h.record_type, h.record_id) for h in holds(journal) if h.until >= day.isoformat()}


def remove_file(journal: Journal, evidence_id: str) -> None:
    """Delete an evidence item's sealed file and forget its name; the item itself stays."""
    from ...journal.privacy import purge_history

    delete_attachment: Callable[[Journal, str], Evidence] | None
    try:
        from ...journal.attachments import delete_attachment
    except ImportError:  # pragma: no cover - a build without attachment support
        delete_attachment = None
    if delete_attachment is not None:
        delete_attachment(journal, evidence_id)
    evidence = journal.evidence.get(evidence_id)
    if evidence.file is not None:
        evidence.file = None
        journal.evidence.update(evidence, keep_history=False, keep=("pseudonym", "anonymised_at"))
    # Earlier versions would still name the file.
    purge_history(journal, "evidence", evidence_id)
