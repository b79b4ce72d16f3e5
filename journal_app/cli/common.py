"""Helpers shared by the commands: reading passphrases, opening journals, printing."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InvalidInput, one_line

if TYPE_CHECKING:
    from ..journal.journal import Journal

PASSPHRASE_ENV = "JOURNAL_PASSPHRASE"


def add_path(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="PATH", type=Path, help="the journal file")


def add_passphrase_options(parser: argparse.ArgumentParser, *, accept_older: bool = True) -> None:
    parser.add_argument(
        "--passphrase-file", type=Path, metavar="FILE",
        help=f"read the passphrase from the first line of FILE (else ${PASSPHRASE_ENV}, else a prompt)",
    )
    if accept_older:
        parser.add_argument(
            "--accept-older", action="store_true",
            help="open this journal even though it is older than the copy last opened at this place "
            "on this computer (exit 10 otherwise); the choice is saved and noted in its audit trail",
        )


def accept_older_if_asked(args: argparse.Namespace) -> None:
    """``--accept-older``: before the command runs, take the older copy at ``args.path`` as
    the journal on purpose (noted in its audit trail and saved, so it opens normally)."""
    if not getattr(args, "accept_older", False) or not getattr(args, "path", None):
        return
    if not hasattr(args, "passphrase_file"):
        return  # opened another way (the recovery key): the command handles it itself
    from ..services.actions.journal_file import accept_older_copy

    older = accept_older_copy(args.path, read_passphrase(args))
    if older:
        warn(f"opened an older copy on purpose (save {older[1]}; this computer had seen save "
             f"{older[0]} at this place). That is noted in the journal's audit trail.")


def add_at_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--at", metavar="ISO-TIME", help="pretend it is this time (e.g. 2026-11-23T09:00:00+00:00)"
    )


def parse_at(value: str | None) -> datetime:
    if not value:
        return datetime.now().astimezone()
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f'"{value}" is not a date and time like 2026-11-23T09:00:00+00:00.') from None
    return moment if moment.tzinfo else moment.astimezone()


def _read_first_line(path: Path, what: str) -> str:
    try:
        text = path.read_text("utf-8")
    except OSError as error:
        raise InvalidInput(f"Can't read the {what} file {path}: {error.strerror}.") from None
    except UnicodeDecodeError:
        raise InvalidInput(f"The {what} file {path} is not text.") from None
    line = text.splitlines()[0] if text.splitlines() else ""
    return line.rstrip("\r\n")


def read_passphrase(args: argparse.Namespace, prompt: str = "Passphrase: ") -> str:
    known = getattr(args, "_passphrase", None)
    if isinstance(known, str):
        return known  # asked once already (--accept-older opened the journal first)
    if getattr(args, "passphrase_file", None):
        passphrase = _read_first_line(args.passphrase_file, "passphrase")
    elif os.environ.get(PASSPHRASE_ENV):
        passphrase = os.environ[PASSPHRASE_ENV]
    else:
        passphrase = _prompt(prompt)
    if getattr(args, "accept_older", False):
        args._passphrase = passphrase
    return passphrase


def read_new_passphrase(
    args: argparse.Namespace, file_attr: str = "passphrase_file", *, use_env: bool = True
) -> str:
    """A new passphrase: from its file option, or typed twice at a terminal, or one line on
    standard input (scripts). ``use_env``: ${PASSPHRASE_ENV} may give it too (only ``init``,
    where it names the passphrase of the journal being made; elsewhere it is the old one)."""
    source = getattr(args, file_attr, None)
    if source:
        return _read_first_line(source, "passphrase")
    if use_env and os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    option = "--" + file_attr.replace("_", "-")
    how = f"set {PASSPHRASE_ENV}, or use {option}" if use_env else f"or use {option}"
    first = _prompt("New passphrase: ", "new passphrase", f"Type it at the prompt, {how}.")
    if not _interactive():
        return first  # piped in by a script: once is enough, nobody typed it blind
    second = _prompt("Type it again: ", "new passphrase")
    if first != second:
        raise InvalidInput("The two passphrases don't match. Nothing was changed.")
    return first


def _interactive() -> bool:
    return bool(sys.stdin) and sys.stdin.isatty()


def _prompt(prompt: str, what: str = "passphrase", how: str = "") -> str:
    """Ask at the terminal without echo; from a pipe, read one line (scripts)."""
    if not _interactive():
        line = sys.stdin.readline() if sys.stdin else ""
        if line.strip("\r\n"):
            return line.rstrip("\r\n")
        if not how:
            how = (
                f"Type it at a prompt, set {PASSPHRASE_ENV}, or use --passphrase-file."
                if what == "passphrase" else "Type it at the prompt or use --recovery-key-file."
            )
        raise InvalidInput(f"No {what} given. {how}")
    import getpass

    return getpass.getpass(prompt)


def open_journal(args: argparse.Namespace, *, write: bool = False) -> Journal:
    """Unlock the journal named by ``args.path``; only writers take the lock."""
    from ..journal.journal import Journal

    if write:
        refuse_backup(args.path)
    return Journal.open(args.path, read_passphrase(args), lock=write)


def refuse_backup(path: Path) -> None:
    """A command that changes the journal, given one of its backups: say so before asking
    for the passphrase (backups are never written; ``restore`` puts one back in use)."""
    from ..services.actions.journal_file import refuse_backup as refuse

    refuse(path)


@contextlib.contextmanager
def opened(args: argparse.Namespace, *, write: bool = False) -> Iterator[Journal]:
    """``with opened(args) as journal:`` unlocks, and always closes (and unlocks the file)."""
    journal = open_journal(args, write=write)
    try:
        yield journal
    finally:
        journal.close()


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def warn(message: str) -> None:
    print(f"journal-app: {one_line(message)}", file=sys.stderr)


def text_option(option: str, value: str | None) -> None:
    """Refuse (exit 13) a value given on the command line that holds bytes that aren't text:
    it could be neither found nor stored. The value is shown quoted, escaped and cut short."""
    from ..errors import NotText, undecodable

    if value is not None and undecodable(value):
        raise NotText(option, value)


def printable_lines(text: str) -> str:
    """Lines for standard output with any control character in them (from a file name or a
    value someone typed) shown as an escape, so a terminal shows them as they are."""
    from ..errors import printable

    return "\n".join(printable(line) for line in text.split("\n"))
