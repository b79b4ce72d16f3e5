"""Copies and backups never lock the learner out of their journal.

A read-only command never writes (not the file, not its backups, not the remembered
generation); a backup is never written; a copy saved somewhere else keeps its own
history; restoring is explicit and makes the restored journal the newest; an older copy
under the journal's own name is refused with exit 10 until it is accepted on purpose."""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from journal_app.vault import generations
from journal_app.vault.store import read_header

from ..unit.interchange_support import spec_example

PASSPHRASE = "correct horse battery"

# Every command that only reads, with the arguments it needs after PATH.
READ_ONLY = [
    ("verify",), ("search", "van"), ("reminders",), ("reminders", "--all", "--json"), ("audit",),
    ("retention",), ("retention", "--policies"), ("hold",),
    ("export", "--format", "json", "--out", "{out}.json"),
    ("export", "--format", "sqlite", "--out", "{out}.sqlite"),
]


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(autouse=True)
def _cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """The CLI run in this process (as ``journal-app`` runs it, minus the interpreter start,
    so the many commands here stay quick), with the passphrase in the environment."""
    monkeypatch.setenv("JOURNAL_PASSPHRASE", PASSPHRASE)
    global _capsys
    _capsys = capsys


_capsys: pytest.CaptureFixture[str] | None = None


def run(*args: object, home: Path) -> Result:
    from journal_app.cli import run as cli_run

    assert _capsys is not None and os.environ["JOURNAL_APP_HOME"] == str(home)
    _capsys.readouterr()
    code = cli_run([str(a) for a in args])
    out, err = _capsys.readouterr()
    assert "Traceback" not in err, err
    return Result(code, out, err)


def files_of(path: Path) -> dict[str, bytes]:
    """Every file beside the journal that belongs to it (the journal, backups, copies)."""
    return {p.name: p.read_bytes() for p in sorted(path.parent.iterdir())
            if p.name.startswith(path.name) and p.is_file()}


def import_file(folder: Path, n: int) -> Path:
    doc = spec_example()
    doc["interactions"][0]["summary"] = f"Van not ready at four, visit {n}"
    source = folder / f"import-{n}.json"
    source.write_text(json.dumps(doc), "utf-8")
    return source


@pytest.fixture
def journal(tmp_path: Path, app_home: Path) -> Path:
    """A journal made and then saved again through the CLI, so it has two backups."""
    path = tmp_path / "mine" / "journal.pjournal"
    path.parent.mkdir()
    assert run("init", path, "--recovery-key-file", tmp_path / "key.txt", home=app_home).returncode == 0
    for n in (1,):
        result = run("import", path, import_file(tmp_path, n), home=app_home)
        assert result.returncode == 0, result.stderr
    assert sorted(files_of(path)) == ["journal.pjournal", "journal.pjournal.bak1", "journal.pjournal.bak2"]
    return path


def state(home: Path) -> bytes:
    return (home / "state" / "generations.json").read_bytes()


def test_copies_and_backups_opened_with_every_command_never_lock_out_the_journal(journal, tmp_path, app_home):
    elsewhere = tmp_path / "usb" / "copy.pjournal"
    elsewhere.parent.mkdir()
    shutil.copy2(journal, elsewhere)  # a whole copy: the file and its attachments folder
    shutil.copytree(journal.with_name("journal.pjournal.attachments"),
                    elsewhere.with_name("copy.pjournal.attachments"))
    backups = [journal.with_name("journal.pjournal.bak1"), journal.with_name("journal.pjournal.bak2")]
    originals = files_of(journal)

    # Read-only commands on the copy and on each backup: nothing written anywhere.
    journal_id = read_header(journal).journal_id
    seen = (generations.last_seen(journal_id, journal), generations.highest(journal_id))
    for target in [elsewhere, *backups]:
        for n, command in enumerate(READ_ONLY):
            args = [a.format(out=tmp_path / f"out-{target.name}-{n}") for a in command[1:]]
            result = run(command[0], target, *args, home=app_home)
            assert result.returncode == 0, (command, target.name, result.stderr)
        assert files_of(journal) == originals, target.name
        # Reading notes at most what was seen at the copy's own place: nothing the journal
        # is held to moves.
        assert (generations.last_seen(journal_id, journal), generations.highest(journal_id)) == seen
    assert elsewhere.read_bytes() == originals["journal.pjournal"]

    # A writing command: the copy is saved (its own history); a backup is refused, unchanged.
    assert run("import", elsewhere, import_file(tmp_path, 3), home=app_home).returncode == 0
    assert run("import", elsewhere, import_file(tmp_path, 4), home=app_home).returncode == 0
    for backup in backups:
        refused = run("import", backup, import_file(tmp_path, 5), home=app_home)
        assert refused.returncode == 20
        assert "is a backup" in refused.stderr and "journal-app restore" in refused.stderr
    assert files_of(journal) == originals

    # The journal itself still opens with no flag, for reading and for writing.
    assert run("verify", journal, home=app_home).returncode == 0
    assert run("import", journal, import_file(tmp_path, 6), home=app_home).returncode == 0

    # Restoring a backup is explicit, and afterwards every copy opens with no flag.
    oldest = journal.with_name("journal.pjournal.bak2")
    restored_bytes = oldest.read_bytes()
    result = run("restore", oldest, home=app_home)
    assert result.returncode == 0, result.stderr
    assert "Restored" in result.stdout and "opens with no warning" in result.stdout
    assert "kept as its newest backup, journal.pjournal.bak1" in result.stdout
    for target in (journal, elsewhere, *backups):
        assert run("verify", target, home=app_home).returncode == 0, target
    assert run("import", journal, import_file(tmp_path, 7), home=app_home).returncode == 0
    assert run("import", elsewhere, import_file(tmp_path, 8), home=app_home).returncode == 0
    audit = run("audit", journal, "--json", home=app_home)
    assert "backup-restored" in audit.stdout
    # The restored journal holds what the backup held (plus later work), and the backup
    # restored from was never changed by restoring.
    assert restored_bytes[:8] == journal.read_bytes()[:8]


def test_a_copy_saved_elsewhere_then_copied_back_opens(journal, tmp_path, app_home):
    """Work on a USB stick, then copy it back over the journal: newer, so no warning."""
    stick = tmp_path / "usb" / "journal.pjournal"
    stick.parent.mkdir()
    shutil.copy2(journal, stick)
    assert run("import", stick, import_file(tmp_path, 3), home=app_home).returncode == 0
    shutil.copy2(stick, journal)
    assert run("verify", journal, home=app_home).returncode == 0


def test_an_older_copy_in_the_journals_place_is_refused_until_accepted(journal, tmp_path, app_home):
    stash = tmp_path / "stash"
    shutil.copy2(journal.with_name("journal.pjournal.bak2"), stash)
    shutil.copy2(stash, journal)
    before = files_of(journal)
    for command in (("verify",), ("export", "--format", "json", "--out", tmp_path / "x.json"),
                    ("import", import_file(tmp_path, 3))):
        refused = run(command[0], journal, *command[1:], home=app_home)
        assert refused.returncode == 10, command
        assert "older than the one last opened here" in refused.stderr
        assert "--accept-older" in refused.stderr and "nothing was changed" in refused.stderr.lower()
    assert files_of(journal) == before

    accepted = run("audit", journal, "--accept-older", "--json", home=app_home)
    assert accepted.returncode == 0, accepted.stderr
    assert "opened an older copy on purpose" in accepted.stderr
    events = [e["event"] for e in json.loads(accepted.stdout)]
    assert events[-1] == "older-copy-accepted"
    # Chosen once: from now on it is the journal, with no flag.
    assert run("verify", journal, home=app_home).returncode == 0
    assert run("import", journal, import_file(tmp_path, 4), home=app_home).returncode == 0


def test_restore_to_another_place_copies_the_attached_files(tmp_path, app_home):
    from journal_app.journal.attachments import add_evidence_file
    from journal_app.journal.journal import Journal

    path = tmp_path / "journal.pjournal"
    journal, _key = Journal.create(path, PASSPHRASE)
    item = add_evidence_file(journal, "witness.txt", b"signed by the manager", "text/plain")
    journal.save()
    journal.close()
    journal = Journal.open(path, PASSPHRASE)
    journal.evidence.delete(item.id)
    journal.save()  # the file as it was (with the attachment) becomes .bak1
    journal.close()
    target = tmp_path / "restored" / "old.pjournal"
    result = run("restore", path.with_name("journal.pjournal.bak1"), "--to", target, home=app_home)
    assert result.returncode == 0, result.stderr
    assert "Copied 1 attached file" in result.stdout
    out = tmp_path / "back.json"
    assert run("export", target, "--format", "json", "--out", out, home=app_home).returncode == 0
    exported = json.loads(out.read_text("utf-8"))
    assert [e["file"]["name"] for e in exported["evidence"]] == ["witness.txt"]
    assert "data_base64" in exported["evidence"][0]["file"]


def test_restore_refuses_what_it_cannot_do(journal, tmp_path, app_home):
    stranger = tmp_path / "other.pjournal"
    assert run("init", stranger, "--recovery-key-file", tmp_path / "k2.txt", home=app_home).returncode == 0
    before = stranger.read_bytes()
    refused = run("restore", journal.with_name("journal.pjournal.bak1"), "--to", stranger, home=app_home)
    assert refused.returncode == 13 and "is a different journal" in refused.stderr
    assert stranger.read_bytes() == before
    copy = tmp_path / "copy.pjournal"
    shutil.copy2(journal, copy)
    refused = run("restore", copy, home=app_home)
    assert refused.returncode == 13 and "--to PATH" in refused.stderr


def test_the_state_file_names_no_folder_or_file(journal, app_home):
    text = state(app_home).decode()
    assert "journal" not in text and "mine" not in text and str(journal.parent) not in text


def test_a_journal_locked_out_by_an_older_version_opens_again(journal, app_home):
    """Older versions kept one counter per journal, which a saved copy could push past the
    real journal: that number no longer holds any place to it."""
    data = json.loads(state(app_home))
    (journal_id,) = data
    data = {journal_id: 999}
    (app_home / "state" / "generations.json").write_text(json.dumps(data))
    assert run("verify", journal, home=app_home).returncode == 0
    assert run("import", journal, import_file(journal.parent, 9), home=app_home).returncode == 0
    saved = json.loads(state(app_home))[journal_id]
    assert saved["highest"] == 1000  # the next save went above every number seen


def test_recover_can_accept_an_older_copy_too(journal, tmp_path, app_home):
    shutil.copy2(journal.with_name("journal.pjournal.bak2"), journal)
    new = tmp_path / "new.txt"
    new.write_text("a new passphrase for the older copy 42\n")
    args = ["recover", journal, "--recovery-key-file", tmp_path / "key.txt", "--new-passphrase-file", new]
    refused = run(*args, home=app_home)
    assert refused.returncode == 10 and "--accept-older" in refused.stderr
    assert run(*args, "--accept-older", home=app_home).returncode == 0
    audit = run("audit", journal, "--passphrase-file", new, "--json", home=app_home)
    events = [e["event"] for e in json.loads(audit.stdout)]
    assert events[-2:] == ["older-copy-accepted", "passphrase-recovered"]
