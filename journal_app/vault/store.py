"""An unlocked journal file: open, read the body, save it back atomically.

The body is opaque bytes here (the serialised SQLite database); this layer never
looks inside it. The key derivation runs once at unlock; saves use the data key.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..errors import (
    DamagedJournal,
    JournalAlreadyExists,
    JournalChangedOnDisk,
    JournalNotFound,
    JournalRolledBack,
    SaveFailed,
)
from . import generations, keys
from .durable import explain, stale_temp_files, write_atomic
from .format import (
    FORMAT_VERSION,
    MAX_BODY_BYTES,
    SLOT_PASSPHRASE,
    SLOT_RECOVERY,
    TAG_SIZE,
    Header,
    KdfParams,
    decode_header,
    encode_header,
)
from .lock import JournalLock

HEADER_READ = 4096
DEFAULT_BACKUPS = 3
DEFAULT_BACKUP_INTERVAL_S = 30 * 60


def backup_path(journal: Path, n: int) -> Path:
    return journal.with_name(f"{journal.name}.bak{n}")


def list_backups(journal: Path) -> list[Path]:
    """Existing backups, newest first."""
    found = [backup_path(journal, n) for n in range(1, 100)]
    return [p for p in found if p.exists()]


def read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise JournalNotFound(path) from None
    except OSError as error:
        raise SaveFailed(explain(error)) from error
    if size > MAX_BODY_BYTES + HEADER_READ:
        raise DamagedJournal("This file is far larger than any journal can be; it was not opened.")
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except IsADirectoryError:
        raise JournalNotFound(path) from None


def read_header(path: Path) -> Header:
    """Check and parse the header without any key (for ``verify`` and the unlock screen)."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            prefix = handle.read(HEADER_READ)
    except (FileNotFoundError, IsADirectoryError):
        raise JournalNotFound(path) from None
    return decode_header(prefix, path, size)


@dataclass
class SaveStats:
    generation: int
    bytes_written: int
    backed_up: bool


class VaultFile:
    """A journal file whose data key we hold. Thread-safe: saves may run off the GUI thread."""

    def __init__(self, path: Path, header: Header, data_key: bytes, lock: JournalLock | None):
        self.path = Path(path)
        self.header = header
        self._data_key = data_key
        self._lock = lock
        self._save_lock = threading.Lock()
        self._generation_floor = header.generation
        self.backups = DEFAULT_BACKUPS
        self.backup_interval_s = DEFAULT_BACKUP_INTERVAL_S
        self._backed_up_this_session = False

    # --- opening ---------------------------------------------------------------
    @classmethod
    def create(
        cls, path: Path, passphrase: str, body: bytes, *, kdf: KdfParams | None = None,
        lock: bool = True,
    ) -> tuple[VaultFile, str]:
        """Write a new journal; returns it and the recovery key to show the learner once."""
        path = Path(path)
        keys.check_new_passphrase(passphrase)
        if path.exists():
            raise JournalAlreadyExists(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise SaveFailed(explain(error)) from error
        kdf = kdf or keys.kdf_for_new_journal()
        journal_id = os.urandom(16)
        data_key = AESGCM.generate_key(bit_length=256)
        secret = keys.new_recovery_secret()
        slots = (
            keys.passphrase_slot(data_key, passphrase, journal_id, kdf),
            keys.recovery_slot(data_key, secret, journal_id),
        )
        header = Header(journal_id, 0, kdf, slots, b"\0" * 12, TAG_SIZE)
        held = JournalLock(path).acquire() if lock else None
        vault = cls(path, header, data_key, held)
        try:
            vault._write(body, expect_existing=False)
        except BaseException:
            vault.close()
            raise
        return vault, keys.format_recovery_key(secret)

    @classmethod
    def unlock(
        cls, path: Path, passphrase: str, *, lock: bool = True, allow_rollback: bool = False
    ) -> tuple[VaultFile, bytes]:
        data, header = cls._load(path)
        data_key = keys.open_passphrase_slot(
            header.slot(SLOT_PASSPHRASE), passphrase, header.journal_id, header.kdf
        )
        return cls._finish_open(path, data, header, data_key, lock, allow_rollback)

    @classmethod
    def unlock_with_recovery(
        cls, path: Path, recovery_key: str, *, lock: bool = True, allow_rollback: bool = False
    ) -> tuple[VaultFile, bytes]:
        data, header = cls._load(path)
        slot = header.slot(SLOT_RECOVERY)
        if slot is None:
            raise DamagedJournal("This journal has no recovery key slot.")
        data_key = keys.open_recovery_slot(slot, recovery_key, header.journal_id)
        return cls._finish_open(path, data, header, data_key, lock, allow_rollback)

    @staticmethod
    def _load(path: Path) -> tuple[bytes, Header]:
        path = Path(path)
        data = read_file(path)
        header = decode_header(data[:HEADER_READ], path, len(data))
        if header.slot(SLOT_PASSPHRASE) is None:
            raise DamagedJournal()
        return data, header

    @classmethod
    def _finish_open(
        cls, path: Path, data: bytes, header: Header, data_key: bytes, lock: bool,
        allow_rollback: bool,
    ) -> tuple[VaultFile, bytes]:
        body = _open_body(data, header, data_key)
        del data
        seen = generations.last_seen(header.journal_id)
        if header.generation < seen and not allow_rollback:
            raise JournalRolledBack(seen, header.generation)
        held = JournalLock(Path(path)).acquire() if lock else None
        vault = cls(Path(path), header, data_key, held)
        vault._generation_floor = max(seen, header.generation)
        if held is not None:
            for stale in stale_temp_files(vault.path):
                with contextlib.suppress(OSError):
                    stale.unlink()
        generations.remember(header.journal_id, header.generation)
        return vault, body

    # --- saving ----------------------------------------------------------------
    def save(self, body: bytes) -> SaveStats:
        """Seal ``body`` and replace the file durably. Safe to call from a worker thread."""
        with self._save_lock:
            return self._write(body, expect_existing=True)

    def _write(self, body: bytes, *, expect_existing: bool) -> SaveStats:
        if len(body) > MAX_BODY_BYTES:
            raise SaveFailed("the journal has grown past 2 GB, the most one file can hold")
        if expect_existing:
            self._check_unchanged_on_disk()
        generation = max(self.header.generation, self._generation_floor) + 1
        header = replace(
            self.header, generation=generation, body_nonce=os.urandom(12),
            body_length=len(body) + TAG_SIZE, version=FORMAT_VERSION,
        )
        raw = encode_header(header)
        sealed = AESGCM(self._data_key).encrypt(header.body_nonce, body, raw)
        backed_up = self._maybe_back_up() if expect_existing else False
        write_atomic(self.path, [raw, sealed])
        self.header = replace(header, raw=raw)
        self._generation_floor = generation
        generations.remember(header.journal_id, generation)
        return SaveStats(generation, len(raw) + len(sealed), backed_up)

    def _check_unchanged_on_disk(self) -> None:
        try:
            on_disk = read_header(self.path)
        except JournalNotFound:
            return  # deleted underneath us: writing it back loses nothing
        except Exception:
            raise JournalChangedOnDisk() from None
        if on_disk.journal_id != self.header.journal_id or on_disk.generation != self.header.generation:
            raise JournalChangedOnDisk()

    def _maybe_back_up(self) -> bool:
        if self.backups <= 0 or not self.path.exists():
            return False
        newest = backup_path(self.path, 1)
        fresh = newest.exists() and time.time() - newest.stat().st_mtime < self.backup_interval_s
        if self._backed_up_this_session and fresh:
            return False
        self.rotate_backups()
        self._backed_up_this_session = True
        return True

    def rotate_backups(self) -> None:
        """Shift .bak1→.bak2→… and copy the current file (already encrypted) to .bak1."""
        oldest = backup_path(self.path, self.backups)
        oldest.unlink(missing_ok=True)
        for n in range(self.backups - 1, 0, -1):
            src = backup_path(self.path, n)
            if src.exists():
                os.replace(src, backup_path(self.path, n + 1))
        write_atomic(backup_path(self.path, 1), [self.path.read_bytes()])

    def rewrite_backups(self, body: bytes) -> None:
        """Replace every backup with the current body (after an erasure nothing old survives)."""
        with self._save_lock:
            for old in list_backups(self.path):
                old.unlink()
            if self.backups > 0:
                write_atomic(backup_path(self.path, 1), [self.path.read_bytes()])
                self._backed_up_this_session = True

    # --- keys ------------------------------------------------------------------
    def set_passphrase(self, new_passphrase: str) -> None:
        """Rewrap the data key under a new passphrase (takes effect at the next save)."""
        keys.check_new_passphrase(new_passphrase)
        slot = keys.passphrase_slot(self._data_key, new_passphrase, self.header.journal_id, self.header.kdf)
        self.header = self.header.with_slot(slot)

    def new_recovery_key(self) -> str:
        """Replace the recovery slot (takes effect at the next save); returns the new key."""
        secret = keys.new_recovery_secret()
        self.header = self.header.with_slot(
            keys.recovery_slot(self._data_key, secret, self.header.journal_id)
        )
        return keys.format_recovery_key(secret)

    def close(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        self._data_key = b""

    @property
    def took_over_stale_lock(self) -> bool:
        return bool(self._lock and self._lock.took_over_stale)


def _open_body(data: bytes, header: Header, data_key: bytes) -> bytes:
    ciphertext = memoryview(data)[len(header.raw) :]
    try:
        return AESGCM(data_key).decrypt(header.body_nonce, ciphertext, header.raw)
    except InvalidTag:
        raise DamagedJournal() from None
