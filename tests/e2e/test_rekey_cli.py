"""`passwd`, `recover` and `erase --new-key` give the journal a new key, from the command line:
the recovery key is kept only when given, a new one is shown once or written 0600, and an old
copy of the file with the old passphrase opens nothing saved afterwards."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from tests.e2e.test_vault_cli import PASSPHRASE, run
from tests.unit.test_file_format_doc import open_body, unwrap_data_key

NEW = "violet tangerine harbour under 2931 lamps"


@pytest.fixture
def journal(tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "journal.pjournal"
    key_file = tmp_path / "recovery.txt"
    made = run("init", str(path), "--recovery-key-file", str(key_file), home=tmp_path / "home")
    assert made.returncode == 0, made.stderr
    return path, key_file.read_text().strip()


def _write(path: Path, text: str) -> Path:
    path.write_text(text + "\n")
    return path


def test_passwd_keeps_a_recovery_key_given_in_a_file(journal, tmp_path) -> None:
    path, recovery = journal
    old = path.read_bytes()
    new_file = _write(tmp_path / "new.txt", NEW)
    wrong = _write(tmp_path / "wrong.txt", "000GZ-40R4V-0M30H-E2096-185GQ-R38E3-1W81P-24GKH")
    refused = run("passwd", str(path), "--new-passphrase-file", str(new_file),
                  "--keep-recovery-key-file", str(wrong), home=tmp_path / "home")
    assert refused.returncode == 4 and "recovery key" in refused.stderr
    assert path.read_bytes() == old  # nothing changed
    kept = run("passwd", str(path), "--new-passphrase-file", str(new_file),
               "--keep-recovery-key-file", str(tmp_path / "recovery.txt"), home=tmp_path / "home")
    assert kept.returncode == 0, kept.stderr
    assert "Your recovery key still works" in kept.stdout and "recovery key has changed" not in kept.stdout
    new_data = path.read_bytes()
    old_key = unwrap_data_key(old, PASSPHRASE)[0]
    new_key = unwrap_data_key(new_data, NEW)[0]
    assert unwrap_data_key(new_data, recovery_key=recovery)[0] == new_key != old_key
    from cryptography.exceptions import InvalidTag

    with pytest.raises(InvalidTag):
        open_body(new_data, old_key)


def test_passwd_without_a_terminal_prints_a_new_recovery_key(journal, tmp_path) -> None:
    path, recovery = journal
    new_file = _write(tmp_path / "new.txt", NEW)
    changed = run("passwd", str(path), "--new-passphrase-file", str(new_file), home=tmp_path / "home")
    assert changed.returncode == 0, changed.stderr
    assert "Your recovery key has changed" in changed.stdout
    new_key = changed.stdout.split("keep it safe):")[1].split()[0]
    assert len(new_key.split("-")) == 8 and new_key != recovery
    again = _write(tmp_path / "again.txt", "third quiet passphrase for the otters")
    old_file = _write(tmp_path / "old-key.txt", recovery)
    refused = run("recover", str(path), "--recovery-key-file", str(old_file),
                  "--new-passphrase-file", str(again), home=tmp_path / "home")
    assert refused.returncode == 4
    new_key_file = _write(tmp_path / "new-key.txt", new_key)
    ok = run("recover", str(path), "--recovery-key-file", str(new_key_file),
             "--new-passphrase-file", str(again), home=tmp_path / "home")
    assert ok.returncode == 0, ok.stderr
    assert "under a new key" in ok.stdout


def test_recover_gives_a_new_key_and_an_old_copy_opens_nothing_new(journal, tmp_path) -> None:
    path, recovery = journal
    stick = tmp_path / "usb-stick-copy.pjournal"
    shutil.copy(path, stick)
    key_file = tmp_path / "recovery.txt"
    new_file = _write(tmp_path / "new.txt", NEW)
    done = run("recover", str(path), "--recovery-key-file", str(key_file),
               "--new-passphrase-file", str(new_file), home=tmp_path / "home")
    assert done.returncode == 0, done.stderr
    old_key = unwrap_data_key(stick.read_bytes(), recovery_key=recovery)[0]
    data = path.read_bytes()
    assert unwrap_data_key(data, recovery_key=recovery)[0] != old_key
    from cryptography.exceptions import InvalidTag

    with pytest.raises(InvalidTag):
        open_body(data, old_key)


def test_erase_new_key_writes_the_new_recovery_key_0600(journal, tmp_path) -> None:
    path, recovery = journal
    from tests.unit.interchange_support import spec_example, without_files

    doc = without_files(spec_example())
    customer = doc["customers"][0]["id"]
    (tmp_path / "import.json").write_text(json.dumps(doc))
    home = tmp_path / "home"
    imported = run("import", str(path), str(tmp_path / "import.json"), home=home)
    assert imported.returncode == 0, imported.stderr
    before = path.read_bytes()
    misplaced = run("erase", str(path), "--customer", customer, "--recovery-key-file",
                    str(tmp_path / "k.txt"), home=home)
    assert misplaced.returncode == 13 and "--new-key" in misplaced.stderr
    assert path.read_bytes() == before
    key_file = tmp_path / "new-recovery.txt"
    erased = run("erase", str(path), "--customer", customer, "--new-key", "--recovery-key-file",
                 str(key_file), home=home)
    assert erased.returncode == 0, erased.stderr
    assert "new key" in erased.stdout and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    new_recovery = key_file.read_text().strip()
    assert new_recovery != recovery
    data = path.read_bytes()
    new_key = unwrap_data_key(data, PASSPHRASE)[0]  # the passphrase stays
    assert unwrap_data_key(data, recovery_key=new_recovery)[0] == new_key
    assert new_key != unwrap_data_key(before, PASSPHRASE)[0]
    trail = run("audit", str(path), "--json", home=home)
    assert "journal-rekeyed" in trail.stdout
