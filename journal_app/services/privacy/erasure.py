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
    from ...journal.journal import Journal

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
    files: FileOutcome = field(default_factory=lambda: FileOutcome())
    # unencrypted copies made earlier (from the audit trail) that may still hold the person
    earlier_exports: list[dict[str, Any]] = field(default_factory=list)

    def as_details(self) -> dict[str, Any]:
        return {
            "pseudonym": self.pseudonym, "deleted": dict(sorted(self.deleted.items())),
            "de_identified": dict(sorted(self.de_identified.items())),
            "history_versions": self.history_versions, "files_removed": self.files_removed,
        }

    def as_dict(self) -> dict[str, Any]:
        return {"at": self.at, **self.as_details(), "saved": self.saved,
                "backups_rewritten": self.backups_rewritten, **self.files.as_dict(),
                "earlier_exports": self.earlier_exports}

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
            *self.files.lines(),
        ]
        if self.saved:
            lines.append("  Saved" + (", and old backups replaced." if self.backups_rewritten else "."))
        if self.earlier_exports:
            lines.append("  Copies made earlier may still hold them. The app can't reach these files, "
                         "so find and delete them yourself:")
            lines += [f"    • {e['at'][:16].replace('T', ' ')}: {e['what']}" for e in self.earlier_exports]
        # Full copies only read the journal, so the trail can't list them: say so every time.
        lines.append("  Any full copy you exported (a .json or .sqlite file) still holds them too: "
                     "delete those yourself.")
        lines.append("A copy of this receipt (without any names) is in the journal's audit trail.")
        return "\n".join(lines)


@dataclass
class FileOutcome:
    """What happened on disk to attached files once the change was saved: the journal's
    files go only after a save has landed, so a receipt says what is really gone."""

    left: int = 0  # taken out of the journal but still on disk (removed at the next save)
    strays: int = 0  # other files no saved copy referred to, removed by the same step
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"files_still_on_disk": self.left, "stray_files_removed": self.strays}

    def lines(self) -> list[str]:
        out = []
        if self.left:
            why = f" ({self.reason})" if self.reason else ""
            out.append(f"  {self.left} removed file(s) are still on disk{why}; the next save removes them.")
        if self.strays:
            out.append(f"  Stray files removed: {self.strays} (left by an interrupted save).")
        return out


def attached_files(journal: Journal) -> set[str]:
    """The sealed files the journal refers to now (empty for a build without attachments)."""
    try:
        from ...journal.attachments import referenced_blobs
    except ImportError:  # pragma: no cover - a build without attachment support
        return set()
    return set(referenced_blobs(journal))


def file_outcome(journal: Journal, detached: set[str], collected_before: int) -> FileOutcome:
    """After the save: which of the ``detached`` files are still on disk, and what else went."""
    from ...journal.attachments import attachments_folder
    from ...vault.attachments import list_blobs

    if journal.vault is None:
        return FileOutcome(left=len(detached))
    present = set(list_blobs(attachments_folder(journal)))
    collected = set(journal.files_collected[collected_before:])
    return FileOutcome(left=len(detached & present), strays=len(collected - detached),
                       reason=journal.collect_error or "")


WORDS = {
    "customer": ("customer", "customers"), "interaction": ("interaction", "interactions"),
    "promise": ("promise", "promises"), "feedback": ("feedback entry", "feedback entries"),
    "evidence": ("evidence item", "evidence items"), "objective": ("objective", "objectives"),
    "review": ("review", "reviews"), "hours": ("hours entry", "hours entries"),
    "draft": ("draft", "drafts"),
    "improvement": ("improvement", "improvements"),
}


def _plural(kind: str, n: int) -> str:
    one, many = WORDS.get(kind, (kind, kind + "s"))
    return one if n == 1 else many


def erase_customer(
    journal: Journal, customer_id: str, *, delete_linked: bool = False, save: bool = True
) -> ErasureReceipt:
    """Erase one customer (RecordNotFound if the id is wrong; nothing changes on any error)."""
    from ...journal.audit import record_event
    from ...journal.privacy import delete_holds_for, forget_reminders_for, linked_ids

    customer = journal.customers.get(customer_id)
    receipt = ErasureReceipt(journal.timestamp(), customer.pseudonym)
    receipt.earlier_exports = earlier_exports(journal, customer.pseudonym)
    files_before = attached_files(journal)
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
        # Every file taken out of the journal counts, the deleted items' ones too.
        detached = files_before - attached_files(journal)
        receipt.files_removed = len(detached)
        if result.drafts_removed:
            receipt.deleted["draft"] += result.drafts_removed
        if delete_linked:
            receipt.deleted["customer"] += 1
            forget_reminders_for(journal, "customer", [customer_id])
        record_event(journal, "erased", receipt.as_details())
    collected_before = len(journal.files_collected)
    seal_receipt(journal, receipt, save)
    if receipt.saved:
        receipt.files = file_outcome(journal, detached, collected_before)
    return receipt


EXPORT_WORDS = {"json": "JSON backup", "sqlite": "plain SQLite copy", "pdf": "PDF evidence pack",
                "docx": "Word evidence pack", "html": "web-page evidence pack", "csv": "CSV tables"}


def earlier_exports(journal: Journal, pseudonym: str) -> list[dict[str, Any]]:
    """Unencrypted files the audit trail says were written with real names: every export
    with real names (a JSON backup, a plain copy, a pack with real names) and access-request
    files about this person. Pseudonymised packs are left out (names were replaced)."""
    from ...journal.audit import events

    out = []
    for event in events(journal):
        details = event.details
        if event.event == "export" and details.get("pseudonymised") is False:
            fmt = str(details.get("format", ""))
            out.append({"at": event.at, "what": f"{EXPORT_WORDS.get(fmt, fmt + ' export')} with real names"})
        elif event.event == "subject-access-export" and details.get("pseudonym") == pseudonym:
            out.append({"at": event.at, "what": f"access-request file about {pseudonym}"})
    return out


def _doomed(journal: Journal, linked: dict[str, list[str]]) -> dict[str, list[str]]:
    from ...journal.privacy import evidence_only_linked_to

    out = {k: list(v) for k, v in linked.items()}
    out["evidence"] = evidence_only_linked_to(journal, linked["interaction"])
    return out


def _delete(journal: Journal, record_type: str, record_id: str) -> None:
    from ...journal.privacy import clear_references, unlink_interactions

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
    journal.replace_backups()  # and the files only the old backups referred to
    return True, True
