"""The journal file itself: creating it, unlocking, the passphrase, the recovery key, backups.

Each change that touches keys gives the journal a new data key (``_rekey``): the body and
every attached file are sealed again and saved at once, the backups replaced, and the change
noted in the audit trail the same way whichever front end asked.
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
    from ...errors import JournalNotCreated, SaveFailed
    from ...journal.journal import Journal
    from ...vault.keys import check_new_passphrase

    check_new_passphrase(passphrase)
    path = Path(path)
    existed = os.path.lexists(path)
    try:
        journal, recovery_key = Journal.create(path, passphrase, learner=learner, clock=clock)
    except SaveFailed as error:
        if not existed:
            _remove_unfinished(path)
        raise JournalNotCreated(error.reason) from error
    try:
        act(journal, lambda: None, event="journal-created")
        journal.save()
    except BaseException as error:
        journal.close()
        _remove_unfinished(path)  # nothing is left behind, as the message says
        if isinstance(error, SaveFailed):
            raise JournalNotCreated(error.reason) from error
        raise
    return journal, recovery_key


def _remove_unfinished(path: Path) -> None:
    """Take away a journal that ``create_journal`` made but could not finish saving: the
    file, its backups, its stray temp files and its (empty) attachments folder. Best effort:
    on a full disk removing a file still works."""
    import contextlib

    from ...vault.attachments import folder_for
    from ...vault.durable import stale_temp_files
    from ...vault.lock import lock_path
    from ...vault.store import list_backups

    for made in [*list_backups(path), *stale_temp_files(path), path, lock_path(path)]:
        with contextlib.suppress(OSError):
            made.unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        folder_for(path).rmdir()  # only if empty: a new journal has no attached files


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


def reset_passphrase(journal: Journal, new_passphrase: str, recovery_key: str | None = None) -> Changes:
    """After unlocking with the recovery key: a new data key under the new passphrase and
    the same recovery key (``recovery_key``, else the one the journal was unlocked with),
    saved at once; the forgotten passphrase opens no backup, and an old copy of the file
    with it decrypts nothing saved from now on."""
    from ...vault.keys import check_new_passphrase

    check_new_passphrase(new_passphrase)
    vault = _vault(journal)
    secret = vault.recovery_secret(recovery_key)
    return _rekey(journal, new_passphrase, secret, None, event="passphrase-recovered",
                  details={}).changes


def recover_access(path: Path, recovery_key: str, new_passphrase: str, *,
                   clock: Clock | None = None) -> Journal:
    """Both steps at once (the app asks for the key and the new passphrase together).
    Returns the journal, open; nothing changes if either is refused."""
    from ...vault.keys import check_new_passphrase

    check_new_passphrase(new_passphrase)
    journal = open_with_recovery_key(path, recovery_key, clock=clock)
    try:
        reset_passphrase(journal, new_passphrase, recovery_key)
    except BaseException:
        journal.close()
        raise
    return journal


def change_passphrase(journal: Journal, new: str, *, current: str | None = None,
                      new_recovery_key: bool = False, recovery_key: str | None = None) -> Done[str | None]:
    """Set a new passphrase under a new data key: the body and every attached file are
    sealed again, and the backups replaced, so the old passphrase (and an old copy of the
    file with it) opens nothing saved from now on.

    The recovery slot can only be remade with the recovery key itself: give the current
    one (``recovery_key``, checked) or ask for a new one (``new_recovery_key``; returned,
    to show once). ``current`` is checked against the file first when given (the app asks
    for it; the CLI has just unlocked with it)."""
    from ...vault.keys import check_new_passphrase

    check_new_passphrase(new)
    vault = _vault(journal)
    if current is not None:
        vault.check_passphrase(current)
    secret, key = _recovery_for(journal, recovery_key, new_recovery_key)
    return _rekey(journal, new, secret, key, event="passphrase-changed",
                  details={"new_recovery_key": bool(key)})


def make_new_recovery_key(journal: Journal, passphrase: str) -> Done[str]:
    """A new recovery key under a new data key (the passphrase stays: ``passphrase`` is the
    current one, checked); the old key opens nothing, here, in the backups, or in anything
    saved from now on. Returns the new key to show once."""
    vault = _vault(journal)
    vault.check_passphrase(passphrase)
    secret, key = _recovery_for(journal, None, True)
    done = _rekey(journal, passphrase, secret, key, event="recovery-key-changed", details={})
    assert done.value is not None
    return Done(done.value, done.changes)


def rekey_journal(journal: Journal, passphrase: str, *, recovery_key: str | None = None,
                  new_recovery_key: bool = False, reason: str = "asked") -> Done[str | None]:
    """A new data key, keeping the passphrase (``passphrase``: the current one, checked):
    offered after an erasure, so an old copy of the journal or a backup left on a USB stick
    opens nothing saved from now on. The recovery key is kept (``recovery_key``, checked)
    or replaced (``new_recovery_key``; returned, to show once)."""
    vault = _vault(journal)
    vault.check_passphrase(passphrase)
    secret, key = _recovery_for(journal, recovery_key, new_recovery_key)
    return _rekey(journal, passphrase, secret, key, event="journal-rekeyed",
                  details={"reason": reason, "new_recovery_key": bool(key)})


def _recovery_for(journal: Journal, recovery_key: str | None, new: bool) -> tuple[bytes, str | None]:
    """(recovery secret for the new slot, new key text to show or None)."""
    from ...errors import InvalidInput
    from ...vault.keys import format_recovery_key, new_recovery_secret

    if new:
        secret = new_recovery_secret()
        return secret, format_recovery_key(secret)
    if recovery_key is None:
        raise InvalidInput(
            "Changing the journal's key needs your recovery key too: type your current one to "
            "keep it, or ask for a new one. Nothing was changed."
        )
    return _vault(journal).recovery_secret(recovery_key), None


def _rekey(journal: Journal, passphrase: str, secret: bytes, new_key: str | None, *, event: str,
           details: dict[str, object]) -> Done[str | None]:
    """Seal the journal and every attached file under a fresh data key, crash-safely.

    The order makes a kill at any moment leave the old state or the new one: (1) every
    attached file is sealed again under the new key and a new name, beside the old ones;
    (2) the journal, pointing at the new names, is written under the new key (one atomic
    replace: before it the old journal, old backups and old files are all there); (3) the
    backups are replaced by copies of it; (4) the old files, which no saved copy names any
    more, are removed. The body records the generation the new key starts at, so after a
    kill between (2) and (3) the older backups are known to be under the old key: nothing
    is removed while they exist, and the next save replaces them."""
    from ...journal.attachments import placed, point_at_resealed, reseal_files
    from ...vault.durable import SaveFailedAfterReplace

    vault = _vault(journal)
    with vault.rekeying() as plan:
        with journal.lock_database():
            before = journal.db.serialize()
        renames, unreadable = reseal_files(journal, plan)

        def work() -> str | None:
            journal.key_epoch += 1  # snapshots taken before this name the old files
            point_at_resealed(journal, renames)
            journal.set_meta("key_generation", str(plan.generation))
            return new_key

        audit = dict(details, new_data_key=True, files_resealed=len(renames),
                     files_not_resealed=len(unreadable))
        try:
            done = act(journal, work, event=event, details=audit)
            plan.commit(journal.snapshot(), passphrase, secret)
        except SaveFailedAfterReplace:
            placed(journal, set(renames.values()))
            raise
        except BaseException:
            journal.restore_image(before)
            journal.key_epoch += 1  # snapshots taken meanwhile name the discarded files
            from ...journal.attachments import discard_new_blob

            for blob in renames.values():
                discard_new_blob(journal, blob)
            raise
        finally:
            del before
        placed(journal, set(renames.values()))
    if vault.backups_pending:
        journal.replace_backups()  # raises BackupsNotReplaced, in plain words, if it can't
    else:
        journal.collect_files()
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
