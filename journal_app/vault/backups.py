"""Rolling encrypted backups beside the journal: ``<journal>.bak1`` (newest) … ``.bakN``.

A backup is a byte-for-byte earlier version of the journal file, so it is exactly as
encrypted as the journal and opens with the same passphrase or recovery key.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from ..errors import SaveFailed
from .durable import discard, explain, fsync_dir, replace_with_retry, snapshot_file, stage_copy

DEFAULT_BACKUPS = 3
_BACKUP_NAME = re.compile(r"\.bak([1-9][0-9]?)")


def backup_path(journal: Path, n: int) -> Path:
    return journal.with_name(f"{journal.name}.bak{n}")


def damaged_copies(journal: Path) -> list[Path]:
    """``NAME.damaged``, ``NAME.damaged2``…: a damaged journal kept aside when the newest good
    backup was put in its place. They hold old data under old keys, so whatever replaces
    the backups (an erasure, retention, a new passphrase) removes them too."""
    journal = Path(journal)
    try:
        names = os.listdir(journal.parent or Path("."))
    except OSError:
        return []
    pattern = re.compile(re.escape(journal.name) + r"\.damaged\d*")
    return sorted(journal.with_name(n) for n in names if pattern.fullmatch(n))


def list_backups(journal: Path) -> list[Path]:
    """Existing backups, newest first."""
    journal = Path(journal)
    prefix = journal.name
    try:
        names = os.listdir(journal.parent or Path("."))
    except OSError:
        return []
    numbered = []
    for name in names:
        if name.startswith(prefix):
            match = _BACKUP_NAME.fullmatch(name[len(prefix) :])
            if match:
                numbered.append((int(match.group(1)), journal.with_name(name)))
    return [path for _n, path in sorted(numbered)]


def is_backup(path: Path) -> bool:
    """True for a file named like one of our backups (``something.bakN``)."""
    stem, dot, number = Path(path).name.rpartition(".bak")
    return bool(stem and dot) and _BACKUP_NAME.fullmatch(f".bak{number}") is not None


def journal_of(path: Path) -> Path:
    """The journal a backup belongs to (``NAME.bak2`` → ``NAME``); any other path itself. A
    backup shares its journal's attachments folder."""
    path = Path(path)
    return path.with_name(path.name.rpartition(".bak")[0]) if is_backup(path) else path


def stage(journal: Path) -> Path:
    """The journal as it is now, kept under a temp name until the save that replaces it
    has succeeded; then ``rotate(journal, keep, staged)`` makes it ``.bak1``, and on
    failure ``discard(staged)`` leaves the backups exactly as they were."""
    return stage_copy(journal, backup_path(journal, 1))


def rotate(journal: Path, keep: int, staged: Path | None = None) -> None:
    """Shift .bak1→.bak2→… (dropping the oldest) and put ``staged`` (else a snapshot of
    the journal as it is now) in place as .bak1."""
    if keep <= 0:
        discard(staged)
        return
    try:
        for old in list_backups(journal):
            if int(old.name.rsplit(".bak", 1)[1]) > keep:
                old.unlink()
        for n in range(keep - 1, 0, -1):
            src = backup_path(journal, n)
            if src.exists():
                replace_with_retry(src, backup_path(journal, n + 1))
        if staged is not None:
            replace_with_retry(staged, backup_path(journal, 1))
            fsync_dir(journal.parent)
            return
    except OSError as error:
        discard(staged)
        raise SaveFailed(explain(error)) from error
    snapshot_file(journal, backup_path(journal, 1))


def replace_all(journal: Path, keep: int) -> None:
    """Drop every backup and, if backups are on, start again from the journal as it is now.

    The new copy is made first: if that fails (a full disk) the old backups are all still
    there and ``BackupsNotReplaced`` says so, rather than leaving no backup at all."""
    staged = None
    try:
        if keep > 0:
            staged = stage_copy(journal, backup_path(journal, 1))
        for old in list_backups(journal) + damaged_copies(journal):
            old.unlink()
        if staged is not None:
            replace_with_retry(staged, backup_path(journal, 1))
            staged = None
        fsync_dir(journal.parent)
    except SaveFailed as error:
        raise BackupsNotReplaced(error.reason) from error
    except OSError as error:
        raise BackupsNotReplaced(explain(error)) from error
    finally:
        discard(staged)


class BackupsNotReplaced(SaveFailed):
    """The journal itself is saved; its older copies could not be replaced."""

    title = "Backups not replaced"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.args = (
            f"Your journal is saved, but its older backup copies could not be replaced ({reason}). "
            "They still hold the journal as it was before. Free some space, then do it again so "
            "they are replaced.",
        )

    def __str__(self) -> str:
        return str(self.args[0])


def remove_stale(paths: list[Path]) -> None:
    for stale in paths:
        with contextlib.suppress(OSError):
            stale.unlink()
