"""The integrity check behind ``journal-app verify``: file, keys, database, attachments."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..journal import integrity
from ..journal.journal import Journal
from ..journal.records import COLLECTIONS
from ..vault.format import Header
from ..vault.store import read_header


@dataclass
class VerifyReport:
    path: str
    format_version: int
    generation: int
    kdf: dict[str, int]
    file_bytes: int
    database_bytes: int
    schema_version: int
    counts: dict[str, int]
    backups: dict[str, str]
    problems: list[str] = field(default_factory=list)
    attachments: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok, "path": self.path, "format_version": self.format_version,
            "generation": self.generation, "kdf": self.kdf, "file_bytes": self.file_bytes,
            "database_bytes": self.database_bytes, "schema_version": self.schema_version,
            "counts": self.counts, "backups": self.backups, "attachments": self.attachments,
            "problems": self.problems,
        }

    def as_text(self) -> str:
        kdf = self.kdf
        lines = [
            f"Journal:          {self.path}",
            f"Status:           {'OK' if self.ok else 'PROBLEMS FOUND'}",
            f"File format:      version {self.format_version} (save #{self.generation})",
            f"Key derivation:   Argon2id, {kdf['memory_kib'] // 1024} MiB, "
            f"{kdf['iterations']} passes, {kdf['lanes']} lane{'s' if kdf['lanes'] != 1 else ''}",
            f"Size:             {self.file_bytes:,} bytes on disk, "
            f"{self.database_bytes:,} bytes of data",
            f"Schema version:   {self.schema_version}",
            "Records:",
        ]
        lines += [f"  {name:<14}{count:>8,}" for name, count in self.counts.items()]
        readable = sum(1 for status in self.backups.values() if status.startswith("ok"))
        lines.append(f"Backups:          {len(self.backups)} ({readable} readable)")
        lines += [f"  {name}: {status}" for name, status in self.backups.items()]
        if self.attachments:
            lines.append(
                f"Attachments:      {self.attachments.get('count', 0)} "
                f"({self.attachments.get('missing', 0)} missing, "
                f"{self.attachments.get('orphaned', 0)} stray)"
            )
            if self.attachments.get("damaged"):
                lines.append(f"  {self.attachments['damaged']} damaged or changed since it was added")
            if self.attachments.get("kept_for_backups"):
                lines.append(
                    f"  {self.attachments['kept_for_backups']} older file(s) kept because a backup "
                    "refers to them"
                )
        lines += [f"Problem: {p}" for p in self.problems]
        return "\n".join(lines)


def verify_journal(path: Path, passphrase: str) -> VerifyReport:
    """Open read-only (no lock, nothing written) and check file, database and backups."""
    path = Path(path)
    header = read_header(path)
    journal = Journal.open(path, passphrase, lock=False)
    try:
        return _report(journal, path, header)
    finally:
        journal.close()


def _report(journal: Journal, path: Path, header: Header) -> VerifyReport:
    problems = integrity.database_problems(journal)
    backups = journal.vault.check_backups() if journal.vault is not None else {}
    problems += [f"backup {name} is not usable ({status})" for name, status in backups.items()
                 if not status.startswith("ok")]
    report = VerifyReport(
        path=str(path), format_version=header.version, generation=header.generation,
        kdf={"memory_kib": header.kdf.memory_kib, "iterations": header.kdf.iterations,
             "lanes": header.kdf.lanes},
        file_bytes=path.stat().st_size, database_bytes=integrity.database_bytes(journal),
        schema_version=integrity.schema_version(journal), counts=_counts(journal),
        backups=backups, problems=problems,
    )
    from ..journal.attachments import check_attachments

    report.attachments = check_attachments(journal)
    missing = list(report.attachments.get("missing_ids", []))
    for name in missing:
        problems.append(f"attachment file missing for evidence {name}")
    damaged = _damaged_attachments(journal, skip=set(missing))
    report.attachments["damaged"] = len(damaged)
    report.attachments["damaged_ids"] = sorted(damaged)
    for evidence_id, why in sorted(damaged.items()):
        problems.append(f"attachment of evidence {evidence_id} can't be trusted: {why}")
    for name in report.attachments.get("orphaned_files", []):
        problems.append(
            f"stray attachment file {name}: no saved copy of the journal refers to it "
            "(an interrupted save left it); the next save removes it"
        )
    return report


def _damaged_attachments(journal: Journal, skip: set[str]) -> dict[str, str]:
    """Decrypt every attached file and compare it with the SHA-256 the journal recorded when
    it was added: a file swapped for another, cut short, emptied or changed by one byte is
    named here. The one slow check (it reads every file), so ``verify`` alone runs it."""
    from ..errors import AttachmentError
    from ..journal.attachments import read_attachment

    damaged: dict[str, str] = {}
    for evidence in journal.evidence.all():
        if evidence.file is None or not evidence.file.blob or evidence.id in skip:
            continue
        try:
            read_attachment(journal, evidence.id)
        except AttachmentError as error:
            damaged[evidence.id] = str(error).rstrip(".")
    return damaged


def _counts(journal: Journal) -> dict[str, int]:
    counts = {name: journal.repository(cls.TYPE).count() for name, cls in COLLECTIONS.items()}
    counts["frameworks"] = len(journal.frameworks())
    return counts
