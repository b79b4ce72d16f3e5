"""``verify`` opens every attached file and checks it against the SHA-256 recorded when it
was added, so a swapped, cut-short, emptied or altered file is named, not called OK."""

from __future__ import annotations

from journal_app.cli import run
from journal_app.journal.attachments import attachments_folder
from journal_app.journal.journal import Journal
from journal_app.services.actions.evidence import attach_evidence
from tests.conftest import PASSPHRASE


def _journal_with_three_files(path):
    journal, _key = Journal.create(path, PASSPHRASE)
    items = [attach_evidence(journal, f"note{n}.txt", f"file number {n}".encode() * 50, "text/plain").value
             for n in range(3)]
    journal.save()
    folder = attachments_folder(journal)
    journal.close()
    return items, folder


def test_verify_names_each_damaged_attachment_and_fails(journal_path, monkeypatch, capsys):
    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    items, folder = _journal_with_three_files(journal_path)
    assert run(["verify", str(journal_path)]) == 0
    assert "0 missing" in capsys.readouterr().out

    flipped, emptied, intact = items
    blob = folder / flipped.file.blob
    data = bytearray(blob.read_bytes())
    data[-5] ^= 0x01
    blob.write_bytes(bytes(data))
    (folder / emptied.file.blob).write_bytes(b"")

    assert run(["verify", str(journal_path)]) == 5
    out = capsys.readouterr().out
    assert f"attachment of evidence {flipped.id} can't be trusted" in out
    assert f"attachment of evidence {emptied.id} can't be trusted" in out
    assert intact.id not in out
    assert "2 damaged or changed since it was added" in out


def test_a_file_swapped_for_another_of_the_same_journal_is_caught(journal_path, monkeypatch, capsys):
    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    (first, second, _third), folder = _journal_with_three_files(journal_path)
    a, b = folder / first.file.blob, folder / second.file.blob
    a_bytes, b_bytes = a.read_bytes(), b.read_bytes()
    a.write_bytes(b_bytes)  # each sealed file names itself in its associated data
    b.write_bytes(a_bytes)
    assert run(["verify", str(journal_path), "--json"]) == 5
    out = capsys.readouterr().out
    assert '"damaged": 2' in out and first.id in out and second.id in out
