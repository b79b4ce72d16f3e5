"""Kill a saving process at random moments: the file always opens, at the last acknowledged save or later.

A child process opens the journal and saves in a loop, writing each generation it
has been told is saved to a pipe. The test SIGKILLs it at a random moment, then
opens the file itself: it must unlock (no damage, no false rollback alarm, the
crashed lock taken over) and hold a save at least as new as the last acknowledged.

Every fifth child is stopped halfway through writing a file and killed there, so some
kills surely land mid-write however fast or slow the machine is; the others are killed
at a random moment after their first acknowledged save.
"""

from __future__ import annotations

import itertools
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

from .write_commands import files_match

PASSPHRASE = "crash test passphrase"
KILLS = 50
MID_WRITE_EVERY = 5  # every fifth kill is made to land in the middle of writing a file
WAIT_S = 30.0

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="needs fork and SIGKILL"),
]


def body_for(counter: int) -> bytes:
    """A body whose content proves which save it was (and is never torn)."""
    size = 40_000 + (counter * 7919) % 400_000
    return struct.pack("<Q", counter) + random.Random(counter).randbytes(size)


def _stop_halfway_through_writing(stopped_fd: int, skip: int = 0) -> None:
    """In the child: the next file written (after ``skip`` whole ones) gets its first chunk
    only, then the parent is told."""
    from journal_app.vault import durable

    write_all = durable._write_all
    left = [skip]

    def first_chunk_then_wait(fd: int, chunks) -> None:
        if left[0] > 0:
            left[0] -= 1
            write_all(fd, chunks)
            return
        write_all(fd, itertools.islice(iter(chunks), 1))
        os.write(stopped_fd, b"W")
        time.sleep(WAIT_S * 2)  # killed long before this

    durable._write_all = first_chunk_then_wait


def _child(path: Path, start: int, ack_fd: int, stopped_fd: int | None) -> None:
    try:
        vault, _body = VaultFile.unlock(path, PASSPHRASE)
        vault.backup_interval_s = 0  # rotate backups on every save: more to interrupt
        if stopped_fd is not None:
            _stop_halfway_through_writing(stopped_fd)
        os.write(ack_fd, b"R")
        counter = start
        while True:
            counter += 1
            vault.save(body_for(counter))
            os.write(ack_fd, struct.pack("<Q", counter))
    finally:
        os._exit(1)


def _read_at_least(fd: int, size: int) -> bytes:
    """What the child has written, once it is ``size`` bytes or more (or it died, or time ran out)."""
    data = b""
    deadline = time.monotonic() + WAIT_S
    while len(data) < size and (left := deadline - time.monotonic()) > 0:
        if not select.select([fd], [], [], left)[0]:
            break
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        data += chunk
    return data


def _read_acks(fd: int, data: bytes = b"") -> tuple[bool, int | None]:
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
    random_kills = 0
    for n in range(KILLS):
        mid_write = n % MID_WRITE_EVERY == MID_WRITE_EVERY - 1
        read_fd, write_fd = os.pipe()
        stopped_read_fd, stopped_write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            os.close(read_fd)
            os.close(stopped_read_fd)
            _child(path, acknowledged, write_fd, stopped_write_fd if mid_write else None)
        os.close(write_fd)
        os.close(stopped_write_fd)
        if mid_write:
            # It stops halfway through writing a file and says so: kill it there.
            stopped = _read_at_least(stopped_read_fd, 1) == b"W"
            seen = b""
        else:
            # Wait until it has unlocked and acknowledged a save, then let it save for a random while.
            random_kills += 1
            seen = _read_at_least(read_fd, 1 + 8)
            time.sleep(rng.uniform(0, 0.06))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(stopped_read_fd)
        ready, last = _read_acks(read_fd, seen)
        os.close(read_fd)
        assert ready, "the child could not open the journal left by the previous crash"
        if last is not None:
            acknowledged = last
        left_behind = bool(stale_temp_files(path))
        killed_mid_write += left_behind
        if mid_write:
            assert stopped, "the child never got halfway through writing a file"
            assert left_behind, "a kill in the middle of writing should leave its temp file"
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
    # Each randomly killed child had a save acknowledged first, so the saves kept moving on.
    assert acknowledged >= random_kills
    print(f"{KILLS} kills, {killed_mid_write} in the middle of writing a file")
    assert killed_mid_write >= KILLS // MID_WRITE_EVERY


# --- attachments: imports that replace files, erasures, retention runs ----------------------------

ATTACHMENT_KILLS = 36
STOP_EVERY = 3  # of every three kills: one halfway through writing a file, one while removing files


def _attachment_work(journal, round_: int) -> None:
    """One round of the learner's work that writes, replaces and removes attached files."""
    from datetime import timedelta

    from journal_app.journal.attachments import add_evidence_file
    from journal_app.journal.records import Customer, Interaction
    from journal_app.services.exchange.importer import import_document
    from journal_app.services.exchange.interchange import export_document
    from journal_app.services.privacy.erasure import erase_customer
    from journal_app.services.privacy.retention import RetentionPolicy, set_policies
    from journal_app.services.privacy.retention_run import apply

    rng = random.Random(round_)
    customer = journal.customers.add(Customer(name=f"Customer {round_}"))
    interaction = journal.interactions.add(
        Interaction(customer=customer.id, at="2026-10-01T09:30:00+01:00", summary=f"Helped {round_}")
    )
    item = add_evidence_file(journal, f"card-{round_}.png", rng.randbytes(20_000), "image/png",
                             interactions=[interaction.id])
    journal.save()
    yield
    # Re-import the journal's own interchange file with the item's file changed.
    import base64

    document = export_document(journal)
    [entry] = [e for e in document["evidence"] if e["id"] == item.id]
    entry["file"] = {"name": "changed.png", "media_type": "image/png",
                     "data_base64": base64.b64encode(rng.randbytes(30_000)).decode()}
    import_document(journal, document)
    journal.save()
    yield
    if round_ % 2:
        erase_customer(journal, customer.id, delete_linked=round_ % 4 == 1)
    else:
        set_policies(journal, [RetentionPolicy("attachments", 1, "delete", "created")])
        apply(journal, journal.now() + timedelta(days=30))
    yield


def _stop_while_removing_files(stopped_fd: int) -> None:
    """In the child: the first sealed file removed after a save is the moment it is killed."""
    from journal_app.vault import attachments as sealed

    delete_blob = sealed.delete_blob

    def remove_then_wait(folder: Path, name: str) -> None:
        delete_blob(folder, name)
        os.write(stopped_fd, b"W")
        time.sleep(WAIT_S * 2)

    sealed.delete_blob = remove_then_wait


def _attachment_child(path: Path, start: int, ack_fd: int, stopped_fd: int | None, mode: str) -> None:
    try:
        from journal_app.journal.journal import Journal

        journal = Journal.open(path, PASSPHRASE)
        journal.vault.backup_interval_s = 0  # every save makes a backup: more to interrupt
        if mode == "mid-write" and stopped_fd is not None:
            _stop_halfway_through_writing(stopped_fd, skip=start % 9)
        elif mode == "removing" and stopped_fd is not None:
            _stop_while_removing_files(stopped_fd)
        os.write(ack_fd, b"R")
        counter = start
        while True:
            counter += 1
            for _step in _attachment_work(journal, counter):
                os.write(ack_fd, struct.pack("<Q", counter))
    finally:
        os._exit(1)


def _every_copy_opens_with_its_files(path: Path) -> int:
    """The journal and every backup open, and every file each refers to opens and matches."""
    from journal_app.journal.journal import Journal

    checked = 0
    for copy in [path, *list_backups(path)]:
        journal = Journal.open(copy, PASSPHRASE, lock=False, allow_rollback=True)
        try:
            checked += files_match(journal, path, copy.name)
        finally:
            journal.close()
    return checked


def test_sigkill_while_attachments_change_leaves_every_copy_with_its_files(tmp_path: Path) -> None:
    from journal_app.journal.attachments import check_attachments
    from journal_app.journal.journal import Journal

    path = tmp_path / "crash.pjournal"
    journal, _key = Journal.create(path, PASSPHRASE)
    journal.close()
    rng = random.Random(20261007)
    rounds = 0
    stopped_counts = {"mid-write": 0, "removing": 0}
    files_checked = 0
    for n in range(ATTACHMENT_KILLS):
        mode = ("random", "mid-write", "removing")[n % STOP_EVERY]
        read_fd, write_fd = os.pipe()
        stopped_read_fd, stopped_write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            os.close(read_fd)
            os.close(stopped_read_fd)
            _attachment_child(path, rounds, write_fd, stopped_write_fd, mode)
        os.close(write_fd)
        os.close(stopped_write_fd)
        if mode == "random":
            seen = _read_at_least(read_fd, 1 + 8)
            time.sleep(rng.uniform(0, 0.15))
        else:
            stopped = _read_at_least(stopped_read_fd, 1) == b"W"
            assert stopped, f"the child never got to the moment to kill it ({mode})"
            stopped_counts[mode] += 1
            seen = b""
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(stopped_read_fd)
        ready, last = _read_acks(read_fd, seen)
        os.close(read_fd)
        assert ready, "the child could not open the journal left by the previous crash"
        if last is not None:
            rounds = last
        files_checked += _every_copy_opens_with_its_files(path)
    # A last ordinary save collects every stray the kills left; nothing any copy needs goes.
    journal = Journal.open(path, PASSPHRASE)
    try:
        journal.dirty = True
        journal.save()
        assert check_attachments(journal)["orphaned"] == 0
        assert journal.collect_error is None
    finally:
        journal.close()
    files_checked += _every_copy_opens_with_its_files(path)
    print(f"{ATTACHMENT_KILLS} kills ({stopped_counts}), {rounds} rounds, {files_checked} files checked")
    assert stopped_counts["mid-write"] >= ATTACHMENT_KILLS // STOP_EVERY
    assert stopped_counts["removing"] >= ATTACHMENT_KILLS // STOP_EVERY
    assert rounds >= 1
