"""Kill a saving process at random moments: the file always opens, at the last acknowledged save or later.

A child process opens the journal and saves in a loop, writing each generation it
has been told is saved to a pipe. The test SIGKILLs it at a random moment, then
opens the file itself: it must unlock (no damage, no false rollback alarm, the
crashed lock taken over) and hold a save at least as new as the last acknowledged.
"""

from __future__ import annotations

import os
import random
import select
import signal
import struct
import sys
import time
from pathlib import Path

import pytest

from journal_app.vault.durable import stale_temp_files
from journal_app.vault.store import VaultFile, list_backups

PASSPHRASE = "crash test passphrase"
KILLS = 50

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="needs fork and SIGKILL"),
]


def body_for(counter: int) -> bytes:
    """A body whose content proves which save it was (and is never torn)."""
    size = 40_000 + (counter * 7919) % 400_000
    return struct.pack("<Q", counter) + random.Random(counter).randbytes(size)


def _child(path: Path, start: int, ack_fd: int) -> None:
    try:
        vault, _body = VaultFile.unlock(path, PASSPHRASE)
        vault.backup_interval_s = 0  # rotate backups on every save: more to interrupt
        os.write(ack_fd, b"R")
        counter = start
        while True:
            counter += 1
            vault.save(body_for(counter))
            os.write(ack_fd, struct.pack("<Q", counter))
    finally:
        os._exit(1)


def _read_acks(fd: int) -> tuple[bool, int | None]:
    data = b""
    while chunk := os.read(fd, 65536):
        data += chunk
    ready = data.startswith(b"R")
    acks = data[1:] if ready else data
    whole = len(acks) // 8 * 8
    last = struct.unpack_from("<Q", acks, whole - 8)[0] if whole else None
    return ready, last


def test_sigkill_during_saves_never_loses_an_acknowledged_save(tmp_path: Path) -> None:
    path = tmp_path / "crash.pjournal"
    vault, _key = VaultFile.create(path, PASSPHRASE, body_for(0))
    vault.close()
    rng = random.Random(20261006)
    acknowledged = 0
    killed_mid_write = 0
    for _round in range(KILLS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            os.close(read_fd)
            _child(path, acknowledged, write_fd)
        os.close(write_fd)
        # Wait until it has unlocked, then let it save for a random while.
        select.select([read_fd], [], [], 10)
        time.sleep(rng.uniform(0, 0.06))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        ready, last = _read_acks(read_fd)
        os.close(read_fd)
        assert ready, "the child could not open the journal left by the previous crash"
        if last is not None:
            acknowledged = last
        killed_mid_write += bool(stale_temp_files(path))
        vault, body = VaultFile.unlock(path, PASSPHRASE)
        try:
            (counter,) = struct.unpack_from("<Q", body)
            assert counter >= acknowledged, f"lost acknowledged save {acknowledged}, found {counter}"
            assert body == body_for(counter)
            acknowledged = counter
            assert vault.took_over_stale_lock
            assert not stale_temp_files(path), "temp files from the crash were not cleaned up"
            assert len(list_backups(path)) <= 3
            assert set(vault.check_backups().values()) <= {"ok"}
        finally:
            vault.close()
    assert acknowledged > KILLS  # the children really were saving
    print(f"{KILLS} kills, {killed_mid_write} in the middle of writing a file")
    assert killed_mid_write >= 5, "too few kills landed mid-write to prove anything"
