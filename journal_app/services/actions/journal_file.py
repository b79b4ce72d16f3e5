"""The journal file itself: creating it, unlocking, the passphrase, the recovery key, backups.

Each change that touches keys is written and saved at once (the vault rewrites its
header), and noted in the audit trail the same way whichever front end asked.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from ...errors import DamagedJournal, JournalError
from ...journal.records import Framework, Learner
from .changes import Changes
from .running import Done, act

if TYPE_CHECKING:
    from ...journal.journal import Journal
    from ...vault.store import VaultFile

Clock = Callable[[], datetime]


def create_journal(path: Path, passphrase: str, *, learner: Learner | None = None,
                   clock: Clock | None = None) -> tuple[Journal, str]:
    """A new journal file, open and saved, and the recovery key to show once."""
    from ...journal.journal import Journal
    from ...vault.keys import check_new_passphrase

    check_new_passphrase(passphrase)
    journal, recovery_key = Journal.create(Path(path), passphrase, learner=learner, clock=clock)
    try:
        act(journal, lambda: None, event="journal-created")
        journal.save()
    except BaseException:
        journal.close()
        raise
    return journal, recovery_key


def passphrase_strength(passphrase: str) -> tuple[int, str]:
    """The 0-4 score and one sentence of advice for a new passphrase: what the strength
    meter shows, from the same estimate that refuses a weak one (so the two agree)."""
    from ...vault.keys import passphrase_strength as estimate

    return estimate(passphrase)


def check_new_passphrase(passphrase: str) -> None:
    """Raise InvalidInput, in plain words, for a new passphrase that is too short or too
    easy to guess; the same rule for every way of setting one."""
    from ...vault.keys import check_new_passphrase as check

    check(passphrase)


def set_up_profile(journal: Journal, learner: Learner, framework_file: Path | None = None) -> Changes:
    """First run's last step: the learner's details and the criteria their course uses."""

    def work() -> None:
        journal.set_learner(learner)
        if framework_file is not None:
            data = json.loads(Path(framework_file).read_text("utf-8"))
            if data.get("id") not in {f.id for f in journal.frameworks()}:
                journal.add_framework(Framework.from_dict(data, "framework"), builtin=True)
            journal.set_setting("criteria.framework", data.get("id"))

    return act(journal, work).changes


def unlock(path: Path, passphrase: str, *, clock: Clock | None = None, allow_rollback: bool = False,
           lock: bool = True) -> Journal:
    """Open a journal with its passphrase (``lock``: this process may write it)."""
    from ...journal.journal import Journal

    return Journal.open(Path(path), passphrase, clock=clock, allow_rollback=allow_rollback, lock=lock)


def open_with_recovery_key(path: Path, recovery_key: str, *, clock: Clock | None = None) -> Journal:
    """Unlock with the recovery key; ``reset_passphrase`` must follow before anything else."""
    from ...journal.journal import Journal

    return Journal.open_with_recovery(Path(path), recovery_key, clock=clock)


def reset_passphrase(journal: Journal, new_passphrase: str) -> Changes:
    """After unlocking with the recovery key: the new passphrase, saved at once, and the
    forgotten one opens no backup either."""
    from ...vault.keys import check_new_passphrase

    check_new_passphrase(new_passphrase)
    vault = _vault(journal)
    vault.set_passphrase(new_passphrase)
    changes = act(journal, lambda: None, event="passphrase-recovered").changes
    journal.save()
    vault.rewrite_backups()
    return changes


def recover_access(path: Path, recovery_key: str, new_passphrase: str, *,
                   clock: Clock | None = None) -> Journal:
    """Both steps at once (the app asks for the key and the new passphrase together).
    Returns the journal, open; nothing changes if either is refused."""
    from ...vault.keys import check_new_passphrase

    check_new_passphrase(new_passphrase)
    journal = open_with_recovery_key(path, recovery_key, clock=clock)
    try:
        reset_passphrase(journal, new_passphrase)
    except BaseException:
        journal.close()
        raise
    return journal


def change_passphrase(journal: Journal, new: str, *, current: str | None = None,
                      new_recovery_key: bool = False) -> Done[str | None]:
    """Set a new passphrase (and, if asked, a new recovery key, returned to show once).

    ``current`` is checked against the file first when given (the app asks for it; the
    CLI has just unlocked with it). Old backups are replaced so the old passphrase
    opens none of them."""
    from ...vault.keys import check_new_passphrase
    from ...vault.store import VaultFile

    check_new_passphrase(new)
    vault = _vault(journal)
    if current is not None:
        proof, _body = VaultFile.unlock(vault.path, current, lock=False)
        proof.close()
    vault.set_passphrase(new)
    key = vault.new_recovery_key() if new_recovery_key else None
    done = act(journal, lambda: key, event="passphrase-changed", details={"new_recovery_key": bool(key)})
    journal.save()
    vault.rewrite_backups()
    return done


def make_new_recovery_key(journal: Journal) -> Done[str]:
    """Replace the recovery key; the old one stops working, here and in the backups."""
    vault = _vault(journal)
    key = vault.new_recovery_key()
    done = act(journal, lambda: key, event="recovery-key-changed")
    journal.save()
    vault.rewrite_backups()
    return done


def restore_newest_good_backup(path: Path, passphrase: str, *, clock: Clock | None = None) -> Journal:
    """The journal is damaged: put the newest backup this passphrase opens in its place
    (the damaged file is kept beside it as ``.damaged``) and open it."""
    from ...vault.durable import snapshot_file
    from ...vault.store import list_backups

    path = Path(path)
    for backup in list_backups(path):
        try:
            probe = unlock(backup, passphrase, clock=clock, allow_rollback=True, lock=False)
        except JournalError:
            continue
        probe.close()
        kept = _free_name(path.with_name(path.name + ".damaged"))
        if path.exists():
            os.replace(path, kept)
        snapshot_file(backup, path)  # owner-only and atomic, like every file the app writes
        return unlock(path, passphrase, clock=clock, allow_rollback=True)
    raise DamagedJournal(
        "The journal is damaged and none of its backups open with this passphrase. "
        "Nothing was changed."
    )


def replace_backups(journal: Journal) -> None:
    """After a save that removed personal data (erasure, retention): every backup becomes a
    copy of what was just saved, so the removed data survives in no older copy; the
    attached files only the old backups referred to are removed with them."""
    _vault(journal)
    journal.replace_backups()


def write_recovery_key_file(path: Path, key: str) -> None:
    """The recovery key for scripts (``--recovery-key-file``): user-only, written atomically."""
    from ...vault.durable import write_atomic

    write_atomic(Path(path), [(key + "\n").encode()])


def backups_of(path: Path) -> list[Path]:
    """The journal's backups, newest first (read only: for the Settings page and unlock)."""
    from ...vault.store import list_backups

    return list_backups(Path(path))


def _free_name(path: Path) -> Path:
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}{n}")
    return candidate


def _vault(journal: Journal) -> VaultFile:
    if journal.vault is None:
        raise RuntimeError("this journal has no file")
    return journal.vault
