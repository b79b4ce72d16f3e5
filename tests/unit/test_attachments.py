"""Encrypted attachments: sealed beside the journal, checked by SHA-256, deleted with their item."""

from __future__ import annotations

import hashlib
import os

import pytest

from journal_app.errors import AttachmentError
from journal_app.journal.attachments import (
    MAX_ATTACHMENT_BYTES,
    add_attachment,
    attachments_folder,
    check_attachments,
    delete_attachment,
    read_attachment,
    remove_evidence,
    save_attachment_to,
)
from journal_app.journal.journal import Journal
from journal_app.journal.records import Evidence
from journal_app.services.verify import verify_journal

from ..conftest import PASSPHRASE

PHOTO = b"\x89PNG\r\n\x1a\n" + os.urandom(2048)


@pytest.fixture
def evidence(journal):
    return journal.evidence.add(Evidence(kind="photo", title="Thank-you card"))


def test_a_file_is_sealed_beside_the_journal_and_read_back(journal, evidence, journal_path):
    name = "C:\\Users\\sam\\card from Mrs Patel.png"
    stored = add_attachment(journal, evidence.id, name, PHOTO, "image/png")
    assert stored.file.name == "card from Mrs Patel.png"
    assert stored.file.sha256 == hashlib.sha256(PHOTO).hexdigest() and stored.file.size == len(PHOTO)
    folder = attachments_folder(journal)
    assert folder == journal_path.with_name("journal.pjournal.attachments")
    [sealed] = list(folder.iterdir())
    assert sealed.name == stored.file.blob and "Patel" not in sealed.name
    raw = sealed.read_bytes()
    assert PHOTO[:64] not in raw and b"PNG" not in raw[8:]
    assert read_attachment(journal, evidence.id) == PHOTO


def test_attachments_survive_save_and_reopen(journal, evidence, journal_path):
    add_attachment(journal, evidence.id, "card.png", PHOTO, "image/png")
    journal.save()
    journal.close()
    reopened = Journal.open(journal_path, PASSPHRASE)
    try:
        assert read_attachment(reopened, evidence.id) == PHOTO
    finally:
        reopened.close()


def test_save_a_copy_where_the_learner_picks(journal, evidence, tmp_path):
    add_attachment(journal, evidence.id, "card.png", PHOTO, "image/png")
    target = tmp_path / "out" / "copy.png"
    target.parent.mkdir()
    save_attachment_to(journal, evidence.id, target)
    assert target.read_bytes() == PHOTO
    assert [p.name for p in target.parent.iterdir()] == ["copy.png"]  # no temp files left


def test_files_over_50_mb_are_refused_and_nothing_is_written(journal, evidence):
    with pytest.raises(AttachmentError, match="the most one attachment can be is 50 MB"):
        add_attachment(journal, evidence.id, "video.mp4", b"\0" * (MAX_ATTACHMENT_BYTES + 1), "video/mp4")
    assert journal.evidence.get(evidence.id).file is None
    assert not attachments_folder(journal).exists() or not list(attachments_folder(journal).iterdir())


def test_replacing_a_file_removes_the_old_one_once_saved(journal, evidence):
    first = add_attachment(journal, evidence.id, "a.png", PHOTO, "image/png").file.blob
    second = add_attachment(journal, evidence.id, "b.txt", b"hello", "text/plain").file.blob
    assert sorted(p.name for p in attachments_folder(journal).iterdir()) == sorted([first, second])
    journal.save()  # no saved copy ever referred to the first file
    assert [p.name for p in attachments_folder(journal).iterdir()] == [second] != [first]
    assert journal.files_collected == [first]
    assert read_attachment(journal, evidence.id) == b"hello"
    assert journal.evidence.history(evidence.id)[-1]["data"]["file"]["name"] == "a.png"


def test_deleting_the_file_keeps_the_item(journal, evidence):
    add_attachment(journal, evidence.id, "a.png", PHOTO, "image/png")
    delete_attachment(journal, evidence.id)
    assert journal.evidence.get(evidence.id).file is None
    journal.save()
    assert list(attachments_folder(journal).iterdir()) == []
    with pytest.raises(AttachmentError, match="no attached file"):
        read_attachment(journal, evidence.id)


def test_deleting_the_item_deletes_its_file(journal, evidence):
    add_attachment(journal, evidence.id, "a.png", PHOTO, "image/png")
    remove_evidence(journal, evidence.id)
    assert journal.evidence.find(evidence.id) is None
    journal.save()
    assert list(attachments_folder(journal).iterdir()) == []


def test_a_tampered_or_swapped_file_is_refused(journal, evidence):
    other = journal.evidence.add(Evidence(kind="email", title="Email"))
    a = add_attachment(journal, evidence.id, "a.png", PHOTO, "image/png").file.blob
    b = add_attachment(journal, other.id, "b.txt", b"hello", "text/plain").file.blob
    folder = attachments_folder(journal)
    (folder / a).write_bytes((folder / b).read_bytes())  # b's sealed bytes under a's name
    with pytest.raises(AttachmentError, match="damaged"):
        read_attachment(journal, evidence.id)


def test_verify_reports_missing_and_orphaned_files(journal, evidence, journal_path):
    blob = add_attachment(journal, evidence.id, "a.png", PHOTO, "image/png").file.blob
    journal.save()
    folder = attachments_folder(journal)
    stray = "0123456789abcdef0123456789abcdef"
    (folder / stray).write_bytes(b"left behind")
    (folder / blob).unlink()
    assert check_attachments(journal) == {
        "count": 1, "missing": 1, "orphaned": 1, "kept_for_backups": 0, "missing_ids": [evidence.id],
        "orphaned_files": [stray],
    }
    journal.close()
    report = verify_journal(journal_path, PASSPHRASE)
    assert report.attachments["missing"] == 1 and report.attachments["orphaned"] == 1
    assert any(p.startswith(f"stray attachment file {stray}") for p in report.problems)
    reopened = Journal.open(journal_path, PASSPHRASE)
    reopened.dirty = True
    reopened.save()  # the stray goes with the next save
    assert reopened.files_collected == [stray]
    reopened.close()
    report = verify_journal(journal_path, PASSPHRASE)
    assert report.attachments["missing"] == 1 and report.attachments["orphaned"] == 0
    assert f"attachment file missing for evidence {evidence.id}" in report.problems
    with pytest.raises(AttachmentError, match="missing"):
        reopened = Journal.open(journal_path, PASSPHRASE)
        try:
            read_attachment(reopened, evidence.id)
        finally:
            reopened.close()


def test_a_journal_without_a_file_cannot_hold_attachments(memory_journal):
    item = memory_journal.evidence.add(Evidence(title="x"))
    with pytest.raises(AttachmentError, match="Save the journal to a file"):
        add_attachment(memory_journal, item.id, "a.txt", b"a", "text/plain")


def test_a_file_becomes_an_evidence_item_linked_to_its_interaction(journal):
    from journal_app.errors import AttachmentError
    from journal_app.journal.attachments import MAX_ATTACHMENT_BYTES, add_evidence_file, read_attachment
    from journal_app.journal.records import Interaction

    interaction = journal.interactions.add(
        Interaction(at="2026-10-01T09:30:00+01:00", summary="Thank-you card"))
    item = add_evidence_file(journal, "card.jpg", b"\xff\xd8jpeg bytes", "image/jpeg",
                             interactions=[interaction.id], at="2026-10-01")
    assert (item.kind, item.title, item.at, item.interactions) == ("photo", "card.jpg", "2026-10-01",
                                                                   [interaction.id])
    assert read_attachment(journal, item.id) == b"\xff\xd8jpeg bytes"

    before = journal.evidence.count()
    with pytest.raises(AttachmentError):
        add_evidence_file(journal, "huge.pdf", b"\0" * (MAX_ATTACHMENT_BYTES + 1), "application/pdf")
    assert journal.evidence.count() == before  # no empty item left behind


def test_an_export_snapshot_keeps_its_files_until_it_is_let_go(journal, evidence):
    """An export reads a snapshot while the learner goes on editing: deleting that evidence
    and saving meanwhile must not take the file away from the export."""
    add_attachment(journal, evidence.id, "a.png", PHOTO, "image/png")
    snapshot = journal.reading_copy(with_files=True)
    remove_evidence(journal, evidence.id)
    journal.save()
    assert read_attachment(snapshot, evidence.id) == PHOTO
    assert snapshot.path == journal.path
    snapshot.let_go()
    journal.save()
    assert list(attachments_folder(journal).iterdir()) == []
    assert journal.vault is not None and journal.vault.path.exists()  # the original stays open
    assert journal.evidence.all() == []


def test_a_plain_reading_copy_reads_no_files(journal, evidence):
    add_attachment(journal, evidence.id, "a.png", PHOTO, "image/png")
    copy = journal.reading_copy()
    with pytest.raises(AttachmentError):
        read_attachment(copy, evidence.id)
    copy.let_go()
