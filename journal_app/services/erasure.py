"""Erasure on request: everything about one person goes, and the app can prove it.

By default everything linked to the customer is de-identified (as anonymisation) and
their linked attachments are deleted; with ``delete_linked`` the linked records go
too. Either way ``seal`` then rebuilds the full-text index, vacuums the database so
no deleted text lingers in free pages, saves, and replaces the automatic backups so
no older copy still holds the person. Holds don't stop an erasure request.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .anonymise import anonymise_customer

if TYPE_CHECKING:
    from ..journal.journal import Journal

DELETE_ORDER = ("review", "promise", "feedback", "objective", "evidence", "interaction")


@dataclass
class ErasureReceipt:
    """Proof of an erasure in counts and the pseudonym, never the person's details."""

    at: str
    pseudonym: str
    deleted: Counter[str] = field(default_factory=Counter)
    de_identified: Counter[str] = field(default_factory=Counter)
    history_versions: int = 0
    files_removed: int = 0
    saved: bool = False
    backups_rewritten: bool = False

    def as_details(self) -> dict[str, Any]:
        return {
            "pseudonym": self.pseudonym, "deleted": dict(sorted(self.deleted.items())),
            "de_identified": dict(sorted(self.de_identified.items())),
            "history_versions": self.history_versions, "files_removed": self.files_removed,
        }

    def as_dict(self) -> dict[str, Any]:
        return {"at": self.at, **self.as_details(), "saved": self.saved,
                "backups_rewritten": self.backups_rewritten}

    def as_text(self) -> str:
        def counted(counts: Counter[str]) -> str:
            return ", ".join(f"{n} {_plural(kind, n)}" for kind, n in sorted(counts.items())) or "nothing"

        lines = [
            f"Erasure receipt — {self.pseudonym} — {self.at}",
            f"  Deleted:        {counted(self.deleted)}",
            f"  De-identified:  {counted(self.de_identified)}",
            f"  Files removed:  {self.files_removed}",
            f"  Old versions cleaned: {self.history_versions}",
            "  Search index rebuilt and free space wiped.",
        ]
        if self.saved:
            lines.append("  Saved" + (", and old backups replaced." if self.backups_rewritten else "."))
        lines.append("A copy of this receipt (without any names) is in the journal's audit trail.")
        return "\n".join(lines)


WORDS = {
    "customer": ("customer", "customers"), "interaction": ("interaction", "interactions"),
    "promise": ("promise", "promises"), "feedback": ("feedback entry", "feedback entries"),
    "evidence": ("evidence item", "evidence items"), "objective": ("objective", "objectives"),
    "review": ("review", "reviews"), "hours": ("hours entry", "hours entries"),
    "draft": ("draft", "drafts"),
}


def _plural(kind: str, n: int) -> str:
    one, many = WORDS.get(kind, (kind, kind + "s"))
    return one if n == 1 else many


def erase_customer(
    journal: Journal, customer_id: str, *, delete_linked: bool = False, save: bool = True
) -> ErasureReceipt:
    """Erase one customer (RecordNotFound if the id is wrong; nothing changes on any error)."""
    from ..journal.audit import record_event
    from ..journal.privacy import delete_holds_for, forget_reminders_for, linked_ids

    customer = journal.customers.get(customer_id)
    receipt = ErasureReceipt(journal.timestamp(), customer.pseudonym)
    with journal.transaction():
        kept_evidence: list[str] = []
        gone_interactions: list[str] = []  # so a draft editing one of them is found afterwards
        if delete_linked:
            linked = linked_ids(journal, customer_id)
            doomed = _doomed(journal, linked)
            kept_evidence = [e for e in linked["evidence"] if e not in doomed["evidence"]]
            gone_interactions = doomed["interaction"]
            for record_type in DELETE_ORDER:
                for record_id in doomed[record_type]:
                    _delete(journal, record_type, record_id)
                    delete_holds_for(journal, record_type, record_id)
                forget_reminders_for(journal, record_type, doomed[record_type])
                receipt.deleted[record_type] += len(doomed[record_type])
        result = anonymise_customer(
            journal, customer_id, delete_files=True, holds_at=None, remove_record=delete_linked, audit=None,
            extra_linked={"evidence": kept_evidence, "interaction": gone_interactions},
        )
        receipt.de_identified.update(result.records)
        receipt.history_versions = result.history_versions
        receipt.files_removed += result.files_removed
        if result.drafts_removed:
            receipt.deleted["draft"] += result.drafts_removed
        if delete_linked:
            receipt.deleted["customer"] += 1
            forget_reminders_for(journal, "customer", [customer_id])
        record_event(journal, "erased", receipt.as_details())
    return seal_receipt(journal, receipt, save)


def _doomed(journal: Journal, linked: dict[str, list[str]]) -> dict[str, list[str]]:
    from ..journal.privacy import evidence_only_linked_to

    out = {k: list(v) for k, v in linked.items()}
    out["evidence"] = evidence_only_linked_to(journal, linked["interaction"])
    return out


def _delete(journal: Journal, record_type: str, record_id: str) -> None:
    from ..journal.privacy import clear_references, unlink_interactions

    if record_type == "evidence":
        evidence = journal.evidence.find(record_id)
        if evidence is not None and evidence.file is not None:
            from .anonymise import remove_file

            remove_file(journal, record_id)
    if record_type == "interaction":
        unlink_interactions(journal, [record_id])
        for table in ("promises", "feedback"):
            clear_references(journal, table, "interaction", [record_id])
    journal.repository(record_type).delete(record_id)


def seal_receipt(journal: Journal, receipt: ErasureReceipt, save: bool) -> ErasureReceipt:
    saved, rewritten = seal(journal, save=save)
    receipt.saved, receipt.backups_rewritten = saved, rewritten
    return receipt


def seal(journal: Journal, *, save: bool = True) -> tuple[bool, bool]:
    """Make deletions final: optimise the search index, vacuum, save, replace backups.

    Returns (saved, backups rewritten). A journal with no file is only compacted.
    """
    journal.compact()
    if not save or journal.vault is None:
        return False, False
    journal.save()
    journal.vault.rewrite_backups()
    return True, True
