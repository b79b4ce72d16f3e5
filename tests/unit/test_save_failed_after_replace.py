"""A file put in place whose folder the disk could not sync: the error says why, like any
failed save, and the export and init commands say truthfully what exists."""

from __future__ import annotations

import errno
import os

import pytest

from journal_app.errors import SaveFailed
from journal_app.vault import durable


def _folder_sync_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def full(folder: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(durable, "fsync_dir", full)


def test_a_file_in_place_but_unconfirmed_gives_the_reason(tmp_path, monkeypatch):
    _folder_sync_fails(monkeypatch)
    target = tmp_path / "notes.bin"
    with pytest.raises(SaveFailed) as caught:
        durable.write_atomic(target, [b"new"])
    error = caught.value
    assert isinstance(error, durable.SaveFailedAfterReplace)
    assert error.reason == "the disk is full"
    assert error.replaced
    assert target.read_bytes() == b"new"
    assert str(error).startswith("The journal was written, but the disk could not confirm")


def test_an_unconfirmed_evidence_pack_says_where_it_is(tmp_path, monkeypatch, capsys):
    from journal_app.cli import run

    (tmp_path / "pw.txt").write_text("a long enough passphrase for tests 4821\n")
    journal = tmp_path / "j.pjournal"
    pw = ["--passphrase-file", str(tmp_path / "pw.txt")]
    monkeypatch.setenv("JOURNAL_APP_HOME", str(tmp_path / "home"))
    assert run(["init", str(journal), *pw, "--recovery-key-file", str(tmp_path / "key.txt")]) == 0
    before = journal.read_bytes()
    capsys.readouterr()
    _folder_sync_fails(monkeypatch)
    out = tmp_path / "pack.html"
    code = run(["export", str(journal), "--format", "html", "--out", str(out), *pw])
    err = capsys.readouterr().err
    assert code == 21
    assert out.exists()
    assert err.startswith(f'journal-app: The export was written to "{out}", but the disk could not '
                          "confirm it is safely stored (the disk is full), so the journal has no note of it")
    assert "Could not write" not in err and "unchanged" not in err
    assert journal.read_bytes() == before


def test_init_that_cannot_save_leaves_nothing_behind(tmp_path, monkeypatch, capsys):
    from journal_app.cli import run

    (tmp_path / "pw.txt").write_text("a long enough passphrase for tests 4821\n")
    monkeypatch.setenv("JOURNAL_APP_HOME", str(tmp_path / "home"))
    folder = tmp_path / "j"
    folder.mkdir()
    _folder_sync_fails(monkeypatch)
    code = run(["init", str(folder / "new.pjournal"), "--passphrase-file", str(tmp_path / "pw.txt"),
                "--recovery-key-file", str(tmp_path / "key.txt")])
    err = capsys.readouterr().err
    assert code == 9
    assert err == ("journal-app: Could not save the new journal: the disk is full. Nothing was created; "
                   "free some space and try again.\n")
    assert sorted(p.name for p in folder.iterdir()) == []
    assert not (tmp_path / "key.txt").exists()
