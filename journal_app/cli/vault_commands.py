"""init, verify, passwd, recover: the journal file itself."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .common import (
    add_passphrase_options,
    add_path,
    read_new_passphrase,
    read_passphrase,
)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init", help="create a new encrypted journal")
    add_path(p)
    add_passphrase_options(p)
    p.add_argument("--recovery-key-file", type=Path, metavar="FILE",
                   help="write the recovery key to FILE instead of showing it")
    p.add_argument("--name", default="", help="your name (the learner)")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("verify", help="check a journal's integrity and show what it holds")
    add_path(p)
    add_passphrase_options(p)
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=cmd_verify)

    p = sub.add_parser("passwd", help="change the passphrase (the data stays as it is)")
    add_path(p)
    add_passphrase_options(p)
    p.add_argument("--new-passphrase-file", type=Path, metavar="FILE",
                   help="read the new passphrase from FILE")
    p.add_argument("--recovery-key-file", type=Path, metavar="FILE",
                   help="also make a new recovery key and write it to FILE")
    p.set_defaults(handler=cmd_passwd)

    p = sub.add_parser("recover", help="use the recovery key to set a new passphrase")
    add_path(p)
    p.add_argument("--recovery-key-file", type=Path, metavar="FILE",
                   help="read the recovery key from FILE (else a prompt)")
    p.add_argument("--new-passphrase-file", type=Path, metavar="FILE",
                   help="read the new passphrase from FILE (else $JOURNAL_PASSPHRASE, else a prompt)")
    p.set_defaults(handler=cmd_recover)


def _check_key_file_free(args: argparse.Namespace) -> None:
    """Refuse before changing anything if writing the new key would replace another file."""
    target = getattr(args, "recovery_key_file", None)
    if target and Path(target).exists():
        from ..errors import InvalidInput

        raise InvalidInput(
            f"{target} already exists. Choose a new file for the recovery key, so an older "
            "key is never overwritten. Nothing was changed."
        )


def _show_recovery_key(key: str, args: argparse.Namespace) -> None:
    from ..errors import SaveFailed
    from ..vault.durable import write_atomic

    if args.recovery_key_file:
        try:
            write_atomic(args.recovery_key_file, [(key + "\n").encode()])
        except SaveFailed as error:
            # The key is already in use by the journal: losing it now would be worse than
            # showing it, so show it.
            print(f"journal-app: could not write {args.recovery_key_file} ({error})", file=sys.stderr)
        else:
            print(f"Recovery key written to {args.recovery_key_file}. Keep it somewhere safe, "
                  "away from this PC.")
            return
    print("Your recovery key (shown only now: write it down and keep it safe):")
    print(f"    {key}")


def cmd_init(args: argparse.Namespace) -> int:
    from ..errors import JournalAlreadyExists
    from ..journal.journal import Journal
    from ..journal.records import Learner

    if args.path.exists():
        raise JournalAlreadyExists(args.path)
    _check_key_file_free(args)
    passphrase = read_new_passphrase(args)
    learner = Learner(name=args.name) if args.name else None
    journal, recovery_key = Journal.create(args.path, passphrase, learner=learner)
    try:
        _audit(journal, "journal-created", {})
        journal.save()
    finally:
        journal.close()
    print(f"Created {args.path}.")
    _show_recovery_key(recovery_key, args)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from ..services.verify import verify_journal

    report = verify_journal(args.path, read_passphrase(args))
    if args.json:
        from .common import print_json

        print_json(report.as_dict())
    else:
        print(report.as_text())
    return 0 if report.ok else 5


def cmd_passwd(args: argparse.Namespace) -> int:
    from ..journal.journal import Journal

    _check_key_file_free(args)
    journal = Journal.open(args.path, read_passphrase(args, "Current passphrase: "))
    try:
        new = read_new_passphrase(args, "new_passphrase_file", use_env=False)
        journal.vault.set_passphrase(new)
        new_key = journal.vault.new_recovery_key() if args.recovery_key_file else None
        _audit(journal, "passphrase-changed", {"new_recovery_key": bool(new_key)})
        journal.save()
        # Backups still hold the old key slots: replace them so the old passphrase (or
        # old recovery key) opens nothing.
        journal.vault.rewrite_backups()
    finally:
        journal.close()
    print("Passphrase changed.")
    if new_key:
        _show_recovery_key(new_key, args)
    return 0


def _read_recovery_key(args: argparse.Namespace) -> str:
    from .common import _prompt, _read_first_line

    if args.recovery_key_file:
        return _read_first_line(args.recovery_key_file, "recovery key")
    return _prompt("Recovery key: ", "recovery key")


def cmd_recover(args: argparse.Namespace) -> int:
    from ..journal.journal import Journal

    key = _read_recovery_key(args)
    journal = Journal.open_with_recovery(args.path, key)
    try:
        new = read_new_passphrase(args, "new_passphrase_file", use_env=True)
        journal.vault.set_passphrase(new)
        _audit(journal, "passphrase-recovered", {})
        journal.save()
        journal.vault.rewrite_backups()  # the forgotten passphrase must not open old copies
    finally:
        journal.close()
    print("New passphrase set. Your recovery key still works; keep it safe.")
    return 0


def _audit(journal, event: str, details: dict) -> None:
    from ..journal.audit import record_event

    record_event(journal, event, details)
