"""Every export checks where it writes: never the journal's own files, never a device or pipe,
an existing file only when the learner agreed; a failed write talks about the export."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from journal_app.errors import ExportFailed, InvalidInput
from journal_app.journal.records import Customer
from journal_app.services.actions.moving import check_export_target, write_export
from journal_app.services.actions.privacy import export_for_access_request


@pytest.mark.parametrize("name", ["journal.pjournal", "journal.pjournal.bak1", "journal.pjournal.bak3",
                                  "journal.pjournal.lock"])
def test_the_journals_own_files_are_refused_even_with_force(journal, journal_path, name):
    target = journal_path.with_name(name)
    with pytest.raises(InvalidInput, match="journal's own files"):
        check_export_target(journal_path, target, force=True)


def test_a_symlink_to_the_journal_is_refused(journal, journal_path, tmp_path):
    link = tmp_path / "innocent.json"
    link.symlink_to(journal_path)
    with pytest.raises(InvalidInput, match="journal's own files"):
        write_export(journal, "json", link, force=True)
    assert journal_path.read_bytes()[:8] != b"{"


def test_the_attachments_folder_is_refused(journal, journal_path):
    folder = journal_path.with_name(journal_path.name + ".attachments")
    with pytest.raises(InvalidInput, match="attachments folder"):
        check_export_target(journal_path, folder / "pack.html", force=True)


def test_the_app_passes_force_because_its_dialog_asked(journal, tmp_path):
    from journal_app.ui.dialogs.export_dialog import write_export as dialog_write

    out = tmp_path / "copy.json"
    out.write_text("older export")
    dialog_write(journal, "json", out, start=None, end=None, criteria=None, real_names=True,
                 now=journal.now(), progress=None, cancelled=None)
    assert out.read_text().startswith("{")
    with pytest.raises(InvalidInput, match="already exists"):
        write_export(journal, "json", out)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_not_called_a_folder(journal, tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(InvalidInput, match="not an ordinary file") as caught:
        write_export(journal, "sqlite", pipe, force=True)
    assert "folder" not in str(caught.value)


def test_a_full_disk_in_a_json_export_is_an_export_failure(journal, tmp_path, monkeypatch):
    from journal_app.vault import durable

    def full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(durable, "_write_all", full)
    with pytest.raises(ExportFailed, match="the disk is full") as caught:
        write_export(journal, "json", tmp_path / "out.json")
    assert "save the journal" not in str(caught.value) and caught.value.exit_code == 21


def test_a_full_disk_in_a_subject_export_is_an_export_failure(journal, tmp_path, monkeypatch):
    customer = journal.customers.add(Customer(name="Mrs Patel"))

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    out = tmp_path / "patel.json"
    with pytest.raises(ExportFailed, match="the disk is full") as caught:
        export_for_access_request(journal, customer.id, out)
    assert caught.value.exit_code == 21 and not out.exists()
    assert not Path(str(out) + ".part").exists()
