"""The journal file itself: creating it, unlocking, the passphrase, the recovery key, backups.

Each change that touches keys gives the journal a new data key (``_rekey``): the body and
every attached file are sealed again and saved at once, the backups replaced, and the change
noted in the audit trail the same way whichever front end asked.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
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

    if lock:
        refuse_backup(path)
    journal = Journal.open(Path(path), passphrase, clock=clock, allow_rollback=allow_rollback, lock=lock)
    if lock and journal.vault is not None and journal.vault.opened_older:
        try:
            note_older_copy_accepted(journal)
        except BaseException:
            journal.close()
            raise
    return journal


def refuse_backup(path: Path) -> None:
    """BackupNotWritable for one of a journal's backups (``NAME.bakN``), which is opened
    only to read: restoring it (``restore_copy``) is how it is put back in use."""
    from ...errors import BackupNotWritable
    from ...vault.backups import is_backup

    if is_backup(Path(path)):
        raise BackupNotWritable(path)


def note_older_copy_accepted(journal: Journal) -> Changes:
    """An older copy than this computer last saw at that place was opened on purpose: the
    choice goes in the audit trail and is saved at once, so the copy opens normally from
    now on (its next generation is above every one seen)."""
    vault = _vault(journal)
    seen, found = vault.opened_older or (0, 0)
    changes = act(journal, lambda: None, event="older-copy-accepted",
                  details={"save_found": found, "save_expected": seen}).changes
    journal.save()
    return changes


def accept_older_copy(path: Path, passphrase: str, *, clock: Clock | None = None) -> tuple[int, int] | None:
    """``--accept-older``: open the journal at ``path`` even if it is older than the copy
    this computer last saw there, note that in its audit trail and save it. Returns
    (expected, found) save numbers when it was older, else None (nothing written). A
    backup is never flagged as older, and never written, so nothing is done for one."""
    from ...journal.journal import Journal
    from ...vault.backups import is_backup

    if is_backup(Path(path)):
        return None
    journal = Journal.open(Path(path), passphrase, clock=clock, allow_rollback=True, lock=True)
    try:
        older = _vault(journal).opened_older
        if older:
            note_older_copy_accepted(journal)
    finally:
        journal.close()
    return older


def open_with_recovery_key(path: Path, recovery_key: str, *, clock: Clock | None = None,
                           allow_rollback: bool = False) -> Journal:
    """Unlock with the recovery key; ``reset_passphrase`` must follow before anything else.
    ``allow_rollback``: an older copy is taken on purpose (noted in its audit trail)."""
    from ...journal.journal import Journal

    refuse_backup(path)
    journal = Journal.open_with_recovery(Path(path), recovery_key, clock=clock, allow_rollback=allow_rollback)
    if journal.vault is not None and journal.vault.opened_older:
        try:
            note_older_copy_accepted(journal)
        except BaseException:
            journal.close()
            raise
    return journal


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
    (the damaged file is kept beside it as ``.damaged``) and open it. Like ``restore``,
    the restored journal is saved as newer than any copy seen, so it opens with no warning."""
    from ...vault.store import VaultFile, list_backups

    path = Path(path)
    for backup in list_backups(path):
        try:
            source, body = VaultFile.unlock(backup, passphrase, lock=False, allow_rollback=True)
        except JournalError:
            continue
        return _restore_opened(source, body, backup, path, clock)[0]
    raise DamagedJournal(
        "The journal is damaged and none of its backups open with this passphrase. "
        "Nothing was changed."
    )


@dataclass
class Restored:
    """What ``restore`` did, in words the learner can act on."""

    source: Path
    target: Path
    generation: int
    replaced: str  # "nothing", "kept-as-backup" or "kept-damaged"
    kept_at: Path | None = None
    files_copied: int = 0
    files_missing: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        lines = [
            f"Restored {self.source} to {self.target}. It is now save {self.generation}, newer than "
            "any copy this computer has seen, so it opens with no warning."
        ]
        if self.replaced == "kept-as-backup" and self.kept_at is not None:
            lines.append(f"The journal that was there is kept as its newest backup, {self.kept_at.name}.")
        elif self.replaced == "kept-damaged" and self.kept_at is not None:
            lines.append(f"The damaged file that was there is kept as {self.kept_at.name}.")
        if self.files_copied:
            lines.append(f"Copied {self.files_copied} attached file"
                         f"{'' if self.files_copied == 1 else 's'} beside it.")
        if self.files_missing:
            lines.append("These evidence items' attached files could not be found, so they are "
                         "missing from the restored journal: " + ", ".join(self.files_missing) + ".")
        return "\n".join(lines)


def default_restore_target(source: Path) -> Path | None:
    """Where a backup goes back to: ``NAME.bakN`` → ``NAME``; None for any other copy."""
    from ...vault.backups import is_backup, journal_of

    return journal_of(Path(source)) if is_backup(Path(source)) else None


def restore_copy(source: Path, passphrase: str, *, to: Path | None = None,
                 clock: Clock | None = None) -> tuple[Journal, Restored]:
    """``journal-app restore BACKUP [--to PATH]``: put a backup (or any copy of a journal)
    back in use at ``to`` (for ``NAME.bakN``, by default ``NAME``). The backup itself is
    not changed. What was at ``to`` is kept (as its newest backup, or aside as
    ``.damaged``), the restored journal is saved with a generation above any seen on this
    computer and the restore is noted in its audit trail. Returns it open."""
    from ...errors import InvalidInput, quoted_path
    from ...vault.store import VaultFile

    source = Path(source)
    target = Path(to) if to is not None else default_restore_target(source)
    if target is None:
        raise InvalidInput(
            f"{quoted_path(source)} is not named like a backup (NAME.bak1…), so say where to put it "
            "back with --to PATH."
        )
    if not source.is_file():
        from ...errors import JournalNotFound

        raise JournalNotFound(source)
    if target.exists() and source.resolve() == target.resolve():
        raise InvalidInput(f"{quoted_path(source)} is already there; give another place with --to.")
    opened, body = VaultFile.unlock(source, passphrase, lock=False, allow_rollback=True)
    return _restore_opened(opened, body, source, target, clock)


def _restore_opened(opened: VaultFile, body: bytearray, source: Path, target: Path,
                    clock: Clock | None) -> tuple[Journal, Restored]:
    from ...journal.journal import Journal
    from ...vault.backups import is_backup
    from ...vault.store import VaultFile

    try:
        vault, kept = VaultFile.restore_to(opened, target)
    finally:
        opened.close()
    journal = Journal._from_body(vault, body, clock)
    del body
    try:
        copied, missing = _bring_attachments(journal, source)
        act(journal, lambda: None, event="backup-restored",
            details={"save_restored": opened.header.generation, "files_missing": len(missing)})
        stats = journal.save()
    except BaseException:
        journal.close()
        raise
    if kept is None:
        replaced = "nothing"
    else:
        replaced = "kept-as-backup" if is_backup(kept) else "kept-damaged"
    return journal, Restored(source, target, stats.generation, replaced, kept, copied, missing)


def _bring_attachments(journal: Journal, source: Path) -> tuple[int, list[str]]:
    """Restoring to another folder or name: copy the sealed files the restored journal
    refers to from the source's attachments folder (they open with the same key; they
    are copied byte for byte). Returns (files copied, evidence ids whose file is nowhere)."""
    from ...journal.attachments import attachments_folder, referenced_blobs
    from ...vault import attachments as sealed
    from ...vault.durable import write_atomic

    original = default_restore_target(source) or source
    here, there = sealed.folder_for(original), attachments_folder(journal)
    present = set(sealed.list_blobs(there))
    available = set(sealed.list_blobs(here)) if here.resolve() != there.resolve() else set()
    copied, missing = 0, []
    for blob, evidence_id in sorted(referenced_blobs(journal).items()):
        if blob in present:
            continue
        if blob not in available:
            missing.append(evidence_id)
            continue
        try:
            data = (here / blob).read_bytes()
        except OSError:
            missing.append(evidence_id)
            continue
        from ...vault.durable import make_private_dirs

        make_private_dirs(there)
        write_atomic(there / blob, [data])
        copied += 1
    return copied, sorted(missing)


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


def _vault(journal: Journal) -> VaultFile:
    if journal.vault is None:
        raise RuntimeError("this journal has no file")
    return journal.vault


def key_group_matches(typed: str, group: str) -> bool:
    """Whether ``typed`` is ``group`` of a recovery key, as the learner might type it back."""
    from ...vault.keys import cleaned_group

    return cleaned_group(typed) == group
