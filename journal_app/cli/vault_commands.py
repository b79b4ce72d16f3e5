"""init, verify, passwd, recover, restore: the journal file itself."""

from __future__ import annotations

import argparse
import os
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
    add_passphrase_options(p, accept_older=False)
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
                   help="read the new passphrase from FILE (else a prompt, typed twice; "
                        "$JOURNAL_PASSPHRASE is never used here)")
    p.add_argument("--accept-older", action="store_true",
                   help="open this journal even though it is older than the copy last opened at this "
                        "place on this computer (noted in its audit trail)")
    p.set_defaults(handler=cmd_recover)

    p = sub.add_parser(
        "restore", help="put a backup (or another copy) back in use as the journal",
        description="Restores BACKUP (e.g. journal.pjournal.bak2) as the journal it belongs to, or "
        "as PATH with --to. The backup itself is not changed. What is there now is kept: as the "
        "journal's newest backup, or beside it as NAME.damaged if it is damaged. The restored "
        "journal is saved as newer than any copy this computer has seen, so it opens with no "
        "warning, and the restore is noted in its audit trail.",
    )
    p.add_argument("backup", metavar="BACKUP", type=Path, help="the backup or copy to restore")
    p.add_argument("--to", type=Path, metavar="PATH",
                   help="where to put it (default: the journal BACKUP is a backup of)")
    add_passphrase_options(p, accept_older=False)
    p.set_defaults(handler=cmd_restore)


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
    from ..services.actions.journal_file import write_recovery_key_file

    if args.recovery_key_file:
        try:
            write_recovery_key_file(args.recovery_key_file, key)
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
    from ..journal.records import Learner
    from ..services.actions.journal_file import create_journal

    if args.path.exists():
        raise JournalAlreadyExists(args.path)
    _check_key_file_free(args)
    passphrase = read_new_passphrase(args)
    learner = Learner(name=args.name) if args.name else None
    journal, recovery_key = create_journal(args.path, passphrase, learner=learner)
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
    from ..services.actions.journal_file import change_passphrase, unlock

    _check_key_file_free(args)
    journal = unlock(args.path, read_passphrase(args, "Current passphrase: "))
    try:
        assert journal.vault is not None  # opened from a file
        new = read_new_passphrase(args, "new_passphrase_file", use_env=False)
        new_key = change_passphrase(journal, new, new_recovery_key=bool(args.recovery_key_file)).value
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
    from ..services.actions.journal_file import open_with_recovery_key, reset_passphrase
    from .common import PASSPHRASE_ENV, warn

    if os.environ.get(PASSPHRASE_ENV) and not args.new_passphrase_file:
        # It holds the passphrase being replaced, if anything: never take it as the new one.
        warn(f"${PASSPHRASE_ENV} is not used by 'recover'; the new passphrase is asked for instead.")
    journal = open_with_recovery_key(args.path, _read_recovery_key(args), allow_rollback=args.accept_older)
    try:
        reset_passphrase(journal, read_new_passphrase(args, "new_passphrase_file", use_env=False))
    finally:
        journal.close()
    print("New passphrase set. Your recovery key still works; keep it safe.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from ..services.actions.journal_file import restore_copy

    journal, restored = restore_copy(args.backup, read_passphrase(args), to=args.to)
    journal.close()
    print(restored.as_text())
    return 0
