"""Attachments change with the journal, never ahead of it: a failed save loses no file that a
saved copy refers to, and files no saved copy refers to go once a save lands."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from journal_app.errors import JournalUnreadable, SaveFailed
from journal_app.journal import attachments
from journal_app.journal.attachments import (
    add_attachment,
    add_evidence_file,
    attachments_folder,
    check_attachments,
    read_attachment,
    store_blob,
)
from journal_app.journal.journal import Journal
from journal_app.journal.records import Customer, Evidence, Interaction
from journal_app.services.exchange.importer import import_document
from journal_app.services.exchange.interchange import export_document
from journal_app.services.privacy.erasure import erase_customer
from journal_app.services.verify import verify_journal
from journal_app.vault import store
from journal_app.vault.store import list_backups

from ..conftest import PASSPHRASE

PHOTO = b"\x89PNG\r\n\x1a\n" + os.urandom(1024)


def _files(journal: Journal) -> set[str]:
    folder = attachments_folder(journal)
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def _disk_full(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(*_args: object, **_kwargs: object) -> None:
        raise SaveFailed("No space left on device")

    monkeypatch.setattr(store, "write_atomic", full)


def _every_saved_copy_has_its_files(path: Path) -> int:
    """Open the journal and every backup; each attached file must open and match. Returns
    how many files were checked."""
    checked = 0
    for copy in [path, *list_backups(path)]:
        journal = Journal.open(copy, PASSPHRASE, lock=False, allow_rollback=True)
        try:
            for evidence in journal.evidence.all():
                if evidence.file is not None:
                    # read from the journal's own folder (a backup shares it)
                    data = attachments.sealed.read_blob(
                        attachments.sealed.folder_for(path), journal.vault.sealing_key(b"attachments"),
                        evidence.file.blob,
                    )
                    assert len(data) == evidence.file.size
                    checked += 1
        finally:
            journal.close()
    return checked


@pytest.fixture
def saved(journal: Journal) -> tuple[Journal, Evidence]:
    customer = journal.customers.add(Customer(name="Mrs Patel"))
    interaction = journal.interactions.add(
        Interaction(customer=customer.id, at="2026-10-01T09:30:00+01:00", summary="Helped Mrs Patel")
    )
    item = add_evidence_file(journal, "card.png", PHOTO, "image/png", interactions=[interaction.id])
    journal.save()
    return journal, item


def test_replacing_a_file_then_a_failed_save_keeps_the_saved_copy_whole(saved, monkeypatch, journal_path):
    journal, item = saved
    old = item.file.blob
    add_attachment(journal, item.id, "new.png", b"new bytes", "image/png")
    _disk_full(monkeypatch)
    with pytest.raises(SaveFailed):
        journal.save()
    assert old in _files(journal)
    journal.close()
    assert _every_saved_copy_has_its_files(journal_path) == 1


def test_the_replaced_file_stays_while_a_backup_refers_to_it(saved, journal_path):
    journal, item = saved
    old = item.file.blob
    journal.vault.backup_interval_s = 0  # every save makes a backup
    new = add_attachment(journal, item.id, "new.png", b"new bytes", "image/png").file.blob
    journal.save()
    assert _files(journal) == {old, new}  # .bak1 is the copy holding the old file
    report = check_attachments(journal)
    assert report["orphaned"] == 0 and report["kept_for_backups"] == 1
    for n in range(3):  # the backups roll over (each save changes something); the old file goes last
        journal.set_meta("saved-again", str(n))
        journal.save()
    assert _files(journal) == {new}
    assert old in journal.files_collected
    journal.close()
    assert _every_saved_copy_has_its_files(journal_path) == 4


def test_an_erasure_whose_save_fails_keeps_the_saved_journal_whole(saved, monkeypatch, journal_path):
    journal, item = saved
    customer = journal.customers.all()[0]
    _disk_full(monkeypatch)
    with pytest.raises(SaveFailed):
        erase_customer(journal, customer.id)
    assert item.file.blob in _files(journal)
    journal.close()
    assert _every_saved_copy_has_its_files(journal_path) == 1


def test_an_erasure_removes_the_file_from_disk_once_saved(saved, journal_path):
    journal, item = saved
    customer = journal.customers.all()[0]
    receipt = erase_customer(journal, customer.id, delete_linked=True)
    assert receipt.files_removed == 1  # the deleted item's file counts too
    assert receipt.files.left == 0 and "Files removed:  1" in receipt.as_text()
    assert item.file.blob not in _files(journal)


def test_a_retention_run_whose_save_fails_keeps_every_file(saved, monkeypatch, journal_path, clock):
    from journal_app.services.privacy import retention
    from journal_app.services.privacy.retention import RetentionPolicy
    from journal_app.services.privacy.retention_run import apply

    journal, item = saved
    policies = {c: RetentionPolicy(c, 36500, "anonymise", "created") for c in retention.CATEGORIES}
    policies["attachments"] = RetentionPolicy("attachments", 1, "delete", "created")
    retention.set_policies(journal, list(policies.values()))
    _disk_full(monkeypatch)
    with pytest.raises(SaveFailed):
        receipt = apply(journal, clock() + timedelta(days=30))
        assert receipt.done  # pragma: no cover - the save fails first
    assert item.file.blob in _files(journal)
    journal.close()
    assert _every_saved_copy_has_its_files(journal_path) == 1


def test_a_reimport_that_replaces_files_keeps_the_old_ones_until_saved(saved, monkeypatch, journal_path):
    journal, item = saved
    document = export_document(journal)
    [entry] = [e for e in document["evidence"] if e["id"] == item.id]
    import base64

    entry["file"] = {"name": "other.png", "media_type": "image/png",
                     "data_base64": base64.b64encode(b"a different photo").decode()}
    import_document(journal, document)
    assert journal.evidence.get(item.id).file.blob != item.file.blob
    assert item.file.blob in _files(journal)
    _disk_full(monkeypatch)
    with pytest.raises(SaveFailed):
        journal.save()
    journal.close()
    assert _every_saved_copy_has_its_files(journal_path) == 1


def test_a_stray_left_by_an_interrupted_write_goes_at_the_next_save(saved, journal_path):
    journal, item = saved
    folder = attachments_folder(journal)
    stray = store_blob(journal, b"written, then the app was killed")
    journal.fresh_blobs.discard(stray)  # as after a restart: nobody is attaching it
    assert check_attachments(journal)["orphaned_files"] == [stray]
    journal.dirty = True
    journal.save()
    assert not (folder / stray).exists() and journal.files_collected == [stray]
    assert read_attachment(journal, item.id) == PHOTO


def test_a_file_being_attached_is_never_collected(saved):
    journal, _item = saved
    fresh = store_blob(journal, b"being attached right now")
    journal.dirty = True
    journal.save()  # e.g. the app's saver, on its worker, between writing and referring
    assert fresh in _files(journal)


def test_nothing_is_collected_while_a_backup_cannot_be_read(saved, monkeypatch):
    journal, item = saved
    journal.vault.backup_interval_s = 0
    add_attachment(journal, item.id, "new.png", b"new bytes", "image/png")
    journal.save()
    old_files = _files(journal)

    def unreadable(self, path):
        raise JournalUnreadable(path, "you don't have permission to open it")

    monkeypatch.setattr(store.VaultFile, "read_copy", unreadable)
    for _ in range(4):
        journal.dirty = True
        journal.save()
    assert _files(journal) == old_files
    assert "permission" in (journal.collect_error or "")


def test_verify_accepts_files_kept_for_backups(saved, journal_path):
    journal, item = saved
    journal.vault.backup_interval_s = 0
    add_attachment(journal, item.id, "new.png", b"new bytes", "image/png")
    journal.save()
    journal.close()
    report = verify_journal(journal_path, PASSPHRASE)
    assert report.ok, report.problems
    assert report.attachments["kept_for_backups"] == 1
    assert "kept because a backup refers to them" in report.as_text()
