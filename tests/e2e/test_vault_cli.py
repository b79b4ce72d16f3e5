"""`journal-app init / verify / passwd / recover` as a learner runs them, exit codes included."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "correct horse battery"
HEADER_LENGTH = 256


def run(
    *args: str, passphrase: str | None = PASSPHRASE, home: Path | None = None
) -> subprocess.CompletedProcess:
    """The CLI in a fresh process, as a learner would run it (fast key settings for speed)."""
    env = dict(os.environ, JOURNAL_APP_FAST_KDF="1")
    env.pop("JOURNAL_PASSPHRASE", None)
    if home is not None:
        env["JOURNAL_APP_HOME"] = str(home)
    if passphrase is not None:
        env["JOURNAL_PASSPHRASE"] = passphrase
    result = subprocess.run(
        [sys.executable, "-m", "journal_app", *args], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
        capture_output=True, text=True, timeout=60,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """One journal made with `init`, copied for each test (init is what costs time)."""
    folder = tmp_path_factory.mktemp("template")
    path = folder / "journal.pjournal"
    key_file = folder / "recovery.txt"
    result = run(
        "init", str(path), "--recovery-key-file", str(key_file), "--name", "Sam", home=folder / "home"
    )
    assert result.returncode == 0, result.stderr
    return path, key_file.read_text().strip()


@pytest.fixture
def journal(template: tuple[Path, str], tmp_path: Path) -> tuple[Path, str]:
    path = tmp_path / "journal.pjournal"
    shutil.copy(template[0], path)
    return path, template[1]


def test_init_writes_a_private_journal_and_recovery_key(tmp_path: Path) -> None:
    path = tmp_path / "mine.pjournal"
    key_file = tmp_path / "key.txt"
    result = run("init", str(path), "--recovery-key-file", str(key_file))
    assert result.returncode == 0, result.stderr
    assert "Created" in result.stdout and "Recovery key written" in result.stdout
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert len(key_file.read_text().strip()) == 47
    again = run("init", str(path))
    assert again.returncode == 12 and "already exists" in again.stderr


def test_init_shows_the_recovery_key_once_when_no_file_is_given(tmp_path: Path) -> None:
    result = run("init", str(tmp_path / "j.pjournal"))
    assert result.returncode == 0
    assert "shown only now" in result.stdout
    key_line = result.stdout.strip().splitlines()[-1].strip()
    assert len(key_line) == 47 and key_line.count("-") == 7


def test_init_refuses_to_overwrite_an_old_recovery_key(tmp_path: Path) -> None:
    key_file = tmp_path / "key.txt"
    key_file.write_text("OLD KEY\n")
    result = run("init", str(tmp_path / "j.pjournal"), "--recovery-key-file", str(key_file))
    assert result.returncode == 13 and "never overwritten" in result.stderr
    assert key_file.read_text() == "OLD KEY\n"
    assert not (tmp_path / "j.pjournal").exists()


def test_verify_reports_format_keys_sizes_and_counts(journal: tuple[Path, str]) -> None:
    path, _key = journal
    result = run("verify", str(path))
    assert result.returncode == 0, result.stderr
    for words in ("Status:           OK", "File format:      version 2", "Argon2id, 19 MiB, 2 passes",
                  "bytes on disk", "interactions", "Schema version:"):
        assert words in result.stdout
    report = json.loads(run("verify", str(path), "--json").stdout)
    assert report["ok"] and report["format_version"] == 2 and report["generation"] >= 1
    assert report["kdf"] == {"memory_kib": 19 * 1024, "iterations": 2, "lanes": 1}
    assert report["file_bytes"] == path.stat().st_size and report["counts"]["interactions"] == 0


def test_passphrase_from_a_file_or_prompt_rules(journal: tuple[Path, str], tmp_path: Path) -> None:
    path, _key = journal
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    assert run("verify", str(path), "--passphrase-file", str(secret), passphrase=None).returncode == 0
    missing = run("verify", str(path), passphrase=None)
    assert missing.returncode == 13 and "No passphrase given" in missing.stderr


def test_each_kind_of_problem_has_its_own_exit_code(journal: tuple[Path, str], tmp_path: Path) -> None:
    path, key = journal
    codes = {}

    codes["wrong passphrase"] = run("verify", str(path), passphrase="not the passphrase")
    wrong_key = tmp_path / "wrong.txt"
    wrong_key.write_text("ABCD" + _check("ABCD", 0) + "-" + "-".join(key.split("-")[1:]))
    codes["wrong recovery key"] = run("recover", str(path), "--recovery-key-file", str(wrong_key))

    damaged = tmp_path / "damaged.pjournal"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    damaged.write_bytes(data)
    codes["damaged"] = run("verify", str(damaged))
    assert damaged.read_bytes() == bytes(data)

    foreign = tmp_path / "letter.pjournal"
    foreign.write_text("Dear customer, thank you for your feedback.")
    codes["not a journal"] = run("verify", str(foreign))

    newer = tmp_path / "newer.pjournal"
    data = path.read_bytes()  # a newer app writes its own, intact header (checksum included)
    newer_header = data[:8] + (9).to_bytes(2, "little") + data[10 : HEADER_LENGTH - 32]
    newer.write_bytes(newer_header + hashlib.sha256(newer_header).digest() + data[HEADER_LENGTH:])
    codes["newer"] = run("verify", str(newer))

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    codes["cannot save"] = run("init", str(blocker / "j.pjournal"))

    codes["not found"] = run("verify", str(tmp_path / "nowhere.pjournal"))

    expected = {"wrong passphrase": (3, "doesn't unlock"), "wrong recovery key": (4, "doesn't belong"),
                "damaged": (5, "damaged"), "not a journal": (6, "not a Placement Journal file"),
                "newer": (7, "newer version"), "cannot save": (9, "Could not save"),
                "not found": (11, "There is no journal")}
    for name, (code, words) in expected.items():
        assert codes[name].returncode == code, (name, codes[name].stderr)
        assert words in codes[name].stderr, (name, codes[name].stderr)
        assert codes[name].stderr.startswith("journal-app: ")
    assert len({code for code, _ in expected.values()} | {8, 10, 12, 13}) == len(expected) + 4


def _check(data: str, group: int) -> str:
    from journal_app.vault.keys import _check_char

    return _check_char(group, data)


def test_a_typo_in_the_recovery_key_is_located(journal: tuple[Path, str], tmp_path: Path) -> None:
    path, key = journal
    groups = key.split("-")
    from journal_app.vault.keys import ALPHABET

    # One character mistyped; skip the one-in-32 slips the check character can't see.
    groups[2] = next(
        groups[2][:3] + ch + groups[2][4]
        for ch in ALPHABET
        if ch != groups[2][3] and _check(groups[2][:3] + ch, 2) != groups[2][4]
    )
    typo = tmp_path / "typo.txt"
    typo.write_text("-".join(groups))
    before = path.read_bytes()
    result = run("recover", str(path), "--recovery-key-file", str(typo), passphrase="new passphrase 1")
    assert result.returncode == 4
    assert "Group 3 of the recovery key" in result.stderr
    assert path.read_bytes() == before


def test_passwd_changes_the_passphrase_and_retires_old_backups(
    journal: tuple[Path, str], tmp_path: Path
) -> None:
    path, _key = journal
    new = tmp_path / "new.txt"
    new.write_text("my new passphrase\n")
    result = run("passwd", str(path), "--new-passphrase-file", str(new))
    assert result.returncode == 0, result.stderr
    assert "Passphrase changed" in result.stdout
    assert run("verify", str(path)).returncode == 3
    assert run("verify", str(path), passphrase="my new passphrase").returncode == 0
    backups = sorted(path.parent.glob("journal.pjournal.bak*"))
    assert backups
    for backup in backups:
        assert run("verify", str(backup)).returncode == 3, "the old passphrase still opens a backup"


def test_passwd_can_issue_a_new_recovery_key(journal: tuple[Path, str], tmp_path: Path) -> None:
    path, old_key = journal
    new = tmp_path / "new.txt"
    new.write_text("my new passphrase\n")
    key_file = tmp_path / "new-key.txt"
    result = run("passwd", str(path), "--new-passphrase-file", str(new), "--recovery-key-file", str(key_file))
    assert result.returncode == 0, result.stderr
    old_file = tmp_path / "old-key.txt"
    old_file.write_text(old_key)
    again = tmp_path / "again.txt"
    again.write_text("third passphrase\n")
    refused = run("recover", str(path), "--recovery-key-file", str(old_file),
                  "--new-passphrase-file", str(again))
    assert refused.returncode == 4
    ok = run("recover", str(path), "--recovery-key-file", str(key_file), "--new-passphrase-file", str(again))
    assert ok.returncode == 0, ok.stderr


def test_recover_sets_a_new_passphrase(journal: tuple[Path, str], tmp_path: Path) -> None:
    path, key = journal
    key_file = tmp_path / "key.txt"
    key_file.write_text(key.lower().replace("-", " ") + "\n")
    new = tmp_path / "new.txt"
    new.write_text("fresh passphrase 2\n")
    result = run("recover", str(path), "--recovery-key-file", str(key_file),
                 "--new-passphrase-file", str(new))
    assert result.returncode == 0, result.stderr
    assert "New passphrase set" in result.stdout
    assert run("verify", str(path), passphrase="fresh passphrase 2").returncode == 0
    assert run("verify", str(path)).returncode == 3


def test_recover_never_takes_the_passphrase_variable_as_the_new_passphrase(
    journal: tuple[Path, str], tmp_path: Path
) -> None:
    path, key = journal
    key_file = tmp_path / "key.txt"
    key_file.write_text(key + "\n")
    before = path.read_bytes()
    result = run("recover", str(path), "--recovery-key-file", str(key_file), passphrase="fresh passphrase 2")
    assert result.returncode == 13, result.stderr
    assert "No new passphrase given" in result.stderr and "--new-passphrase-file" in result.stderr
    assert "JOURNAL_PASSPHRASE is not used" in result.stderr
    assert path.read_bytes() == before
    assert run("verify", str(path), passphrase="fresh passphrase 2").returncode == 3


def test_recover_reads_the_new_passphrase_from_standard_input(
    journal: tuple[Path, str], tmp_path: Path
) -> None:
    path, key = journal
    env = dict(os.environ, JOURNAL_APP_FAST_KDF="1", JOURNAL_PASSPHRASE="not the new one")
    result = subprocess.run(
        [sys.executable, "-m", "journal_app", "recover", str(path)], cwd=ROOT, env=env,
        input=f"{key}\nfresh passphrase 2\n", capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert run("verify", str(path), passphrase="fresh passphrase 2").returncode == 0
    assert run("verify", str(path), passphrase="not the new one").returncode == 3


@pytest.mark.parametrize("weak", ["password", "aaaaaaaa", " " * 8])
def test_a_guessable_new_passphrase_is_refused_everywhere(
    journal: tuple[Path, str], tmp_path: Path, weak: str
) -> None:
    path, key = journal
    before = path.read_bytes()
    new = tmp_path / "weak.txt"
    new.write_text(weak + "\n")
    key_file = tmp_path / "key.txt"
    key_file.write_text(key + "\n")
    results = {
        "init": run("init", str(tmp_path / "new.pjournal"), "--passphrase-file", str(new)),
        "passwd": run("passwd", str(path), "--new-passphrase-file", str(new)),
        "recover": run("recover", str(path), "--recovery-key-file", str(key_file),
                       "--new-passphrase-file", str(new), passphrase=None),
    }
    for command, result in results.items():
        assert result.returncode == 13, (command, result.stderr)
        assert "too easy for someone else to guess" in result.stderr, (command, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, (command, result.stderr)
    assert path.read_bytes() == before
    assert not (tmp_path / "new.pjournal").exists()


def test_a_production_init_ignores_the_test_only_fast_key_settings(tmp_path: Path) -> None:
    from journal_app.vault import keys
    from journal_app.vault.store import read_header

    env = {k: v for k, v in os.environ.items() if k not in ("JOURNAL_APP_TEST_SUITE", "JOURNAL_PASSPHRASE")}
    env.update(JOURNAL_APP_FAST_KDF="1", JOURNAL_APP_HOME=str(tmp_path / "home"))
    path = tmp_path / "real.pjournal"
    result = subprocess.run(
        [sys.executable, "-m", "journal_app", "init", str(path)], cwd=ROOT, env=env,
        input=PASSPHRASE + "\n", capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "ignoring JOURNAL_APP_FAST_KDF" in result.stderr
    assert read_header(path).kdf == keys.DEFAULT_KDF


def test_a_too_short_new_passphrase_changes_nothing(journal: tuple[Path, str], tmp_path: Path) -> None:
    path, _key = journal
    before = path.read_bytes()
    short = tmp_path / "short.txt"
    short.write_text("abc\n")
    result = run("passwd", str(path), "--new-passphrase-file", str(short))
    assert result.returncode == 13 and "at least 8 characters" in result.stderr
    assert path.read_bytes() == before


def test_verify_reads_without_writing_anything(journal: tuple[Path, str]) -> None:
    path, _key = journal
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    assert run("verify", str(path)).returncode == 0
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert not list(path.parent.glob("*.lock"))


def test_passphrases_can_be_piped_in_by_a_script(tmp_path):
    """No terminal: each prompt reads one line from standard input."""
    home = tmp_path / "home"
    path = tmp_path / "piped.pjournal"

    def piped(*args: str, text: str) -> subprocess.CompletedProcess:
        env = dict(os.environ, JOURNAL_APP_FAST_KDF="1", JOURNAL_APP_HOME=str(home))
        env.pop("JOURNAL_PASSPHRASE", None)
        return subprocess.run([sys.executable, "-m", "journal_app", *args], cwd=ROOT, env=env,
                              input=text, capture_output=True, text=True, timeout=60)

    assert piped("init", str(path), text="first passphrase\n").returncode == 0
    changed = piped("passwd", str(path), text="first passphrase\nsecond passphrase\n")
    assert changed.returncode == 0, changed.stderr
    assert piped("verify", str(path), text="second passphrase\n").returncode == 0
    wrong = piped("verify", str(path), text="first passphrase\n")
    assert wrong.returncode == 3 and "doesn't unlock" in wrong.stderr
    empty = piped("verify", str(path), text="")
    assert empty.returncode == 13 and "No passphrase given" in empty.stderr


def test_the_app_without_a_screen_says_so_plainly(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux can be without a display server")
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["JOURNAL_APP_HOME"] = str(tmp_path / "home")
    result = subprocess.run([sys.executable, "-m", "journal_app"], cwd=ROOT, env=env,
                            stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60)
    assert result.returncode == 23
    assert "needs a screen" in result.stderr and "Traceback" not in result.stderr
