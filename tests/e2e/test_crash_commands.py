"""Kill every writing command at moments all through its run: nothing is ever lost.

Each command runs in a forked child against a fresh copy of one journal (attachments,
backups, a hold, a dismissed reminder). The child counts the durable steps it takes
(creating a temp file, writing it, fsync, rename, folder fsync, removing a file) and is
stopped before one of them, then SIGKILLed. The moments come from the command's own run:
before every one of its steps (a write stopped halfway through), then more points through
each of its writes (a tenth, nine tenths, none, all of its bytes, ...), then ``RANDOM_KILLS``
random moments, ``KILLS`` kills per command in all. After each kill the journal and every
backup open (with the old or the new passphrase where passwd or recover was killed, never
neither) with every attached file present and matching its SHA-256; every few kills, and
after the last, the next write succeeds and ``verify`` exits 0. For the commands that give
the journal a new data key (passwd, recover, erase --new-key) each copy is also wholly under
the old key or wholly under the new one, body and attached files alike, and a finished run
leaves nothing under the old key.

The commands: passwd, recover, export (JSON and HTML), subject-export, hold, dismissing a
reminder, import-framework, an import that replaces one attached file and adds another, an
erasure with its records, one followed by a new key, and a retention run.

Keys are derived once per passphrase and salt (``remembered_keys``, inherited by each child),
and the child's fsync calls are counted but not made: a killed process loses nothing the
kernel already holds, so they only made the runs wait on the disk.
"""

from __future__ import annotations

import os
import random
import select
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from . import write_commands as w

KILLS = 50
RANDOM_KILLS = 8  # of the 50, killed at a random moment rather than at a chosen step
VERIFY_EVERY = 10
WAIT_S = 30.0
NEVER = 10**9

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="needs fork and SIGKILL"),
]


def _arm(stop_at: int, stopped_fd: int, fraction: float = 0.5) -> tuple[list[int], list[str]]:
    """In the child: count each durable step; before step ``stop_at`` (for a write, once
    ``fraction`` of its bytes are written) tell the parent and wait to be killed. Returns the
    step count and each step's kind ("w" a write, "s" anything else)."""
    import pathlib

    from journal_app.vault import attachments as sealed
    from journal_app.vault import backups, durable

    count = [0]
    kinds: list[str] = []

    def step(kind: str = "s") -> None:
        if count[0] == stop_at:
            os.write(stopped_fd, b"W")
            time.sleep(WAIT_S * 2)  # killed long before this
        count[0] += 1
        kinds.append(kind)

    def before(fn):
        def wrapped(*args, **kwargs):
            step()
            return fn(*args, **kwargs)
        return wrapped

    write_all = durable._write_all

    def part_then_rest(fd: int, chunks) -> None:
        data = b"".join(bytes(c) for c in chunks)
        cut = round(len(data) * fraction) if count[0] == stop_at else len(data) // 2
        write_all(fd, [data[:cut]])
        step("w")
        write_all(fd, [data[cut:]])

    def no_sync(*_args) -> None:
        """A kill loses nothing the kernel holds: what was written before it is there to read
        whether or not it was synced (a power cut is another matter, not tested here), so the
        step is counted, and can be the kill point, but the disk isn't made to wait."""

    durable._write_all = part_then_rest
    durable._full_fsync = before(no_sync)
    for module in (durable, backups):
        for name in ("replace_with_retry", "stage_copy", "snapshot_file"):
            if hasattr(module, name):
                setattr(module, name, before(getattr(module, name)))
        if hasattr(module, "fsync_dir"):
            module.fsync_dir = before(no_sync)
    durable._create_private = before(durable._create_private)
    sealed.delete_blob = before(sealed.delete_blob)
    pathlib.Path.unlink = before(pathlib.Path.unlink)  # type: ignore[method-assign]
    return count, kinds


def _child(root: Path, argv: list, stop_at: int, fraction: float, ready_fd: int, stopped_fd: int) -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        count, kinds = _arm(stop_at, stopped_fd, fraction)
        os.write(ready_fd, b"R")
        code, _out, _err = w.run_cli(root, argv)
        os.write(ready_fd, b"D" + f"{count[0]} {code} {''.join(kinds)}".encode())
    finally:
        os._exit(0)


def _read(fd: int, timeout: float) -> bytes:
    if not select.select([fd], [], [], timeout)[0]:
        return b""
    return os.read(fd, 4096)


def _run_once(root: Path, argv: list, stop_at: int, rng: random.Random, pause: float,
              fraction: float = 0.5) -> tuple[bool, bytes]:
    """One child; returns (killed while still working, what it reported)."""
    ready_r, ready_w = os.pipe()
    stopped_r, stopped_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        os.close(ready_r)
        os.close(stopped_r)
        _child(root, argv, stop_at, fraction, ready_w, stopped_w)
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


def _moments(kinds: str) -> list[tuple[int, float]]:
    """Where to stop the command: before each of its steps (halfway through each write), then
    at more points through each write (a tenth, nine tenths, none, all of its bytes, ...) until
    there are ``KILLS - RANDOM_KILLS`` moments, each a different state of the files."""
    moments = [(n, 0.5) for n in range(len(kinds))]
    writes = [n for n, kind in enumerate(kinds) if kind == "w"]
    wanted = KILLS - RANDOM_KILLS
    fractions = [0.1, 0.9, 0.0, 1.0]  # then thirds, quarters, fifths, ... not already taken
    fractions += list(dict.fromkeys(
        i / k for k in range(3, 40) for i in range(1, k) if i / k not in (0.5, *fractions)))
    for fraction in fractions:
        if len(moments) >= wanted or not writes:
            break
        moments += [(n, fraction) for n in writes][: wanted - len(moments)]
    return moments


@pytest.mark.parametrize("name", w.CRASHED)
def test_sigkill_at_every_step_of_every_writing_command(name: str, crash_template: w.Template,
                                                        tmp_path: Path) -> None:
    t = crash_template
    rng = random.Random(name)
    passphrases = w.passphrases_for(name)
    # A run to the end first: its steps (which are writes), and how long it runs.
    root = w.fresh_copy(t, tmp_path / "dry")
    started = time.monotonic()
    killed, said = _run_once(root, w.commands(t, root)[name], NEVER, rng, -1.0)
    duration = time.monotonic() - started
    steps_text, code, kinds = said.split(b"D")[1].decode().split()
    assert not killed and code == "0", said
    steps = int(steps_text)
    assert steps >= 5 and len(kinds) == steps, said
    old_key = w.template_data_key(t) if name in w.REKEY_COMMANDS else b""
    if old_key:  # run to the end: every copy is under the new key
        assert w.never_a_mix(root, old_key) == (0, 1 + len(list((root / "j").glob("*.bak*"))))
    # Random moments until there are RANDOM_KILLS of them and KILLS kills in all: on a busy
    # machine a chosen moment can fall after the command has already finished.
    moments = [*_moments(kinds), *[(NEVER, 0.5)] * (4 * KILLS)]
    kills = step_kills = write_kills = random_kills = 0
    for n, (stop_at, fraction) in enumerate(moments):
        if stop_at == NEVER and random_kills >= RANDOM_KILLS and kills >= KILLS:
            break
        root = w.fresh_copy(t, tmp_path / f"k{n}")
        killed, _said = _run_once(root, w.commands(t, root)[name], stop_at, rng, duration, fraction)
        kills += killed
        step_kills += killed and stop_at != NEVER and fraction == 0.5
        write_kills += killed and stop_at != NEVER and fraction != 0.5
        random_kills += killed and stop_at == NEVER
        passphrase, _files = w.every_copy_opens_with_its_files(root, passphrases)
        if old_key:
            w.never_a_mix(root, old_key)
        done = stop_at == NEVER and random_kills >= RANDOM_KILLS and kills >= KILLS
        if n % VERIFY_EVERY == 0 or n == len(moments) - 1 or done:
            w.next_write_then_verify(t, root, passphrase)
            w.every_copy_opens_with_its_files(root, passphrases)
        shutil.rmtree(root)
    print(f"{name}: {kills} kills: at each of its {steps} steps, {write_kills} more through its "
          f"{kinds.count('w')} writes, {random_kills} at random moments")
    assert step_kills == steps
    assert kills >= KILLS
    assert random_kills >= RANDOM_KILLS


@pytest.fixture(scope="module")
def crash_template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[w.Template]:
    # Keys are derived once per passphrase and salt, in this process and (inherited) in every
    # forked child: each run then spends its time writing, which is where the kills land.
    with w.remembered_keys():
        yield w.build_template(tmp_path_factory.mktemp("crash-template") / "t")
