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

    p = sub.add_parser(
        "passwd", help="change the passphrase (and the journal's key, so old copies open nothing new)",
        description="Sets a new passphrase under a new data key: the journal and every attached file "
        "are sealed again and the backups replaced, so the old passphrase, with an old copy of the "
        "file, opens nothing saved from now on. The recovery key is kept (give it with "
        "--keep-recovery-key-file, or type it at the prompt) or a new one is made (--recovery-key-file, "
        "or press Enter at the prompt; without a terminal and without either option a new one is "
        "printed).",
    )
    add_path(p)
    add_passphrase_options(p)
    p.add_argument("--new-passphrase-file", type=Path, metavar="FILE",
                   help="read the new passphrase from FILE")
    add_rekey_options(p)
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


def add_rekey_options(parser: argparse.ArgumentParser) -> None:
    """How a command that gives the journal a new data key treats the recovery key."""
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--recovery-key-file", type=Path, metavar="FILE",
                       help="make a new recovery key and write it to FILE (user-only, 0600)")
    which.add_argument("--keep-recovery-key-file", type=Path, metavar="FILE",
                       help="keep your current recovery key: read it from FILE")


def recovery_choice(args: argparse.Namespace) -> tuple[str | None, bool]:
    """(current recovery key to keep, or None; True to make a new one) for a re-key.

    From the options; else at a terminal "type it, or press Enter for a new one"; else one
    line of standard input (empty or none: a new key, printed)."""
    from .common import _interactive, _read_first_line

    if getattr(args, "keep_recovery_key_file", None):
        return _read_first_line(args.keep_recovery_key_file, "recovery key"), False
    if getattr(args, "recovery_key_file", None):
        return None, True
    if _interactive():
        import getpass

        typed = getpass.getpass("Your recovery key, to keep it (or press Enter for a new one): ")
    else:
        try:
            typed = sys.stdin.readline() if sys.stdin else ""
        except (OSError, ValueError):  # no standard input to read
            typed = ""
    typed = typed.strip()
    return (typed, False) if typed else (None, True)


CHECK_GROUP = 3  # as at first run: the learner types this group of a new key back


def _check_written_down(key: str) -> None:
    """At a terminal, the same check as first run: type one group of the new key back."""
    from ..services.actions.journal_file import key_group_matches
    from .common import _interactive

    if not _interactive():
        return
    group = key.split("-")[CHECK_GROUP - 1]
    while True:
        typed = input(f"To check you have it, type group {CHECK_GROUP} of your recovery key: ")
        if key_group_matches(typed, group):
            print("That matches. Keep the key somewhere safe, away from this computer.")
            return
        print(f"That isn't group {CHECK_GROUP}; look again at the key above.")


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
    from ..errors import SaveFailed, printable
    from ..services.actions.journal_file import write_recovery_key_file

    if args.recovery_key_file:
        try:
            write_recovery_key_file(args.recovery_key_file, key)
        except SaveFailed as error:
            # The key is already in use by the journal: losing it now would be worse than
            # showing it, so show it.
            from ..errors import quoted_path

            what = ("wrote {} but the disk could not confirm it is stored" if getattr(
                error, "replaced", False) else "could not write {}").format(
                quoted_path(args.recovery_key_file))
            print(f"journal-app: {what} ({printable(error.reason, 300)}); the key is shown here instead",
                  file=sys.stderr)
        else:
            shown = printable(str(args.recovery_key_file))
            print(f"Recovery key written to {shown}. Keep it somewhere safe, away from this PC.")
            return
    print("Your recovery key (shown only now: write it down and keep it safe):")
    print(f"    {key}")
    _check_written_down(key)


def show_new_recovery_key(key: str, args: argparse.Namespace) -> None:
    """A new key made by a re-key: to its file, or shown once (and checked at a terminal)."""
    print("Your recovery key has changed; the old one no longer opens anything.")
    _show_recovery_key(key, args)


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
    from ..errors import printable

    print(f"Created {printable(str(args.path))}.")
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
        keep, make_new = recovery_choice(args)
        new_key = change_passphrase(journal, new, recovery_key=keep, new_recovery_key=make_new).value
    finally:
        journal.close()
    print("Passphrase changed, under a new key: older copies of the journal open nothing saved from now on.")
    if new_key:
        show_new_recovery_key(new_key, args)
    else:
        print("Your recovery key still works; keep it safe.")
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
    recovery_key = _read_recovery_key(args)
    journal = open_with_recovery_key(args.path, recovery_key, allow_rollback=args.accept_older)
    try:
        reset_passphrase(journal, read_new_passphrase(args, "new_passphrase_file", use_env=False),
                         recovery_key)
    finally:
        journal.close()
    print("New passphrase set, under a new key: older copies of the journal open nothing saved from "
          "now on. Your recovery key still works; keep it safe.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from ..services.actions.journal_file import restore_copy

    journal, restored = restore_copy(args.backup, read_passphrase(args), to=args.to)
    journal.close()
    print(restored.as_text())
    return 0
