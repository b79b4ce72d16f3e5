"""Atomic, durable file replacement: temp file in the same folder, fsync, rename, fsync folder.

A crash at any instant leaves either the old file or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from ..errors import SaveFailed

TEMP_SUFFIX = ".tmp"


def temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(6)}{TEMP_SUFFIX}")


def stale_temp_files(target: Path) -> list[Path]:
    return sorted(target.parent.glob(f".{target.name}.*{TEMP_SUFFIX}"))


def _full_fsync(fd: int) -> None:
    if sys.platform == "darwin":  # plain fsync on macOS does not reach the platter
        import fcntl

        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except OSError:
            pass
    os.fsync(fd)


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # Windows can't open a directory; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace_with_retry(src: Path, dst: Path) -> None:
    # Antivirus and indexers on Windows briefly hold files open; retry for ~2 s.
    for attempt in range(20):
        try:
            os.replace(src, dst)
            return
        except PermissionError:
            if os.name != "nt" or attempt == 19:
                raise
            time.sleep(0.1)


def explain(error: OSError) -> str:
    if error.errno == errno.ENOSPC or getattr(error, "winerror", None) == 112:
        return "the disk is full"
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "the folder is read-only or you don't have permission to write there"
    if error.errno == errno.ENOENT:
        return "the folder no longer exists"
    return error.strerror or "the file system refused the write"


def write_atomic(target: Path, chunks: Iterable[bytes | memoryview]) -> None:
    """Replace ``target`` with ``chunks`` durably, or raise SaveFailed leaving it untouched."""
    tmp = temp_name(target)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            for chunk in chunks:
                view = memoryview(chunk)
                while view:
                    written = os.write(fd, view)
                    view = view[written:]
            _full_fsync(fd)
        finally:
            os.close(fd)
        _replace_with_retry(tmp, target)
        fsync_dir(target.parent)
    except OSError as error:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise SaveFailed(explain(error)) from error
