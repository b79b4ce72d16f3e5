"""One writer at a time: an OS-level lock on ``<journal>.lock``.

The operating system drops the lock when its holder dies, so a lock file left
behind by a crash is simply taken over; the file's contents only tell the next
person *who* holds it.
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path

from ..errors import JournalLocked


def lock_path(journal: Path) -> Path:
    return journal.with_name(journal.name + ".lock")


class JournalLock:
    def __init__(self, journal: Path) -> None:
        self.path = lock_path(journal)
        self._fd: int | None = None
        self.took_over_stale = False

    def acquire(self) -> JournalLock:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            _try_lock(fd)
        except OSError:
            holder = _describe(_read(fd))
            os.close(fd)
            raise JournalLocked(holder) from None
        previous = _read(fd)
        self.took_over_stale = bool(previous)
        info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": time.time()})
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0) if os.name != "nt" else None
        os.write(fd, info.encode().ljust(256))
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            if os.name != "nt":
                os.ftruncate(fd, 0)
            _unlock(fd)
        finally:
            os.close(fd)
        try:
            if os.name != "nt":
                self.path.unlink(missing_ok=True)
        except OSError:
            pass

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> JournalLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _read(fd: int) -> dict:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, 4096).strip(b"\x00 \n")
        return json.loads(raw) if raw else {}
    except (OSError, ValueError):
        return {}


def _describe(info: dict) -> str:
    if not info:
        return ""
    host = info.get("host", "")
    pid = info.get("pid", "?")
    return f"process {pid} on {host}" if host else f"process {pid}"


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> None:
        os.lseek(fd, 0x7FFFFFF0, os.SEEK_SET)  # lock a byte past the info text
        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0x7FFFFFF0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
