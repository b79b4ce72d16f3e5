"""Two processes, one journal: the second is told clearly; after the first dies, the lock is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from journal_app.errors import JournalLocked
from journal_app.vault.lock import lock_path
from journal_app.vault.store import VaultFile

PASSPHRASE = "two process passphrase"
ROOT = Path(__file__).resolve().parents[2]

HOLDER = """
import sys, time
from pathlib import Path
from journal_app.vault.store import VaultFile
vault, body = VaultFile.unlock(Path(sys.argv[1]), sys.argv[2])
vault.save(body + b"+holder")
print("ready", flush=True)
time.sleep(60)
"""

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="uses SIGKILL")


def _start_holder(path: Path) -> subprocess.Popen:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), PASSPHRASE], cwd=ROOT,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    line = holder.stdout.readline()
    if line.strip() != "ready":
        holder.kill()
        pytest.fail(f"holder did not start: {holder.stderr.read()}")
    return holder


def test_second_process_is_refused_then_takes_over_after_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "shared.pjournal"
    vault, _ = VaultFile.create(path, PASSPHRASE, b"start")
    vault.close()
    holder = _start_holder(path)
    try:
        with pytest.raises(JournalLocked) as caught:
            VaultFile.unlock(path, PASSPHRASE)
        message = str(caught.value)
        assert "open in another copy of Placement Journal" in message
        assert f"process {holder.pid}" in message
        assert "Close it there first" in message
        # A reader (verify, export) is not blocked by the writer.
        reader, body = VaultFile.unlock(path, PASSPHRASE, lock=False)
        reader.close()
        assert body == b"start+holder"
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
        holder.stderr.close()
    assert lock_path(path).exists(), "a crash leaves its lock file behind"
    vault, body = VaultFile.unlock(path, PASSPHRASE)
    try:
        assert vault.took_over_stale_lock
        assert body == b"start+holder"
        vault.save(b"after the crash")
    finally:
        vault.close()
    assert not lock_path(path).exists()


def test_the_cli_reports_a_locked_journal_with_its_own_exit_code(tmp_path: Path) -> None:
    path = tmp_path / "shared.pjournal"
    vault, _ = VaultFile.create(path, PASSPHRASE, b"start")
    vault.close()
    holder = _start_holder(path)
    try:
        new = tmp_path / "new.txt"
        new.write_text("a new passphrase\n")
        env = dict(os.environ, JOURNAL_PASSPHRASE=PASSPHRASE)
        result = subprocess.run(
            [sys.executable, "-m", "journal_app", "passwd", str(path), "--new-passphrase-file", str(new)],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
        )
    finally:
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
        holder.stdout.close()
        holder.stderr.close()
    assert result.returncode == 8, result.stderr
    assert "open in another copy" in result.stderr
    assert "Traceback" not in result.stderr
