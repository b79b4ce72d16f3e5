"""Moving records in and out: importing an interchange file or criteria, exporting.

Writing an export only reads the journal, so it can run on a worker; noting it in
the audit trail (``record_export``) is the journal change, made once it succeeded.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import AttachmentsLeftOut, ExportFailed, InvalidInput, SaveFailed
from .changes import Changes
from .running import Done, act

if TYPE_CHECKING:
    from ...journal.journal import Journal
    from ...journal.records import Framework
    from ..exchange.importer import ImportSummary

FORMATS = ("pdf", "docx", "html", "csv", "json", "sqlite")
REAL_NAMES_ONLY = ("json", "sqlite")  # the learner's own complete copy, never pseudonymised


def import_records(journal: Journal, document: Any, *, base_dir: Path | None = None,
                   restore_erased: set[str] | frozenset[str] = frozenset(),
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> Done[ImportSummary]:
    """Import a whole interchange document (all or nothing; audited by the importer).
    ``restore_erased``: ids of erased customers the learner asked to bring back from it;
    ``progress``/``cancelled``: how far it has got, and the learner's Cancel (ImportCancelled,
    nothing imported)."""
    from ..exchange.importer import import_document

    return act(journal, lambda: import_document(journal, document, base_dir=base_dir,
                                                 restore_erased=restore_erased, progress=progress,
                                                 cancelled=cancelled), whole_journal=True)


def import_criteria(journal: Journal, data: dict[str, Any]) -> Done[Framework]:
    """Add or update a criteria framework, merged by criterion code."""
    from ..exchange.interchange import import_framework

    return act(journal, lambda: import_framework(journal, data))


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def check_export_target(journal_path: Path | None, out: Path, *, force: bool = False,
                        folder_ok: bool = False) -> None:
    """Refuse an export path that would destroy something (InvalidInput, nothing written).

    Never the journal, one of its backups, its lock file or anything in its attachments
    folder; never a device, a pipe or other special file (writing would replace it with a
    plain copy); a folder only where the format writes into one (``folder_ok``); and an
    existing file only with ``force`` (the app's save dialog has already asked)."""
    import os
    import stat

    from ...errors import quoted_path
    from ...vault.attachments import folder_for
    from ...vault.backups import is_backup
    from ...vault.lock import lock_path

    out = Path(out)
    if journal_path is not None:
        journal_path = Path(journal_path)
        own = [journal_path, lock_path(journal_path)]
        if any(_same(out, path) for path in own) or (
            is_backup(out) and _same(out.parent, journal_path.parent)
            and out.name.rpartition(".bak")[0] == journal_path.name
        ):
            raise InvalidInput(
                f"{quoted_path(out)} is one of the journal's own files (the journal, a backup or "
                "its lock); pick another name so it isn't overwritten."
            )
        attachments = folder_for(journal_path).resolve()
        if out.resolve() == attachments or attachments in out.resolve().parents:
            raise InvalidInput(
                f"{quoted_path(out)} is in the journal's attachments folder; pick a file elsewhere."
            )
    try:
        info = os.stat(out)
    except FileNotFoundError:
        return
    except OSError:
        return  # writing it reports the real problem
    if stat.S_ISDIR(info.st_mode):
        if folder_ok:
            return
        raise InvalidInput(f"{quoted_path(out)} is a folder; give a file name.")
    if not stat.S_ISREG(info.st_mode):
        raise InvalidInput(
            f"{quoted_path(out)} is not an ordinary file (it is a device, a pipe or another special "
            "file); give the name of a file to write."
        )
    if not force:
        raise InvalidInput(
            f"{quoted_path(out)} already exists. Pick another name, or use --force to replace it."
        )


def write_export(
    journal: Journal, fmt: str, out: Path, *, start: date | None = None, end: date | None = None,
    criteria: list[str] | None = None, real_names: bool = False, now: datetime | None = None,
    progress: Callable[[int, int], None] | None = None, cancelled: Callable[[], bool] | None = None,
    warn: Callable[[str], None] | None = None, force: bool = False, bundle: bool = False,
    allow_missing: bool = False,
) -> bool:
    """Write one export file; returns whether customers appear only under pseudonyms.

    JSON and SQLite are the learner's complete copy (real names); the evidence log
    formats are pseudonymised unless ``real_names``. ``out`` is checked first
    (``check_export_target``); ``force`` replaces an existing file. ``bundle`` (PDF, Word,
    HTML) writes a zip of the pack, its evidence's attached files and a manifest of hashes."""
    if fmt not in FORMATS:
        raise InvalidInput(f'"{fmt}" is not an export format. Use one of: {", ".join(FORMATS)}.')
    check_export_target(journal.path, out, force=force, folder_ok=fmt == "csv" and not bundle)
    if bundle:
        from ..export.pack import check_bundle_request

        check_bundle_request(fmt, out)
    if fmt in REAL_NAMES_ONLY:
        existed = Path(out).exists()
        try:
            _write_copy(journal, fmt, out, now=now, progress=progress, warn=warn,
                        allow_missing=allow_missing)
        except SaveFailed as error:
            # A copy put in place that the disk could not confirm is stored (the folder's
            # fsync failed on a full disk) is taken away again, so "could not write" is true.
            if not existed:
                _remove_unconfirmed(out)
            raise ExportFailed(out, _reason(error)) from None
        return False
    try:
        from ..export.pack import export_pack
    except ImportError as error:
        if not (error.name or "").startswith("journal_app.services.export"):
            raise
        raise InvalidInput(f"This build can't write {fmt.upper()} evidence packs.") from None
    export_pack(journal, fmt, out, start=start, end=end, criteria=criteria, real_names=real_names,
                now=now or journal.now(), progress=progress, cancelled=cancelled, bundle=bundle, warn=warn)
    return not real_names


def _write_copy(
    journal: Journal, fmt: str, out: Path, *, now: datetime | None,
    progress: Callable[[int, int], None] | None, warn: Callable[[str], None] | None,
    allow_missing: bool = False,
) -> None:
    """The learner's complete copy: the interchange JSON or a plain SQLite database.

    JSON carries every attached file: one that can't be read (missing or damaged) is named
    through ``warn`` and, unless ``allow_missing``, nothing is written (AttachmentsLeftOut)."""
    if fmt == "json":
        from ...vault.durable import write_atomic
        from ..exchange.interchange import document_json, export_document

        if progress:
            progress(0, 1)
        document = export_document(journal, now=now or journal.now())
        left_out = missing_files(document)
        for evidence_id in left_out:
            if warn:
                warn(f"the file attached to evidence {evidence_id} can't be read (missing or "
                     "damaged), so it is not in the export")
        if left_out and not allow_missing:
            raise AttachmentsLeftOut(left_out)
        write_atomic(out, [document_json(document)])
        if progress:
            progress(1, 1)
        return
    from ...journal.portability import write_plain_copy

    journal.compact()  # optimise the search index so the copy holds no deleted text
    write_plain_copy(journal, out)


def missing_files(document: dict[str, Any]) -> list[str]:
    """Evidence ids whose attached file an interchange document could not include."""
    extras = document.get("journal")
    found = extras.get("missing_files", []) if isinstance(extras, dict) else []
    return [str(e) for e in found] if isinstance(found, list) else []


def files_left_out(journal: Journal) -> list[str]:
    """Before a JSON export (the app asks first): evidence ids whose attached file can't be
    read, missing or damaged. Reads every file, like the export itself."""
    from ...errors import AttachmentError
    from ...journal.attachments import read_attachment

    out = []
    for evidence in journal.evidence.all():
        if evidence.file is None or not evidence.file.blob:
            continue
        try:
            read_attachment(journal, evidence.id)
        except AttachmentError:
            out.append(evidence.id)
    return out


def record_export(journal: Journal, fmt: str, pseudonymised: bool) -> Changes:
    """Note a finished export in the audit trail (format and whether names were hidden)."""
    return act(journal, lambda: None, event="export",
               details={"format": fmt, "pseudonymised": pseudonymised}).changes


def export(journal: Journal, fmt: str, out: Path, **options: Any) -> Done[bool]:
    """Write the export and note it: the CLI's one call."""
    pseudonymised = write_export(journal, fmt, out, **options)
    return Done(pseudonymised, record_export(journal, fmt, pseudonymised))


def _reason(error: SaveFailed) -> str:
    """The operating system's words for a failed write (never the journal's own message)."""
    cause = error.__cause__
    if isinstance(cause, OSError):
        from ...vault.durable import explain

        return explain(cause)
    reason = error.reason or "the disk could not confirm the file is stored"
    if "disk is full" in reason:  # SQLite's own words: "database or disk is full"
        return "the disk is full"
    return reason


def _remove_unconfirmed(out: Path) -> None:
    import contextlib

    with contextlib.suppress(OSError):
        Path(out).unlink(missing_ok=True)


def drop_unsaved_files(journal: Journal) -> int:
    """After a save failed and the journal will be closed unsaved: remove the attached files
    only the unsaved journal in memory refers to (an import sealed them), so the folder holds
    exactly what the saved journal and its backups need. Returns how many were removed.

    Best effort: a file this can't judge or remove is collected by the next good save."""
    import contextlib

    from ...errors import JournalError
    from ...journal import attachments
    from ...vault import attachments as sealed

    if journal.vault is None:
        return 0
    try:
        unsaved = set(attachments.referenced_blobs(journal)) - attachments.saved_copies_refer_to(journal)
    except JournalError:
        return 0
    removed = 0
    for blob in sorted(unsaved):
        with contextlib.suppress(JournalError):
            sealed.delete_blob(attachments.attachments_folder(journal), blob)
            removed += 1
    return removed


def save_export_note(journal: Journal, out: Path) -> None:
    """Save the journal with the audit note of an export already written to ``out``; a failure
    says the export file is there (ExportNotRecorded, or ExportNoteUnconfirmed when the
    journal was written but the disk could not confirm it)."""
    from ...errors import ExportNoteUnconfirmed, ExportNotRecorded
    from ...vault.durable import SaveFailedAfterReplace

    try:
        journal.save()
    except SaveFailedAfterReplace as error:
        raise ExportNoteUnconfirmed(out, _reason(error)) from error
    except SaveFailed as error:
        raise ExportNotRecorded(out, _reason(error)) from error
