"""Saving: durable, atomic, with backups; rollback and outside changes are caught first."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from pathlib import Path

import pytest

from journal_app.errors import (
    JournalAlreadyExists,
    JournalChangedOnDisk,
    JournalLocked,
    JournalNotFound,
    JournalRolledBack,
    SaveFailed,
)
from journal_app.vault import durable
from journal_app.vault.lock import JournalLock, lock_path
from journal_app.vault.store import VaultFile, list_backups, read_header
from tests.unit.vault_support import BODY, PASSPHRASE, make_closed, make_vault


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "journal.pjournal"


def _reopen(path: Path, **options) -> bytes:
    vault, body = VaultFile.unlock(path, PASSPHRASE, **options)
    vault.close()
    return body


def test_round_trip_and_generations_count_up(path: Path) -> None:
    vault, _key = make_vault(path, b"first")
    assert read_header(path).generation == 1
    stats = vault.save(b"second")
    assert stats.generation == 2 and stats.bytes_written == path.stat().st_size
    vault.close()
    assert _reopen(path) == b"second"


def test_an_existing_file_is_never_overwritten_by_create(path: Path) -> None:
    path.write_bytes(b"precious")
    with pytest.raises(JournalAlreadyExists):
        VaultFile.create(path, PASSPHRASE, b"x")
    assert path.read_bytes() == b"precious"


def test_a_missing_journal_is_reported(path: Path) -> None:
    with pytest.raises(JournalNotFound, match="There is no journal at"):
        VaultFile.unlock(path, PASSPHRASE)
    with pytest.raises(JournalNotFound):
        read_header(path.parent)


def test_files_are_private_to_the_owner(path: Path) -> None:
    vault, _ = make_vault(path)
    vault.backup_interval_s = 0
    vault.save(b"again")
    for made in [path, lock_path(path), *list_backups(path)]:
        assert stat.S_IMODE(made.stat().st_mode) == 0o600, made.name
    vault.close()
    assert not lock_path(path).exists()


def test_the_file_name_and_temp_names_hold_nothing_from_the_journal(path: Path, monkeypatch) -> None:
    seen: list[str] = []
    real_replace = os.replace
    monkeypatch.setattr(durable.os, "replace", lambda a, b: (seen.append(Path(a).name), real_replace(a, b)))
    vault, _ = make_vault(path, b"Customer: Mrs Jane Example")
    vault.close()
    assert seen
    assert all(name.startswith((".journal.pjournal.", ".generations.json.")) for name in seen)
    assert not any("Jane" in name or "Customer" in name for name in seen)


def test_backups_rotate_and_never_exceed_the_count(path: Path) -> None:
    vault, _ = make_vault(path, b"v1")
    vault.backup_interval_s = 0
    for n in range(2, 8):
        stats = vault.save(f"v{n}".encode())
        assert stats.backed_up
        assert len(list_backups(path)) == min(n - 1, 3)
    assert [p.name for p in list_backups(path)] == [f"journal.pjournal.bak{n}" for n in (1, 2, 3)]
    assert vault.check_backups() == {f"journal.pjournal.bak{n}": "ok" for n in (1, 2, 3)}
    vault.close()
    # Each backup is an earlier save, newest first, and opens by its own name.
    assert [_reopen(p) for p in list_backups(path)] == [b"v6", b"v5", b"v4"]
    assert _reopen(path) == b"v7"


def test_backups_are_taken_once_per_interval(path: Path) -> None:
    vault, _ = make_vault(path, b"v1")
    assert vault.save(b"v2").backed_up
    assert not vault.save(b"v3").backed_up
    vault.close()
    assert len(list_backups(path)) == 1


def test_lowering_the_backup_count_drops_the_extra_backups(path: Path) -> None:
    vault, _ = make_vault(path, b"v1")
    vault.backup_interval_s = 0
    for n in range(4):
        vault.save(bytes([n]))
    vault.backups = 1
    vault.save(b"last")
    vault.close()
    assert [p.name for p in list_backups(path)] == ["journal.pjournal.bak1"]


def test_rewrite_backups_leaves_only_the_current_state(path: Path) -> None:
    vault, _ = make_vault(path, b"with a secret")
    vault.backup_interval_s = 0
    vault.save(b"still secret")
    vault.save(b"erased")
    vault.rewrite_backups(b"erased")
    vault.close()
    assert [_reopen(p) for p in list_backups(path)] == [b"erased"]


def test_an_older_copy_swapped_in_is_flagged(path: Path, tmp_path: Path) -> None:
    vault, _ = make_vault(path, b"old")
    vault.save(b"older")
    shutil.copy(path, tmp_path / "stash")
    vault.save(b"newest")
    vault.close()
    shutil.copy(tmp_path / "stash", path)
    with pytest.raises(JournalRolledBack, match="older than the one last opened") as caught:
        VaultFile.unlock(path, PASSPHRASE)
    assert caught.value.exit_code == 10
    # Accepting it on purpose works, and the next save still moves forward.
    vault, body = VaultFile.unlock(path, PASSPHRASE, allow_rollback=True)
    assert body == b"older"
    assert vault.save(b"restored").generation == 4
    vault.close()
    assert _reopen(path) == b"restored"


def test_a_change_by_someone_else_is_detected_before_overwriting(path: Path) -> None:
    make_closed(path, b"start")
    first, _ = VaultFile.unlock(path, PASSPHRASE, lock=False)
    second, _ = VaultFile.unlock(path, PASSPHRASE, lock=False)
    second.save(b"second's work")
    with pytest.raises(JournalChangedOnDisk, match="changed by something else") as caught:
        first.save(b"first's work")
    assert caught.value.exit_code == 18  # not 10, which says "an older copy"
    first.close()
    second.close()
    assert _reopen(path) == b"second's work"


def test_a_same_generation_copy_from_elsewhere_is_also_detected(path: Path, tmp_path: Path) -> None:
    make_closed(path, b"start")
    vault, _ = VaultFile.unlock(path, PASSPHRASE)
    other, _ = VaultFile.unlock(path, PASSPHRASE, lock=False)
    other.path = tmp_path / "elsewhere.pjournal"
    shutil.copy(path, other.path)
    other.save(b"edited elsewhere")  # same generation number as the next local save
    other.close()
    shutil.copy(other.path, path)
    with pytest.raises(JournalChangedOnDisk):
        vault.save(b"local")
    vault.close()


@pytest.mark.parametrize(
    ("target", "code", "words"),
    [("open", errno.EROFS, "read-only"), ("write", errno.ENOSPC, "disk is full"),
     ("fsync", errno.EIO, "hardware error"), ("replace", errno.EROFS, "read-only"),
     ("replace", errno.EACCES, "permission")],
)
def test_a_failed_write_leaves_the_old_file_intact(
    path: Path, monkeypatch: pytest.MonkeyPatch, target: str, code: int, words: str
) -> None:
    vault, _ = make_vault(path, b"safe")
    before = path.read_bytes()
    real = getattr(os, target)

    def failing(*args, **kwargs):
        if target == "open" and not str(args[0]).endswith(".tmp"):
            return real(*args, **kwargs)
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(durable.os, target, failing)
    with pytest.raises(SaveFailed, match=words) as caught:
        vault.save(BODY)
    assert caught.value.exit_code == 9
    assert "last saved copy is safe" in str(caught.value)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    # Once the disk is back, saving simply works.
    vault.save(b"later")
    vault.close()
    assert _reopen(path) == b"later"


def test_a_partial_write_then_disk_full_leaves_nothing_behind(path: Path, monkeypatch) -> None:
    vault, _ = make_vault(path, b"safe")
    real_write = os.write
    calls = {"n": 0}

    def half_then_full(fd: int, data) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(durable.os, "write", half_then_full)
    with pytest.raises(SaveFailed, match="disk is full"):
        vault.save(BODY * 4)
    monkeypatch.undo()
    vault.close()
    assert _reopen(path) == b"safe"
    # The failed save made no backup either (nothing was replaced, so nothing to keep).
    assert sorted(p.name for p in path.parent.iterdir()) == ["journal.pjournal"]


def _backup_bytes(path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in list_backups(path)}


def test_a_failed_save_leaves_every_backup_as_it_was(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault, _ = make_vault(path, b"v1")
    vault.backup_interval_s = 0
    vault.save(b"v2")
    vault.save(b"v3")
    before = _backup_bytes(path)
    assert len(before) == 2

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(durable.os, "write", disk_full)
    for _attempt in range(3):  # the app retries: each failure must leave the backups alone
        with pytest.raises(SaveFailed, match="disk is full"):
            vault.save(b"v4")
    monkeypatch.undo()
    assert _backup_bytes(path) == before
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    vault.close()
    assert [_reopen(p) for p in list_backups(path)] == [b"v2", b"v1"]


def test_saving_the_same_bytes_again_does_not_push_out_a_backup(path: Path) -> None:
    vault, _ = make_vault(path, b"v1")
    vault.backup_interval_s = 0
    assert vault.save(b"v2").backed_up
    before = _backup_bytes(path)
    for _again in range(3):
        assert not vault.save(b"v2").backed_up
    assert _backup_bytes(path) == before
    assert vault.save(b"v3").backed_up  # a real change is backed up as before
    vault.close()
    assert [_reopen(p) for p in list_backups(path)] == [b"v2", b"v1"]


def test_an_unchanged_journal_saved_after_opening_is_not_backed_up(path: Path) -> None:
    make_closed(path, b"as it was")
    vault, body = VaultFile.unlock(path, PASSPHRASE)
    assert not vault.save(bytes(body)).backed_up
    vault.close()
    assert list_backups(path) == []


def test_a_read_only_folder_when_creating_is_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(durable.os, "open", refuse)
    with pytest.raises(SaveFailed, match="read-only"):
        VaultFile.create(tmp_path / "new.pjournal", PASSPHRASE, b"x", lock=False)
    monkeypatch.undo()
    assert not (tmp_path / "new.pjournal").exists()


def test_a_backup_that_cannot_be_made_does_not_block_saving(path: Path, monkeypatch) -> None:
    vault, _ = make_vault(path, b"v1")

    def no_backups(*args, **kwargs):
        raise SaveFailed("the backup folder is busy")

    monkeypatch.setattr("journal_app.vault.backups.stage_copy", no_backups)
    stats = vault.save(b"v2")
    assert not stats.backed_up and "busy" in (vault.last_backup_error or "")
    vault.close()
    assert _reopen(path) == b"v2"


def test_backups_fall_back_to_a_copy_where_links_are_not_allowed(path: Path, monkeypatch) -> None:
    def no_links(*args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(durable.os, "link", no_links)
    vault, _ = make_vault(path, b"v1")
    vault.save(b"v2")
    vault.close()
    assert os.stat(list_backups(path)[0]).st_nlink == 1
    assert _reopen(list_backups(path)[0]) == b"v1"


def test_stale_temp_files_from_a_crash_are_cleaned_up_on_open(path: Path) -> None:
    make_closed(path)
    stale = [path.with_name(".journal.pjournal.0123456789ab.tmp"),
             path.with_name(".journal.pjournal.bak1.ba9876543210.tmp")]
    unrelated = [path.with_name(".journal.pjournal.x.0123456789ab.tmp"), path.with_name("notes.tmp")]
    for name in stale + unrelated:
        name.write_bytes(b"half a journal")
    _reopen(path, lock=False)
    assert all(p.exists() for p in stale), "a reader without the lock must not clean up"
    _reopen(path)
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in unrelated)


def test_one_writer_at_a_time_within_a_process(path: Path) -> None:
    make_closed(path)
    vault, _ = VaultFile.unlock(path, PASSPHRASE)
    with pytest.raises(JournalLocked, match="open in another copy of Placement Journal") as caught:
        VaultFile.unlock(path, PASSPHRASE)
    assert f"process {os.getpid()}" in str(caught.value)
    assert caught.value.exit_code == 8
    reader, _ = VaultFile.unlock(path, PASSPHRASE, lock=False)  # verify/export read without a lock
    reader.close()
    vault.close()
    _reopen(path)


def test_a_lock_file_left_by_a_crash_is_taken_over(path: Path) -> None:
    make_closed(path)
    lock_path(path).write_text('{"pid": 999999, "host": "elsewhere", "since": 0}')
    vault, _ = VaultFile.unlock(path, PASSPHRASE)
    assert vault.took_over_stale_lock
    vault.close()
    vault, _ = VaultFile.unlock(path, PASSPHRASE)
    assert not vault.took_over_stale_lock
    vault.close()


def test_a_lock_released_while_we_open_it_is_not_shared(path: Path, monkeypatch) -> None:
    # Another holder releases (and removes the file) between our open and our lock:
    # we must not end up holding an orphaned file while a third opener holds the real one.
    from journal_app.vault import lock as lock_module

    first = JournalLock(path).acquire()
    real_try = lock_module._try_lock
    state = {"released": False}

    def release_first_then_lock(fd: int) -> None:
        if not state["released"]:
            state["released"] = True
            first.release()
        real_try(fd)

    monkeypatch.setattr(lock_module, "_try_lock", release_first_then_lock)
    second = JournalLock(path).acquire()
    monkeypatch.undo()
    with pytest.raises(JournalLocked):
        JournalLock(path).acquire()
    second.release()


def test_saving_after_close_is_a_programming_error(path: Path) -> None:
    vault, _ = make_vault(path)
    vault.close()
    with pytest.raises(RuntimeError):
        vault.save(b"x")


def test_after_a_passphrase_change_no_backup_opens_with_the_old_one(path: Path) -> None:
    from journal_app.errors import WrongPassphrase

    vault, _ = make_vault(path, b"v1")
    vault.backup_interval_s = 0
    vault.save(b"v2")
    vault.save(b"v3")
    vault.set_passphrase("the new passphrase")
    vault.save(b"v4")
    vault.close()
    backups = list_backups(path)
    assert backups
    for backup in backups:
        with pytest.raises(WrongPassphrase):
            VaultFile.unlock(backup, PASSPHRASE)
        opened, body = VaultFile.unlock(backup, "the new passphrase")
        opened.close()
        assert body == b"v4"


def test_a_folder_sync_failure_after_the_rename_is_reported_but_not_mistaken_for_a_change(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, _ = make_vault(path, b"v1")
    real_fsync = os.fsync
    calls = {"n": 0}

    def folder_sync_fails(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:  # the first is the temp file, the second the folder
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(durable.os, "fsync", folder_sync_fails)
    vault.backups = 0
    with pytest.raises(durable.SaveFailedAfterReplace, match="hardware error"):
        vault.save(b"v2")
    monkeypatch.undo()
    vault.save(b"v3")  # the file on disk is ours: no "changed elsewhere" alarm
    vault.close()
    assert _reopen(path) == b"v3"


def test_folders_that_cannot_be_synced_are_accepted(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vault, _ = make_vault(path, b"v1")
    real_fsync = os.fsync

    def no_folder_sync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EINVAL, "Invalid argument")
        real_fsync(fd)

    monkeypatch.setattr(durable.os, "fsync", no_folder_sync)
    vault.save(b"v2")
    vault.close()
    assert _reopen(path) == b"v2"


def test_folders_made_for_a_journal_and_the_state_folder_are_private(
    tmp_path: Path, app_home: Path
) -> None:
    from journal_app import paths

    path = tmp_path / "new" / "folders" / "journal.pjournal"
    old_umask = os.umask(0o022)
    try:
        vault, _ = make_vault(path)
        vault.close()
    finally:
        os.umask(old_umask)
    for folder in (path.parent, path.parent.parent, paths.state_dir()):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_a_state_folder_left_open_by_an_older_version_is_tightened(path: Path, app_home: Path) -> None:
    from journal_app import paths

    paths.state_dir().mkdir(mode=0o755, parents=True)
    os.chmod(paths.state_dir(), 0o755)
    make_closed(path)
    assert stat.S_IMODE(paths.state_dir().stat().st_mode) == 0o700


def test_a_link_planted_at_the_lock_name_is_never_followed(path: Path, tmp_path: Path) -> None:
    make_closed(path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    lock_path(path).symlink_to(victim)
    with pytest.raises(SaveFailed):
        VaultFile.unlock(path, PASSPHRASE)
    assert victim.read_text() == "precious"


def test_wipe_zeroes_plaintext_in_place_and_leaves_the_buffer_usable() -> None:
    from journal_app.vault.store import wipe

    secret = bytearray(b"Mrs Patel, 07700 900123, " * 1000)
    wipe(secret)
    assert len(secret) == 25_000
    assert secret == bytearray(25_000)  # every byte is zero: nothing of the text is left
    secret.extend(b"more")  # no view still holds it: it can grow again
    wipe(None)
    wipe(bytearray())
