"""One writer at a time: an OS-level lock on ``<journal>.lock``.

The operating system drops the lock when its holder dies, so a lock file left
behind by a crash is simply taken over; the file's contents only tell the next
person *who* holds it (a process id and computer name, never anything from the
journal).
"""

from __future__ import annotations

import errno
import json
import os
import socket
import sys
import time
from pathlib import Path
from typing import Any

from ..errors import JournalLocked, SaveFailed

INFO_BYTES = 256
_ATTEMPTS = 5


def lock_path(journal: Path) -> Path:
    return journal.with_name(journal.name + ".lock")


class JournalLock:
    def __init__(self, journal: Path) -> None:
        self.path = lock_path(Path(journal))
        self._fd: int | None = None
        self.took_over_stale = False

    def acquire(self) -> JournalLock:
        """Take the lock or raise JournalLocked (held elsewhere) / SaveFailed (can't create it)."""
        if self._fd is not None:
            return self
        for _attempt in range(_ATTEMPTS):
            fd = self._open()
            try:
                _try_lock(fd)
            except OSError:
                holder = _describe(_read(fd))
                os.close(fd)
                raise JournalLocked(holder) from None
            if _still_linked(fd, self.path):
                break
            # The holder released and removed the file between our open and our lock:
            # we locked an orphan nobody else will ever see, so start again.
            _unlock(fd)
            os.close(fd)
        else:  # pragma: no cover - needs a release racing us five times running
            raise JournalLocked()
        previous = _read(fd)
        self.took_over_stale = bool(previous)  # a clean release empties the file
        info = json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": int(time.time())})
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            if os.name != "nt":
                os.ftruncate(fd, 0)
            os.write(fd, info.encode().ljust(INFO_BYTES))
        except OSError:
            pass  # the lock itself is held; the note about who holds it is a courtesy
        self._fd = fd
        return self

    def _open(self) -> int:
        try:
            # O_NOFOLLOW: a link planted at the lock's name must not get some other file
            # truncated and overwritten with the note below.
            flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
            return os.open(self.path, flags, 0o600)
        except OSError as error:
            from .durable import explain

            raise SaveFailed(explain(error)) from error

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            if os.name == "nt":
                os.write(fd, b" " * INFO_BYTES)  # blank, so the next opener sees a clean release
            else:
                os.ftruncate(fd, 0)
                # Unlink while still holding the lock, so nobody can lock this inode
                # after we let go and believe they hold the journal.
                self.path.unlink(missing_ok=True)
        except OSError:
            pass
        finally:
            try:
                _unlock(fd)
            finally:
                os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def __enter__(self) -> JournalLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _still_linked(fd: int, path: Path) -> bool:
    if os.name == "nt":  # open files can't be deleted on Windows, so no orphan is possible
        return True
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except OSError as error:
        if error.errno == errno.ENOENT:
            return False
        raise


def _read(fd: int) -> dict[str, Any]:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, 4096).strip(b"\x00 \n")
        info = json.loads(raw) if raw else {}
        return info if isinstance(info, dict) else {}
    except (OSError, ValueError):
        return {}


def _describe(info: dict[str, Any]) -> str:
    if not info:
        return ""
    host = info.get("host", "")
    pid = info.get("pid", "?")
    return f"process {pid} on {host}" if host else f"process {pid}"


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
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
