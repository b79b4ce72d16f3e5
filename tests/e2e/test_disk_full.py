"""A full disk at every write of every writing command: it succeeds, or nothing changed, and
what it says is true.

Each of the command forms in ``write_commands`` first runs to the end while every call that
needs disk space is counted (creating a file or folder, writing, linking, fsync, rename). Then
it runs once for each of those calls against a fresh copy of one journal (attachments, backups,
a hold, a hidden reminder), with the disk "filling up" at that call: it and every later call
that needs more space fail with ENOSPC, as on a real full disk. After each run:

- the exit code is 0 or a documented refusal (9 could not save, 21 could not export), never 70;
- a refusal is one plain line on standard error, no traceback;
- if it failed, the journal, its backups and its attachments are byte for byte as they were
  and no export file or temp file is left, unless the message says what was written (and
  then it never says the journal is "unchanged");
- the journal and every backup open, with every attached file present and matching its
  SHA-256 (checked once for the untouched template, and after every run that changed the
  journal); after every 4th such run, and after the last, the next write succeeds and
  ``verify`` exits 0.

The key for a passphrase and salt is derived once (``remembered_keys``) and each distinct
evidence pack rendered once (``rendered_once``); fsync calls are counted but not made.

The failures are injected by replacing functions of the ``os`` module in this test process
only, while the command runs; the app has no switch for it. Where this machine lets the test
mount a 3 MB tmpfs (Linux, as root), ``test_a_real_full_disk`` also runs every command on a
really full small file system, at several levels of free space, to cover the writes made
outside Python (SQLite's ``VACUUM INTO``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from . import write_commands as w

DISK_FULL_EXITS = {9, 21}  # could not save / could not write the export (docs/interchange.md, README)
VERIFY_EVERY = 4  # the next write and verify after every 4th run that changed the journal
CLAIMS_UNCHANGED = ("unchanged", "was not changed", "has not been changed", "Nothing was imported")
SAYS_WRITTEN = ("was written", "is saved", "was saved", "were saved")

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file calls")


@dataclass
class FullDisk:
    """Counts the calls that need disk space; from call ``full_at`` on, each one fails with
    ENOSPC (the call that filled the disk may be an fsync or a rename; later ones that need
    more space fail too, as on a disk that stays full)."""

    full_at: int | None = None
    calls: int = 0
    seen: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    def _hit(self, what: str, needs_space: bool = True) -> None:
        n = self.calls
        self.calls += 1
        self.seen.append(what)
        if self.full_at is not None and (n == self.full_at or (n > self.full_at and needs_space)):
            self.failed.append(what)
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    @contextlib.contextmanager
    def installed(self) -> Iterator[FullDisk]:
        real = {name: getattr(os, name) for name in ("open", "write", "fsync", "link", "mkdir", "replace",
                                                      "rename", "ftruncate")}
        creating = os.O_CREAT | os.O_WRONLY | os.O_RDWR

        def opened(path, flags, *args, **kwargs):
            if flags & creating:
                self._hit("open")
            return real["open"](path, flags, *args, **kwargs)

        def wrap(name: str, needs_space: bool):
            def call(*args, **kwargs):
                self._hit(name, needs_space)
                return real[name](*args, **kwargs)
            return call

        def synced(fd: int) -> None:
            # Counted, and failed where chosen; otherwise skipped: what reaches the platter
            # is the crash tests' business, and a thousand real fsyncs would take minutes.
            self._hit("fsync", False)

        os.open = opened  # type: ignore[assignment]
        os.fsync = synced
        for name, needs_space in (("write", True), ("link", True), ("mkdir", True),
                                  ("replace", False), ("rename", False), ("ftruncate", False)):
            setattr(os, name, wrap(name, needs_space))
        try:
            yield self
        finally:
            for name, fn in real.items():
                setattr(os, name, fn)


def _snapshot(root: Path) -> dict[str, bytes]:
    """The journal's files (itself, backups, attachments) and every file in the output folder."""
    files = {f"j/{name}": data for name, data in w.journal_files(root).items()}
    out = root / "out"
    files |= {f"out/{p.relative_to(out)}": p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    return files


def _is_warning(line: str) -> bool:
    """A warning printed before the work (``warning: …``, an unencrypted copy's notice)."""
    return line.startswith("journal-app: warning") or "is NOT encrypted" in line


def _check_outcome(name: str, code: int, out: str, err: str, before: dict[str, bytes],
                   after: dict[str, bytes], where: str) -> None:
    assert "Traceback" not in err and "Traceback" not in out, (where, err)
    if code == 0:
        return
    assert code in DISK_FULL_EXITS, (where, code, err)
    lines = [line for line in err.splitlines() if line.strip() and not _is_warning(line)]
    assert len(lines) == 1 and lines[0].startswith("journal-app: "), (where, err)
    message = lines[0]
    assert "the disk is full" in message, (where, message)
    if after == before:
        return
    # Something changed: the message must say what was written, never that nothing was.
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not any(claim in message for claim in CLAIMS_UNCHANGED), (where, changed, message)
    assert any(said in message for said in SAYS_WRITTEN), (where, changed, message)


@pytest.fixture(scope="module", autouse=True)
def _quicker() -> Iterator[None]:
    with w.remembered_keys(), w.rendered_once():
        yield


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory, _quicker: None) -> w.Template:
    return w.build_template(tmp_path_factory.mktemp("disk-full-template") / "t")


def _fresh(t: w.Template, root: Path) -> Path:
    if root.exists():
        shutil.rmtree(root)
    return w.fresh_copy(t, root)


@pytest.mark.parametrize("name", w.EVERY)
def test_a_full_disk_at_every_write(name: str, template: w.Template, tmp_path: Path) -> None:
    t = template
    passphrases = w.passphrases_for(name)
    root = _fresh(t, tmp_path / "run")
    with FullDisk().installed() as counting:
        code, _out, err = w.run_cli(root, w.commands(t, root, all_forms=True)[name])
    assert code == 0, err
    writes = counting.calls
    assert writes >= 3, counting.seen
    outcomes: dict[str, int] = {}
    changed_runs = verified = 0
    w.every_copy_opens_with_its_files(t.root, w.passphrases_for("template"))
    for n in range(writes):
        root = _fresh(t, tmp_path / "run")
        before = _snapshot(root)
        with FullDisk(full_at=n).installed() as disk:
            code, out, err = w.run_cli(root, w.commands(t, root, all_forms=True)[name])
        assert disk.failed, f"{name}: call {n} was never reached"
        where = f"{name}, disk full at call {n} ({disk.seen[n]})"
        after = _snapshot(root)
        _check_outcome(name, code, out, err, before, after, where)
        outcome = "succeeded" if code == 0 else ("unchanged" if after == before else "changed, said so")
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        # A journal left byte for byte as it was is the template, checked once above.
        journal_changed = {k: v for k, v in after.items() if k.startswith("j/")} != {
            k: v for k, v in before.items() if k.startswith("j/")}
        passphrase = w.OLD
        if journal_changed:
            passphrase, _files = w.every_copy_opens_with_its_files(root, passphrases)
            changed_runs += 1
        if (journal_changed and changed_runs % VERIFY_EVERY == 1) or n == writes - 1:
            w.next_write_then_verify(t, root, passphrase)
            verified += 1
    print(f"{name}: full at each of its {writes} writes: {outcomes}, verified {verified} times")
    assert sum(outcomes.values()) == writes


# --- a real small file system ---------------------------------------------------------------


@pytest.fixture(scope="module")
def small_disk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A 3 MB tmpfs, where this machine allows mounting one (else the test is skipped)."""
    if not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a small file system needs Linux and root")
    point = tmp_path_factory.mktemp("small-disk")
    made = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", str(point)],
                          capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"this machine does not allow mounting a tmpfs: {made.stderr.strip()}")
    try:
        yield point
    finally:
        subprocess.run(["umount", "-l", str(point)], check=False)


def _free(point: Path) -> int:
    stats = os.statvfs(point)
    return stats.f_bavail * stats.f_frsize


def _fill(point: Path, leave: int) -> None:
    """Fill the file system until ``leave`` bytes (rounded to pages) are free."""
    fd = os.open(point / f"filler-{uuid.uuid4().hex}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        size = _free(point) - leave
        if size > 0:
            os.posix_fallocate(fd, 0, size)
    finally:
        os.close(fd)


# Free space left for the command, from none to more than most commands need.
FREE_BYTES = (0, 8 << 10, 64 << 10, 256 << 10, 1200 << 10)


def _empty(point: Path) -> None:
    for stale in point.iterdir():
        if stale.is_dir() and not stale.is_symlink():
            shutil.rmtree(stale)
        else:
            stale.unlink()


@pytest.mark.parametrize("name", w.EVERY)
def test_a_real_full_disk(name: str, template: w.Template, small_disk: Path) -> None:
    t = template
    passphrases = w.passphrases_for(name)
    root = small_disk / "run"
    outcomes: dict[str, int] = {}
    for free in FREE_BYTES:
        _empty(small_disk)
        w.fresh_copy(t, root)
        before = _snapshot(root)
        _fill(small_disk, free)
        try:
            code, out, err = w.run_cli(root, w.commands(t, root, all_forms=True)[name])
            after = _snapshot(root)
        finally:
            for filler in small_disk.glob("filler-*"):
                filler.unlink()  # room again, to check every copy and write next
        where = f"{name}, {free} bytes left free"
        _check_outcome(name, code, out, err, before, after, where)
        outcome = "succeeded" if code == 0 else ("unchanged" if after == before else "changed, said so")
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
        if after != before or free == FREE_BYTES[-1]:
            passphrase, _files = w.every_copy_opens_with_its_files(root, passphrases)
            w.next_write_then_verify(t, root, passphrase)
    _empty(small_disk)
    print(f"{name}: a real full disk with {len(FREE_BYTES)} amounts of free space: {outcomes}")
    assert outcomes.get("succeeded", 0) < len(FREE_BYTES), "the disk was never full enough to fail"
