"""Kill every writing command at moments all through its run: nothing is ever lost.

Each command runs in a forked child against a fresh copy of one journal (attachments,
backups, a hold, a dismissed reminder). The child counts the durable steps it takes
(creating a temp file, writing it, fsync, rename, folder fsync, removing a file) and is
stopped before one of them (a write is stopped halfway through), then SIGKILLed. Every
step of every command is a kill point; random moments make up the rest, to at least
``KILLS`` kills per command. After each kill the journal and every backup open (with the old
or the new passphrase where passwd or recover was killed, never neither) with every attached
file present and matching its SHA-256; every few kills, and after the last, the next write
succeeds and ``verify`` exits 0.
"""

from __future__ import annotations

import itertools
import os
import random
import select
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from . import write_commands as w

KILLS = 50
VERIFY_EVERY = 10
WAIT_S = 30.0
NEVER = 10**9

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="needs fork and SIGKILL"),
]


def _arm(stop_at: int, stopped_fd: int) -> list[int]:
    """In the child: count each durable step; before step ``stop_at`` (halfway through it, for
    a write) tell the parent and wait to be killed."""
    import pathlib

    from journal_app.vault import attachments as sealed
    from journal_app.vault import backups, durable

    count = [0]

    def step() -> None:
        if count[0] == stop_at:
            os.write(stopped_fd, b"W")
            time.sleep(WAIT_S * 2)  # killed long before this
        count[0] += 1

    def before(fn):
        def wrapped(*args, **kwargs):
            step()
            return fn(*args, **kwargs)
        return wrapped

    write_all = durable._write_all

    def half_then_rest(fd: int, chunks) -> None:
        data = b"".join(bytes(c) for c in chunks)
        write_all(fd, [data[: len(data) // 2]])
        step()
        write_all(fd, [data[len(data) // 2 :]])

    durable._write_all = half_then_rest
    for module in (durable, backups):
        for name in ("replace_with_retry", "fsync_dir", "stage_copy", "snapshot_file"):
            if hasattr(module, name):
                setattr(module, name, before(getattr(module, name)))
    durable._create_private = before(durable._create_private)
    durable._full_fsync = before(durable._full_fsync)
    sealed.delete_blob = before(sealed.delete_blob)
    pathlib.Path.unlink = before(pathlib.Path.unlink)  # type: ignore[method-assign]
    return count


def _child(root: Path, argv: list, stop_at: int, ready_fd: int, stopped_fd: int) -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        count = _arm(stop_at, stopped_fd)
        os.write(ready_fd, b"R")
        code, _out, _err = w.run_cli(root, argv)
        os.write(ready_fd, b"D" + str(count[0]).encode() + b" " + str(code).encode())
    finally:
        os._exit(0)


def _read(fd: int, timeout: float) -> bytes:
    if not select.select([fd], [], [], timeout)[0]:
        return b""
    return os.read(fd, 4096)


def _run_once(root: Path, argv: list, stop_at: int, rng: random.Random, pause: float) -> tuple[bool, bytes]:
    """One child; returns (killed while still working, what it reported)."""
    ready_r, ready_w = os.pipe()
    stopped_r, stopped_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        os.close(ready_r)
        os.close(stopped_r)
        _child(root, argv, stop_at, ready_w, stopped_w)
    os.close(ready_w)
    os.close(stopped_w)
    try:
        said = _read(ready_r, WAIT_S)
        assert said.startswith(b"R"), "the child never started"
        if pause < 0:  # the dry run: let it finish
            deadline = time.monotonic() + WAIT_S
            while b"D" not in said and time.monotonic() < deadline:
                said += _read(ready_r, WAIT_S) or b""
        elif stop_at == NEVER:
            time.sleep(rng.uniform(0, pause))
        else:
            assert _read(stopped_r, WAIT_S) == b"W", "the child never reached its stop point"
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        while chunk := os.read(ready_r, 4096):
            said += chunk
    finally:
        os.close(ready_r)
        os.close(stopped_r)
    finished = b"D" in said
    return not finished, said


@pytest.mark.parametrize("name", w.CRASHED)
def test_sigkill_at_every_step_of_every_writing_command(name: str, crash_template: w.Template,
                                                        tmp_path: Path) -> None:
    t = crash_template
    rng = random.Random(name)
    passphrases = w.passphrases_for(name)
    # A run to the end first: how many steps the command takes, and how long it runs.
    root = w.fresh_copy(t, tmp_path / "dry")
    started = time.monotonic()
    killed, said = _run_once(root, w.commands(t, root)[name], NEVER, rng, -1.0)
    duration = time.monotonic() - started
    assert not killed and said.split(b"D")[1].split()[1] == b"0", said
    steps = int(said.split(b"D")[1].split()[0])
    assert steps >= 5, steps
    kills = step_kills = 0
    for n in itertools.count():
        if kills >= KILLS or n > 4 * KILLS:
            break
        root = w.fresh_copy(t, tmp_path / f"k{n}")
        stop_at = n if n < steps else NEVER
        killed, _said = _run_once(root, w.commands(t, root)[name], stop_at, rng, duration)
        kills += killed
        step_kills += killed and stop_at != NEVER
        passphrase, _files = w.every_copy_opens_with_its_files(root, passphrases)
        if n % VERIFY_EVERY == 0 or kills >= KILLS:
            w.next_write_then_verify(t, root, passphrase)
            w.every_copy_opens_with_its_files(root, passphrases)
    print(f"{name}: {kills} kills, {step_kills} at each of its {steps} steps")
    assert step_kills == steps
    assert kills >= KILLS


@pytest.fixture(scope="module")
def crash_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[w.Template]:
    # Keys are derived once per passphrase and salt, in this process and (inherited) in every
    # forked child: each run then spends its time writing, which is where the kills land.
    with w.remembered_keys():
        yield w.build_template(tmp_path_factory.mktemp("crash-template") / "t")
