"""A new data key on passwd, recover, a new recovery key and after an erasure: every attached
file sealed again, backups replaced, the recovery key kept only when it is given, and a
re-key whose backups could not be replaced finished by the next save without losing a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from journal_app.errors import InvalidInput, WrongPassphrase, WrongRecoveryKey
from journal_app.journal.attachments import add_evidence_file, read_attachment
from journal_app.journal.audit import events
from journal_app.journal.journal import Journal
from journal_app.services.actions import journal_file
from journal_app.vault import attachments as sealed
from journal_app.vault import backups
from journal_app.vault.store import EARLIER_KEY_STATUS, list_backups
from tests.conftest import PASSPHRASE

NEW = "violet tangerine harbour under 2931 lamps"
ANOTHER_KEY = "000GZ-40R4V-0M30H-E2096-185GQ-R38E3-1W81P-24GKH"  # well formed, another journal's
PHOTO = b"\x89PNG photo of the till receipt" * 1000


def _with_file(path: Path, clock) -> tuple[Journal, str, str]:
    journal, recovery = Journal.create(path, PASSPHRASE, clock=clock)
    journal.vault.backup_interval_s = 0
    item = add_evidence_file(journal, "receipt.png", PHOTO, "image/png")
    journal.save()
    journal.set_meta("second", "save")
    journal.save()
    return journal, recovery, item.id


def _copy_file(copy: Journal, journal_path: Path) -> bytes | None:
    """The attached file as a copy of the journal (a backup) names it, from the journal's folder
    (None for a copy from before the file was attached)."""
    named = [e for e in copy.evidence.all() if e.file is not None]
    if not named:
        return None
    evidence = named[0]
    return sealed.read_blob(sealed.folder_for(journal_path), copy.vault.sealing_key(sealed.KEY_PURPOSE),
                            evidence.file.blob)


def _files(path: Path) -> set[str]:
    return set(sealed.list_blobs(sealed.folder_for(path)))


def test_passwd_keeps_the_recovery_key_only_when_it_is_given(journal_path, clock) -> None:
    journal, recovery, item = _with_file(journal_path, clock)
    before = _files(journal_path)
    with pytest.raises(InvalidInput, match="needs your recovery key"):
        journal_file.change_passphrase(journal, NEW)
    with pytest.raises(WrongRecoveryKey):
        journal_file.change_passphrase(journal, NEW, recovery_key=ANOTHER_KEY)
    with pytest.raises(WrongPassphrase):
        journal_file.change_passphrase(journal, NEW, current="not it at all", recovery_key=recovery)
    assert _files(journal_path) == before  # nothing refused left a file behind
    done = journal_file.change_passphrase(journal, NEW, current=PASSPHRASE, recovery_key=recovery)
    assert done.value is None
    after = _files(journal_path)
    assert len(after) == 1 and not after & before  # sealed again under a new name; the old one gone
    assert read_attachment(journal, item) == PHOTO
    last = events(journal, "passphrase-changed")[-1].details
    assert last == {"new_recovery_key": False, "new_data_key": True, "files_resealed": 1,
                    "files_not_resealed": 0}
    journal.close()
    for copy in [journal_path, *list_backups(journal_path)]:
        with pytest.raises(WrongPassphrase):
            Journal.open(copy, PASSPHRASE, lock=False, allow_rollback=True)
        reopened = Journal.open_with_recovery(copy, recovery, lock=False, allow_rollback=True)
        assert _copy_file(reopened, journal_path) == PHOTO
        reopened.close()


def test_a_new_recovery_key_needs_the_passphrase_and_changes_the_data_key(journal_path, clock) -> None:
    journal, recovery, item = _with_file(journal_path, clock)
    old_key = bytes(journal.vault._data_key)
    with pytest.raises(WrongPassphrase):
        journal_file.make_new_recovery_key(journal, "not it at all")
    key = journal_file.make_new_recovery_key(journal, PASSPHRASE).value
    assert key != recovery and bytes(journal.vault._data_key) != old_key
    assert read_attachment(journal, item) == PHOTO
    journal.close()
    with pytest.raises(WrongRecoveryKey):
        Journal.open_with_recovery(journal_path, recovery, lock=False)
    Journal.open_with_recovery(journal_path, key, lock=False).close()


def test_after_an_erasure_the_offer_of_a_new_key(journal_path, clock) -> None:
    from journal_app.journal.records import Customer
    from journal_app.services.actions.privacy import erase_customer

    journal, recovery, item = _with_file(journal_path, clock)
    person = journal.customers.add(Customer(name="Bethan Llewellyn"))
    journal.save()
    old_key = bytes(journal.vault._data_key)
    erase_customer(journal, person.id)
    done = journal_file.rekey_journal(journal, PASSPHRASE, recovery_key=recovery, reason="erasure")
    assert done.value is None and bytes(journal.vault._data_key) != old_key
    assert events(journal, "journal-rekeyed")[-1].details["reason"] == "erasure"
    journal.close()
    reopened = journal_file.unlock(journal_path, PASSPHRASE)  # the passphrase stays
    assert read_attachment(reopened, item) == PHOTO
    reopened.close()


def test_a_rekey_whose_backups_could_not_be_replaced_loses_no_file(journal_path, clock, monkeypatch) -> None:
    """The state a kill between writing the journal and replacing its backups leaves."""
    journal, recovery, item = _with_file(journal_path, clock)
    old_files = _files(journal_path)
    old_backups = {p.name: p.read_bytes() for p in list_backups(journal_path)}

    def full(*_args, **_kwargs):
        raise backups.SaveFailed("the disk is full")

    monkeypatch.setattr(backups, "stage_copy", full)
    with pytest.raises(backups.BackupsNotReplaced):
        journal_file.change_passphrase(journal, NEW, recovery_key=recovery)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in list_backups(journal_path)} == old_backups
    assert old_files <= _files(journal_path)  # the old backups still have their files
    journal.close()

    reopened = Journal.open(journal_path, NEW)
    assert reopened.vault.backups_pending  # known from the body, not from memory
    statuses = reopened.vault.check_backups()
    assert statuses and set(statuses.values()) == {EARLIER_KEY_STATUS}
    assert reopened.collect_files() == [] and old_files <= _files(journal_path)
    files_seen = set()
    for backup in list_backups(journal_path):  # each still opens, with its files, the old way
        old = Journal.open(backup, PASSPHRASE, lock=False, allow_rollback=True)
        files_seen.add(_copy_file(old, journal_path))
        old.close()
    assert PHOTO in files_seen
    reopened.set_meta("next", "save")
    reopened.save()  # replaces the backups; the old files go
    assert not reopened.vault.backups_pending
    assert set(reopened.vault.check_backups().values()) == {"ok"}
    assert not old_files & _files(journal_path) and len(_files(journal_path)) == 1
    assert read_attachment(reopened, item) == PHOTO
    reopened.close()


def test_a_failed_write_leaves_the_old_key_and_files(journal_path, clock, monkeypatch) -> None:
    from journal_app.errors import SaveFailed
    from journal_app.vault import store

    journal, recovery, item = _with_file(journal_path, clock)
    before_file, old_files = journal_path.read_bytes(), _files(journal_path)
    old_key = bytes(journal.vault._data_key)

    def full(*_args, **_kwargs):
        raise SaveFailed("the disk is full")

    monkeypatch.setattr(store, "write_atomic", full)
    with pytest.raises(SaveFailed):
        journal_file.change_passphrase(journal, NEW, recovery_key=recovery)
    monkeypatch.undo()
    assert journal_path.read_bytes() == before_file and _files(journal_path) == old_files
    assert bytes(journal.vault._data_key) == old_key
    assert read_attachment(journal, item) == PHOTO  # the journal in memory points at the old file
    assert not events(journal, "passphrase-changed")
    journal.save()
    journal.close()
    Journal.open(journal_path, PASSPHRASE, lock=False).close()


def test_a_snapshot_taken_before_a_rekey_is_never_written_over_it(journal_path, clock) -> None:
    """The app's saver snapshots on the GUI thread and writes on a worker: a snapshot from
    before the new key names the old files, which are gone, so it must not land."""
    journal, recovery, item = _with_file(journal_path, clock)
    journal.set_meta("edit", "made before the new key")
    stale = journal.snapshot()
    journal_file.change_passphrase(journal, NEW, recovery_key=recovery)
    on_disk = journal_path.read_bytes()
    stats = journal.write_snapshot(stale)
    assert stats.bytes_written == 0 and journal.dirty and journal_path.read_bytes() == on_disk
    journal.save()
    journal.close()
    reopened = Journal.open(journal_path, NEW)
    assert read_attachment(reopened, item) == PHOTO
    assert reopened.meta("edit") == "made before the new key"  # the edit itself is kept
    reopened.close()
