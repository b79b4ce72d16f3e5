"""import, export, search and import-framework: moving records in and out, and finding them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import InvalidInput, SaveFailed, printable, quoted
from .common import add_passphrase_options, add_path, print_json, read_passphrase, warn

if TYPE_CHECKING:
    from datetime import date

PACK_FORMATS = ("pdf", "docx", "html", "csv")
EXPORT_FORMATS = ("json", "sqlite", *PACK_FORMATS)
NOT_ENCRYPTED = (
    "{out} is NOT encrypted: it holds customers' real names and contact details. "
    "Keep it somewhere safe and delete it when you no longer need it."
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("import", help="import records from an interchange JSON file (all or nothing)")
    add_path(p)
    p.add_argument("file", metavar="FILE.json", type=Path, help="the interchange file to import")
    p.add_argument("--restore-erased", dest="restore_erased", action="append", default=[], metavar="ID",
                   help="bring back this erased or anonymised customer's details from the file (repeatable)")
    add_passphrase_options(p)
    p.set_defaults(handler=_import)

    p = sub.add_parser("export", help="export the journal (json, sqlite) or an evidence pack (pdf, docx…)")
    add_path(p)
    p.add_argument("--format", required=True, type=_export_format,
                   metavar="{" + ",".join(EXPORT_FORMATS) + "}", help="what to write")
    p.add_argument("--out", required=True, type=Path, metavar="FILE", help="where to write it")
    p.add_argument("--from", dest="start", metavar="DATE", help="evidence packs: from this date (YYYY-MM-DD)")
    p.add_argument("--to", dest="end", metavar="DATE", help="evidence packs: up to this date (YYYY-MM-DD)")
    p.add_argument("--criteria", metavar="LIST",
                   help="evidence packs: only these, e.g. crm-unit:1.1,crm-unit:2.2")
    p.add_argument("--real-names", action="store_true",
                   help="evidence packs: show customers' real names instead of pseudonyms")
    p.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    p.add_argument("--bundle", action="store_true",
                   help="pdf, docx, html: FILE is a zip (its name ends in .zip) holding the pack, "
                   "every attached file and a manifest of SHA-256 hashes")
    p.add_argument("--allow-missing", action="store_true",
                   help="json: write the export even if some attached files can't be read "
                        "(they are named on stderr); without it, nothing is written (exit 19)")
    add_passphrase_options(p)
    p.set_defaults(handler=_export)

    p = sub.add_parser("search", help="search every entry's text")
    add_path(p)
    p.add_argument("query", help="words to look for")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="show at most N results (default 20)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    add_passphrase_options(p)
    p.set_defaults(handler=_search)

    p = sub.add_parser("import-framework", help="add or update a criteria framework from a JSON file")
    add_path(p)
    p.add_argument("file", metavar="FILE.json", type=Path, help="the framework: id, title and criteria")
    add_passphrase_options(p)
    p.set_defaults(handler=_import_framework)


def _export_format(value: str) -> str:
    """argparse's own "invalid choice" message repeats the whole value, however long."""
    if value not in EXPORT_FORMATS:
        raise argparse.ArgumentTypeError(
            f"{quoted(value)} is not an export format; use one of: {', '.join(EXPORT_FORMATS)}"
        )
    return value


# --- import ---------------------------------------------------------------------------------
def _import(args: argparse.Namespace) -> int:
    from ..services.actions.moving import drop_unsaved_files, import_records
    from ..services.exchange.interchange import load_json_file

    document = load_json_file(args.file)  # a bad file is reported before the slow unlock
    from .common import opened

    with opened(args, write=True) as journal:
        summary = import_records(journal, document, base_dir=args.file.resolve().parent,
                                 restore_erased=set(args.restore_erased)).value
        try:
            journal.save()
        except SaveFailed:
            # Closed unsaved: the files this import sealed go too, leaving the folder as it was.
            drop_unsaved_files(journal)
            raise
    for line in summary.warnings:
        warn(f"warning: {line}")
    print("Imported. " + "; ".join(summary.lines()) + ".")
    return 0


def _import_framework(args: argparse.Namespace) -> int:
    from ..services.actions.moving import import_criteria
    from ..services.exchange.interchange import load_json_file

    data = load_json_file(args.file)
    from .common import opened

    with opened(args, write=True) as journal:
        framework = import_criteria(journal, data).value
        journal.save()
    print(f"Framework {quoted(framework.id)} ({printable(framework.title, 200)}) now has "
          f"{len(framework.criteria)} criteria.")
    return 0


# --- export ---------------------------------------------------------------------------------
def _parse_date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    from datetime import date

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f'{option} "{value}" is not a date like 2026-10-01.') from None


def _export(args: argparse.Namespace) -> int:
    start, end = _parse_date(args.start, "--from"), _parse_date(args.end, "--to")
    if start and end and start > end:
        raise InvalidInput("--from is after --to, so nothing would be exported.")
    out: Path = args.out
    from ..services.actions.journal_file import default_restore_target
    from ..services.actions.moving import check_export_target, export, save_export_note, write_export
    from .common import opened

    # Before the slow unlock: never the journal's own files, a device or pipe, or (without
    # --force) a file that is already there.
    bundle = bool(getattr(args, "bundle", False))
    check_export_target(args.path, out, force=args.force, folder_ok=args.format == "csv" and not bundle)
    if bundle:
        from ..services.export.pack import check_bundle_request

        check_bundle_request(args.format, out)
    # Evidence packs (shown to others) are noted in the journal's audit trail. The learner's
    # own full copies (json, sqlite) only read the journal, so exporting from a copy never
    # changes it; and a backup is never written, so a pack made from one isn't noted either.
    from_backup = default_restore_target(args.path) is not None
    noted = args.format in PACK_FORMATS and not from_backup
    with opened(args, write=noted) as journal:
        options = dict(start=start, end=end, criteria=_criteria(journal, args.criteria),
                       real_names=args.real_names, now=journal.now(), warn=warn, force=args.force,
                       allow_missing=args.allow_missing, bundle=bundle)
        if noted:
            pseudonymised = export(journal, args.format, out, **options).value
        else:
            pseudonymised = write_export(journal, args.format, out, **options)
        # The file exists from here on: say what it is before anything else can fail.
        if not pseudonymised:
            warn(NOT_ENCRYPTED.format(out=out))
        if bundle:
            from .pack_commands import ATTACHMENTS_AS_THEY_ARE

            warn(ATTACHMENTS_AS_THEY_ARE.format(out=out))
        if noted:
            save_export_note(journal, out)  # keeps the audit entry for the export
        elif from_backup and args.format in PACK_FORMATS:
            warn("exported from a backup, which is never changed, so the export is not noted in "
                 "the audit trail")
    print(f"Exported to {printable(str(out))}")
    return 0


def _criteria(journal, text: str | None) -> list[str] | None:
    if not text:
        return None
    wanted = [part.strip() for part in text.split(",") if part.strip()]
    known = {ref for ref, _criterion in journal.criteria()}
    unknown = [ref for ref in wanted if ref not in known]
    if unknown:
        raise InvalidInput(
            f'--criteria: this journal has no criterion "{unknown[0]}" '
            "(use framework-id:code, e.g. crm-unit:1.1)."
        )
    return wanted


# --- search ---------------------------------------------------------------------------------
def _search(args: argparse.Namespace) -> int:
    # Deliberately light: no record classes or repositories, just the index.
    from ..journal.readonly import open_database
    from ..journal.search import MARK_END, MARK_START, search

    if args.limit < 1:
        raise InvalidInput("--limit must be 1 or more.")
    db = open_database(args.path, read_passphrase(args))
    try:
        hits = search(db, args.query, args.limit)
    finally:
        db.close()
    if args.json:
        print_json([
            {"type": h.record_type, "id": h.record_id, "title": h.title,
             "snippet": h.plain_snippet("", ""), "marked": h.plain_snippet("«", "»"), "rank": h.rank}
            for h in hits
        ])
        return 0
    if not hits:
        print(f"No entries match {quoted(args.query)}.")
        return 0
    for hit in hits:
        # Titles and snippets are text someone typed or imported: control characters escaped.
        print(f"{hit.record_type:<12} {printable(hit.record_id)}  {printable(hit.title)}")
        snippet = " ".join(hit.snippet.replace(MARK_START, "«").replace(MARK_END, "»").split())
        print(f"    {printable(snippet)}")
    return 0
