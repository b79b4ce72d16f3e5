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


def test_a_json_export_that_cannot_include_a_file_says_so_and_writes_nothing(journal_path, tmp_path,
                                                                           monkeypatch, capsys):
    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    (damaged, missing, intact), folder = _journal_with_three_files(journal_path)
    blob = folder / damaged.file.blob
    blob.write_bytes(blob.read_bytes()[:-3])
    (folder / missing.file.blob).unlink()
    out = tmp_path / "all.json"

    assert run(["export", str(journal_path), "--format", "json", "--out", str(out)]) == 19
    err = capsys.readouterr().err
    assert f"the file attached to evidence {damaged.id} can't be read" in err
    assert f"the file attached to evidence {missing.id} can't be read" in err
    assert intact.id not in err
    assert "was not written" in err and "--allow-missing" in err
    assert not out.exists()

    assert run(["export", str(journal_path), "--format", "json", "--out", str(out), "--allow-missing"]) == 0
    err = capsys.readouterr().err
    assert f"evidence {damaged.id} can't be read" in err and f"evidence {missing.id} can't be read" in err
    import json

    files = {e["id"]: e["file"] for e in json.loads(out.read_text("utf-8"))["evidence"]}
    assert "data_base64" in files[intact.id]
    assert "data_base64" not in files[damaged.id] and "data_base64" not in files[missing.id]


def test_an_access_request_that_cannot_include_their_file_says_so(journal, tmp_path, monkeypatch, capsys):
    from tests.unit.privacy_support import build

    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    built = build(journal, attach=True)
    journal.save()
    (attachments_folder(journal) / built.evidence.file.blob).unlink()
    path = journal.path
    journal.close()
    out = tmp_path / "request.json"
    args = ["subject-export", str(path), "--customer", built.patel.id, "--out", str(out)]

    assert run(args) == 19
    err = capsys.readouterr().err
    assert built.evidence.id in err and "access request was not written" in err
    assert "--allow-missing" in err and not out.exists()

    assert run([*args, "--allow-missing"]) == 0
    captured = capsys.readouterr()
    assert f"evidence {built.evidence.id} can't be read" in captured.err
    assert out.exists()
