"""Atomic, durable file replacement: temp file in the same folder, fsync, rename, fsync folder.

A crash at any instant leaves either the old file or the new one, never a mix. Temp
names are random (never derived from what the file holds) and are cleaned up when the
journal is next opened.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import sys
import time
from collections.abc import Iterable
from pathlib import Path

from ..errors import JournalError, SaveFailed

TEMP_SUFFIX = ".tmp"
_TEMP_TOKEN_BYTES = 6
# Errors a folder fsync gives on file systems that cannot sync folders (some network
# and FUSE mounts): the rename is as durable as that file system makes it.
_FSYNC_UNSUPPORTED = {
    getattr(errno, name) for name in ("EINVAL", "ENOTSUP", "EOPNOTSUPP", "EBADF", "EISDIR")
    if hasattr(errno, name)
}
_DISK_FULL = {getattr(errno, name) for name in ("ENOSPC", "EDQUOT") if hasattr(errno, name)}


class SaveFailedAfterReplace(SaveFailed):
    """The new file is in place but could not be confirmed durable (folder fsync failed)."""

    replaced = True  # for callers that may not import this module (the CLI): the file is there

    def __init__(self, reason: str) -> None:
        self.reason = reason  # the operating system's words, like SaveFailed's
        JournalError.__init__(
            self,
            f"The journal was written, but the disk could not confirm it is safely stored ({reason}). "
            "Nothing was lost; save again, and if this keeps happening copy the journal somewhere safe.",
        )


def temp_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{secrets.token_hex(_TEMP_TOKEN_BYTES)}{TEMP_SUFFIX}")


def stale_temp_files(target: Path) -> list[Path]:
    """Temp files a crash left behind for ``target`` or its backups (``target.bakN``)."""
    pattern = re.compile(
        rf"\.{re.escape(target.name)}(\.bak\d+)?\.[0-9a-f]{{{2 * _TEMP_TOKEN_BYTES}}}"
        rf"{re.escape(TEMP_SUFFIX)}"
    )
    try:
        names = os.listdir(target.parent or Path("."))
    except OSError:
        return []
    return sorted(target.parent / name for name in names if pattern.fullmatch(name))


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
    """Make a rename in ``folder`` durable (POSIX); a no-op where folders can't be synced."""
    if os.name == "nt":  # Windows can't open a directory; NTFS journals the rename
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in _FSYNC_UNSUPPORTED:
            raise
    finally:
        os.close(fd)


def replace_with_retry(src: Path, dst: Path) -> None:
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
    """The reason for a failed write, in plain words (never a file's contents)."""
    if error.errno in _DISK_FULL or getattr(error, "winerror", None) in (39, 112):
        return "the disk is full"
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "the folder is read-only or you don't have permission to write there"
    if error.errno == errno.ENOENT:
        return "the folder no longer exists"
    if error.errno == errno.EIO:
        return "the disk reported a hardware error"
    return error.strerror or "the file system refused the write"


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and any missing parents as 0700 (only the owner may list or enter
    them), whatever the umask. Folders that already exist are left as they are."""
    folder = Path(folder)
    missing: list[Path] = []
    probe = folder
    while not os.path.lexists(probe) and probe.parent != probe:
        missing.append(probe)
        probe = probe.parent
    for made in reversed(missing):
        try:
            os.mkdir(made, 0o700)
        except FileExistsError:
            if not made.is_dir():
                raise
            continue  # made by someone else meanwhile: theirs, left as it is
        if os.name != "nt":
            os.chmod(made, 0o700)  # the umask may have taken bits away, never added them
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))


def _create_private(path: Path) -> int:
    """A new file only the owner can read (0600 whatever the umask). O_EXCL refuses any
    existing name, a planted symlink included; O_NOFOLLOW says so twice where it exists."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    if os.name != "nt":
        try:
            os.fchmod(fd, 0o600)  # exactly owner read/write, whatever the umask
        except OSError:
            os.close(fd)
            raise
    return fd


def _write_all(fd: int, chunks: Iterable[bytes | memoryview]) -> None:
    for chunk in chunks:
        view = memoryview(chunk).cast("B")
        while view:
            written = os.write(fd, view)
            view = view[written:]


def write_atomic(target: Path, chunks: Iterable[bytes | memoryview], *, durable: bool = True) -> None:
    """Replace ``target`` with ``chunks`` durably, or raise SaveFailed leaving it untouched.

    ``durable=False`` skips the fsyncs, for small bookkeeping files whose loss is harmless.
    Raises SaveFailedAfterReplace in the one case where the new file is already in place.
    """
    target = Path(target)
    tmp = temp_name(target)
    replaced = False
    try:
        fd = _create_private(tmp)
        try:
            _write_all(fd, chunks)
            if durable:
                _full_fsync(fd)
        finally:
            os.close(fd)
        replace_with_retry(tmp, target)
        replaced = True
        if durable:
            fsync_dir(target.parent)
    except OSError as error:
        if replaced:
            raise SaveFailedAfterReplace(explain(error)) from error
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise SaveFailed(explain(error)) from error
    except BaseException:
        if not replaced:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
        raise


def stage_copy(source: Path, target: Path) -> Path:
    """A durable copy of ``source`` as it is now, under a temp name beside ``target``;
    returns that name, for ``replace_with_retry`` to put in place later. Raises SaveFailed.

    A hard link costs nothing whatever the size, and stays a true copy because the
    journal is only ever replaced by rename, never written in place. File systems
    without links (FAT on USB sticks) get a real copy.
    """
    tmp = temp_name(target)
    try:
        try:
            os.link(source, tmp)
        except OSError:
            fd = _create_private(tmp)
            try:
                with open(source, "rb") as src:
                    _write_all(fd, iter(lambda: src.read(1 << 20), b""))
                _full_fsync(fd)
            finally:
                os.close(fd)
    except OSError as error:
        discard(tmp)
        raise SaveFailed(explain(error)) from error
    except BaseException:
        discard(tmp)
        raise
    return tmp


def discard(path: Path | None) -> None:
    """Remove a temp file we made, if it is still there (best effort)."""
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def snapshot_file(source: Path, target: Path) -> None:
    """Make ``target`` a durable copy of ``source`` as it is now, or raise SaveFailed."""
    tmp = stage_copy(source, target)
    try:
        replace_with_retry(tmp, target)
        fsync_dir(target.parent)
    except OSError as error:
        discard(tmp)
        raise SaveFailed(explain(error)) from error
    except BaseException:
        discard(tmp)
        raise
