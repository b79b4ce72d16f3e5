"""An unlocked journal file: open, read the body, save it back atomically.

The body is opaque bytes here (the serialised SQLite database); this layer never
looks inside it. The key derivation runs once at unlock; saves use the data key.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import hmac
import itertools
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..errors import (
    BackupNotWritable,
    DamagedJournal,
    JournalAlreadyExists,
    JournalChangedOnDisk,
    JournalError,
    JournalNotFound,
    JournalRolledBack,
    JournalUnreadable,
    SaveFailed,
    WrongPassphrase,
    WrongRecoveryKey,
)
from . import backups as _backups
from . import generations, keys
from .backups import DEFAULT_BACKUPS, backup_path, list_backups
from .durable import (
    SaveFailedAfterReplace,
    discard,
    explain,
    make_private_dirs,
    stale_temp_files,
    write_atomic,
)
from .format import (
    FORMAT_VERSION,
    MAX_ANY_HEADER_BYTES,
    MAX_BODY_BYTES,
    NONCE_SIZE,
    SLOT_PASSPHRASE,
    SLOT_RECOVERY,
    TAG_SIZE,
    Header,
    KdfParams,
    decode_header,
    encode_header,
)
from .lock import JournalLock
from .seal import open_sealed, sealed_chunks

HEADER_READ = MAX_ANY_HEADER_BYTES
DEFAULT_BACKUP_INTERVAL_S = 30 * 60

__all__ = [
    "DEFAULT_BACKUPS", "CopyUnderEarlierKey", "Rekey", "SaveStats", "VaultFile", "backup_path",
    "list_backups", "read_header",
]

EARLIER_KEY_STATUS = "ok under the earlier key (replaced at the next save)"


class CopyUnderEarlierKey(JournalError):
    """A backup from before the journal got a new data key: it opens only with the earlier
    passphrase, and the next save replaces it. What its attachments are is unknown, so no
    attached file may be removed while it exists."""

    exit_code = 5

    def __init__(self) -> None:
        super().__init__(
            "This backup is from before the journal's key was changed; it is replaced at the "
            "next save."
        )


def wipe(buffer: bytearray | None) -> None:
    """Overwrite key material or plaintext held in a bytearray (as far as Python allows),
    in place: a decrypted 40 MB journal is zeroed without making a 40 MB block of zeros."""
    if buffer:
        view = (ctypes.c_char * len(buffer)).from_buffer(buffer)
        ctypes.memset(view, 0, len(buffer))
        del view  # the bytearray can be resized again once no view holds it


def _sealing_key(data_key: bytes | bytearray, journal_id: bytes, purpose: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=journal_id,
                info=b"placement-journal/" + purpose)
    return hkdf.derive(bytes(data_key))


def _unreadable(path: Path, error: OSError) -> JournalError:
    if isinstance(error, (FileNotFoundError, IsADirectoryError, NotADirectoryError)):
        return JournalNotFound(path)
    if isinstance(error, PermissionError):
        return JournalUnreadable(path, "you don't have permission to open it")
    return JournalUnreadable(path, error.strerror or "the disk refused to read it")


def read_header(path: Path) -> Header:
    """Check and parse the header without any key (for ``verify`` and the unlock screen)."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            prefix = handle.read(HEADER_READ)
    except OSError as error:
        raise _unreadable(path, error) from None
    return decode_header(prefix, path, size)


def _read_and_open(path: Path, open_slot: Callable[[Header], bytes] | None = None,
                   data_key: bytes | bytearray = b"") -> tuple[Header, bytes | bytearray, bytearray]:
    """Check the header, get the data key (``open_slot`` runs the KDF), then decrypt.

    The body is read only after the header proves the file is a journal of a sane size,
    and streamed from the same open file, so a replacement mid-read can't mix versions.
    """
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            header = decode_header(handle.read(HEADER_READ), path, size)
            if header.slot(SLOT_PASSPHRASE) is None:
                raise DamagedJournal()
            key = open_slot(header) if open_slot is not None else data_key
            handle.seek(len(header.raw))
            return header, key, open_sealed(handle, header, key)
    except OSError as error:
        raise _unreadable(path, error) from None


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
        # A bytearray, so closing can overwrite it (bytes can't be).
        self._data_key = data_key if isinstance(data_key, bytearray) else bytearray(data_key)
        self._lock = lock
        self._save_lock = threading.RLock()
        self._generation_floor = header.generation
        # The header bytes of the file as we last read or wrote it: anything else on
        # disk at save time means someone else changed the file.
        self._disk_raw = header.raw
        self.backups = DEFAULT_BACKUPS
        self.backup_interval_s = DEFAULT_BACKUP_INTERVAL_S
        self._last_backup: float | None = None
        self.last_backup_error: str | None = None
        # Set when a key slot changes: the next save also retires backups that still
        # carry the old slot, so an old passphrase or recovery key opens nothing.
        self._retire_backups = False
        # SHA-256 of the body as last read or written: a save of the same bytes with the
        # same header changes nothing, so it must not push a good backup out.
        self._body_digest = b""
        # The generation of the first save under the current data key (from the journal's
        # body, see note_key_generation): backups older than it were sealed under an
        # earlier key.
        self.key_generation = 0
        # The recovery secret this journal was unlocked with, if it was (memory only),
        # so setting the new passphrase can wrap the new data key under the same key.
        self._opened_recovery: bytearray | None = None
        # (remembered, found) when an older copy than this computer saw here was opened on
        # purpose; None once saved (the save makes it the newest).
        self.opened_older: tuple[int, int] | None = None

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
            make_private_dirs(path.parent)
        except OSError as error:
            raise SaveFailed(explain(error)) from error
        held = JournalLock(path).acquire() if lock else None
        try:
            if path.exists():  # appeared while we took the lock
                raise JournalAlreadyExists(path)
            kdf = kdf or keys.kdf_for_new_journal()
            kdf.check_minimum()
            journal_id = os.urandom(16)
            data_key = AESGCM.generate_key(bit_length=256)
            secret = keys.new_recovery_secret()
            slots = (
                keys.passphrase_slot(data_key, passphrase, journal_id, kdf),
                keys.recovery_slot(data_key, secret, journal_id),
            )
            header = Header(journal_id, 0, kdf, slots, b"\0" * NONCE_SIZE, TAG_SIZE)
            vault = cls(path, header, data_key, held)
        except BaseException:
            if held is not None:
                held.release()
            raise
        try:
            with vault._save_lock:
                vault._write(body, expect_existing=False)
        except BaseException:
            vault.close()
            raise
        return vault, keys.format_recovery_key(secret)

    @classmethod
    def unlock(
        cls, path: Path, passphrase: str, *, lock: bool = True, allow_rollback: bool = False
    ) -> tuple[VaultFile, bytearray]:
        """Open with the passphrase: (vault, plaintext body). Runs the slow KDF once."""
        def open_slot(header: Header) -> bytes:
            slot = header.slot(SLOT_PASSPHRASE)
            if slot is None:
                raise DamagedJournal()
            return keys.open_passphrase_slot(slot, passphrase, header.journal_id, header.kdf)

        vault, body = cls._open(Path(path), open_slot, lock, allow_rollback)
        if lock:
            try:
                vault._raise_key_settings(passphrase)
            except BaseException:
                vault.close()
                raise
        return vault, body

    def _raise_key_settings(self, passphrase: str) -> None:
        """A journal made with weaker key settings than today's gets today's at its next
        save (only the passphrase slot is rewrapped; the passphrase stays the same)."""
        target = keys.stronger_kdf(self.header.kdf, keys.kdf_for_new_journal())
        if target == self.header.kdf:
            return
        slot = keys.passphrase_slot(self._data_key, passphrase, self.header.journal_id, target)
        with self._save_lock:
            self.header = replace(self.header.with_slot(slot), kdf=target)

    @classmethod
    def unlock_with_recovery(
        cls, path: Path, recovery_key: str, *, lock: bool = True, allow_rollback: bool = False
    ) -> tuple[VaultFile, bytearray]:
        """Open with the recovery key instead of the passphrase (a typo is named first)."""
        keys.parse_recovery_key(recovery_key)  # a typo is reported before touching the file

        def open_slot(header: Header) -> bytes:
            slot = header.slot(SLOT_RECOVERY)
            if slot is None:
                raise DamagedJournal("This journal has no recovery key slot.")
            return keys.open_recovery_slot(slot, recovery_key, header.journal_id)

        vault, body = cls._open(Path(path), open_slot, lock, allow_rollback)
        vault._opened_recovery = bytearray(keys.parse_recovery_key(recovery_key))
        return vault, body

    @classmethod
    def _open(
        cls, path: Path, open_slot: Callable[[Header], bytes], lock: bool, allow_rollback: bool
    ) -> tuple[VaultFile, bytearray]:
        if not path.is_file():
            raise JournalNotFound(path)
        # Take the lock before the slow key derivation, so "open elsewhere" is instant.
        backup = _backups.is_backup(path)
        held = JournalLock(path).acquire() if lock else None
        try:
            header, data_key, body = _read_and_open(path, open_slot)
            # Opening a backup by its own name is a deliberate choice of an older copy;
            # an older copy turning up where this computer saw a newer one is what we flag.
            seen = 0 if backup else generations.last_seen(header.journal_id, path)
            if header.generation < seen and not allow_rollback:
                raise JournalRolledBack(seen, header.generation)
        except BaseException:
            if held is not None:
                held.release()
            raise
        vault = cls(path, header, data_key, held)
        vault._body_digest = hashlib.sha256(body).digest()
        vault._generation_floor = max(seen, header.generation)
        vault.opened_older = (seen, header.generation) if header.generation < seen else None
        if held is not None:  # only the lock holder may decide a temp file is abandoned
            _backups.remove_stale(stale_temp_files(path))
        if not backup and not vault.opened_older:
            generations.remember(header.journal_id, header.generation, path)
        return vault, body

    @classmethod
    def restore_to(
        cls, source: VaultFile, target: Path, *, lock: bool = True
    ) -> tuple[VaultFile, Path | None]:
        """A vault for ``target`` holding ``source``'s header and key (``source`` is an open
        backup or copy of the same journal): its next save puts the source's contents at
        ``target`` with a generation above any this computer has seen for the journal, so
        the restored journal opens with no warning.

        What is at ``target`` now is never lost, and where it went is returned: a good copy
        of this journal becomes its newest backup ``TARGET.bak1`` now (if that copy can't be
        made, SaveFailed and nothing is restored); one that is damaged is kept aside as
        ``TARGET.damaged``. A file that is not this journal is refused (InvalidInput), and
        so is a backup's name as the target."""
        from ..errors import InvalidInput, NotAJournal, quoted_path

        target = Path(target)
        if _backups.is_backup(target):
            raise InvalidInput(
                f"{quoted_path(target)} is named like a backup; restore to the journal's own name "
                "or a new file name."
            )
        try:
            make_private_dirs(target.parent)
        except OSError as error:
            raise SaveFailed(explain(error)) from error
        held = JournalLock(target).acquire() if lock else None
        try:
            disk_raw, floor, kept = b"", source.header.generation, None
            if target.exists():
                try:
                    found = read_header(target)
                except NotAJournal:
                    raise InvalidInput(
                        f"{quoted_path(target)} is not a Placement Journal file, so nothing was "
                        "restored over it. Pick another place with --to."
                    ) from None
                except DamagedJournal:
                    found = None
                if found is not None and found.journal_id != source.header.journal_id:
                    raise InvalidInput(
                        f"{quoted_path(target)} is a different journal, so nothing was restored over "
                        "it. Pick another place with --to."
                    )
                try:
                    if found is None:
                        raise DamagedJournal()
                    disk_raw, _body = source.read_copy(target)
                    del _body
                    floor = max(floor, found.generation)
                except DamagedJournal:
                    kept = _free_name(target.with_name(target.name + ".damaged"))
                    os.replace(target, kept)
                else:
                    _backups.rotate(target, DEFAULT_BACKUPS)
                    kept = backup_path(target, 1)
            # Its own copy of the key: closing the source wipes that one.
            vault = cls(target, source.header, bytearray(source._data_key), held)
        except BaseException:
            if held is not None:
                held.release()
            raise
        vault._disk_raw = disk_raw
        vault._generation_floor = floor
        if kept is not None and not kept.name.startswith(target.name + ".damaged"):
            vault._last_backup = time.monotonic()  # just made: the save adds no other
        return vault, kept

    # --- saving ----------------------------------------------------------------
    @property
    def save_lock(self) -> threading.RLock:
        """Held while a save or a change of key is under way."""
        return self._save_lock

    def save(self, body: bytes) -> SaveStats:
        """Seal ``body`` and replace the file durably. Safe to call from a worker thread.

        When this returns, the new version is on disk (fsynced, folder included). On any
        error the file on disk is the previous version, unchanged.
        """
        with self._save_lock:
            return self._write(body, expect_existing=True)

    def _write(self, body: bytes, *, expect_existing: bool) -> SaveStats:
        if not self._data_key:
            raise RuntimeError("this journal file has been closed")
        if len(body) > MAX_BODY_BYTES:
            raise SaveFailed("the journal has grown past 2 GB, the most one file can hold")
        if expect_existing:
            if _backups.is_backup(self.path):
                # A backup is never written: saving it would make it a second, diverging
                # journal. Putting it back in use is the explicit restore.
                raise BackupNotWritable(self.path)
            self._check_unchanged_on_disk()
        # Above anything seen for this journal on this computer, at any place: a copy
        # saved elsewhere, or a backup restored, is newer than all before it.
        generation = max(
            self.header.generation, self._generation_floor, generations.highest(self.header.journal_id)
        ) + 1
        header = replace(
            self.header, generation=generation, body_nonce=os.urandom(NONCE_SIZE),
            body_length=len(body) + TAG_SIZE, version=FORMAT_VERSION, raw=b"",
        )
        raw = encode_header(header)
        digest = hashlib.sha256(body).digest()  # once per save: compared now, kept for the next
        changed = self._changes_something(digest)
        # The file as it is now is kept aside and becomes .bak1 only once this save has
        # succeeded and changed something: a failed or empty save leaves the backups alone.
        staged = self._stage_backup() if expect_existing and changed else None
        sealed = sealed_chunks(self._data_key, header.body_nonce, raw, body)
        try:
            write_atomic(self.path, itertools.chain([raw], sealed))
        except SaveFailedAfterReplace:
            self._written(header, raw, digest)  # it is on disk, just not proven durable
            self._rotate_backups(staged)
            raise
        except BaseException:
            discard(staged)
            raise
        self._written(header, raw, digest)
        backed_up = self._rotate_backups(staged)
        if self._retire_backups:
            try:
                _backups.replace_all(self.path, self.backups)
                self._retire_backups = False
                self._last_backup = time.monotonic()
            except SaveFailed as error:
                self.last_backup_error = str(error)
        return SaveStats(generation, len(raw) + header.body_length, backed_up)

    def _changes_something(self, digest: bytes) -> bool:
        """False when the body (by its SHA-256) is what the file already holds under the
        same header."""
        if self.header.raw != self._disk_raw or self.header.version != FORMAT_VERSION:
            return True  # key slots, key settings or the format version change
        return digest != self._body_digest

    def _written(self, header: Header, raw: bytes, digest: bytes) -> None:
        self.header = replace(header, raw=raw)
        self._disk_raw = raw
        self._body_digest = digest
        self._generation_floor = header.generation
        self.opened_older = None
        generations.remember(header.journal_id, header.generation, self.path)

    def _check_unchanged_on_disk(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                on_disk = handle.read(len(self._disk_raw))
        except FileNotFoundError:
            return  # deleted underneath us: writing it back loses nothing
        except OSError as error:
            raise SaveFailed(explain(error)) from error
        if on_disk != self._disk_raw:
            raise JournalChangedOnDisk()

    def _stage_backup(self) -> Path | None:
        """Keep the file as it is before the first save of a session, then every interval."""
        if self.backups <= 0 or self._retire_backups or not self.path.exists():
            return None
        now = time.monotonic()
        if self._last_backup is not None and now - self._last_backup < self.backup_interval_s:
            return None
        try:
            return _backups.stage(self.path)
        except SaveFailed as error:
            # A missing backup must not stop the learner's work being saved; the save
            # itself reports any problem the disk really has.
            self.last_backup_error = str(error)
            return None

    def _rotate_backups(self, staged: Path | None) -> bool:
        if staged is None:
            return False
        try:
            _backups.rotate(self.path, self.backups, staged)
        except SaveFailed as error:
            self.last_backup_error = str(error)
            return False
        self._last_backup = time.monotonic()
        self.last_backup_error = None
        return True

    def rotate_backups(self) -> None:
        """Shift .bak1→.bak2→… and snapshot the current file (already encrypted) as .bak1."""
        with self._save_lock:
            _backups.rotate(self.path, self.backups)
            self._last_backup = time.monotonic()

    def rewrite_backups(self, body: bytes | None = None) -> None:
        """Replace every backup with the file as saved now (after an erasure nothing old survives).

        Call after ``save``; ``body`` is accepted for compatibility and not needed, since
        the backup is a snapshot of the file just written. Raises SaveFailed if an old
        backup could not be removed.
        """
        with self._save_lock:
            _backups.replace_all(self.path, self.backups)
            self._last_backup = time.monotonic()
            self._retire_backups = False

    def check_backups(self) -> dict[str, str]:
        """Each backup's name → "ok", "damaged", "a different journal" or why it can't be read."""
        return {path.name: self._check_copy(path) for path in list_backups(self.path)}

    def read_copy(self, path: Path) -> tuple[bytes, bytearray]:
        """(header bytes, plaintext body) of a copy of this journal sealed with the same data
        key (a backup, or the journal file itself as saved). DamagedJournal if it is damaged
        or belongs to another journal; CopyUnderEarlierKey for a backup from before the
        journal's data key was last changed."""
        try:
            header, _key, body = _read_and_open(Path(path), data_key=self._data_key)
        except DamagedJournal:
            if self._under_earlier_key(Path(path)):
                raise CopyUnderEarlierKey() from None
            raise
        if header.journal_id != self.header.journal_id:
            raise DamagedJournal()
        return header.raw, body

    def _under_earlier_key(self, path: Path) -> bool:
        """True for an intact copy of this journal saved before its current data key."""
        try:
            header = read_header(path)
        except JournalError:
            return False
        return header.journal_id == self.header.journal_id and header.generation < self.key_generation

    def _check_copy(self, path: Path) -> str:
        try:
            header, _key, body = _read_and_open(path, data_key=self._data_key)
            wipe(body)  # only its authenticity was wanted
        except DamagedJournal:
            if self._under_earlier_key(path):
                return EARLIER_KEY_STATUS
            try:
                if read_header(path).journal_id != self.header.journal_id:
                    return "a different journal"
            except JournalError:
                pass
            return "damaged"
        except JournalError as error:
            return error.title.lower()
        return "ok" if header.journal_id == self.header.journal_id else "a different journal"

    def note_key_generation(self, generation: int) -> None:
        """The journal's body says its data key has sealed it since ``generation``. Backups
        older than that were sealed under an earlier key (a re-key was interrupted before it
        replaced them): the next save replaces them."""
        with self._save_lock:
            self.key_generation = max(self.key_generation, generation)
            if not generation:
                return
            for path in list_backups(self.path):
                with contextlib.suppress(JournalError):
                    if read_header(path).generation < generation:
                        self._retire_backups = True

    @property
    def backups_pending(self) -> bool:
        """True while older backups wait to be replaced (a key change or erasure whose
        backups could not be replaced yet)."""
        return self._retire_backups

    # --- keys ------------------------------------------------------------------
    def set_passphrase(self, new_passphrase: str) -> None:
        """Rewrap the *same* data key under a new passphrase (takes effect at the next save).

        A low-level tool: the app's actions change the passphrase with a new data key
        instead (``rekeying``), so an old copy and the old passphrase open nothing new.

        That save also replaces the backups, which still carry the old passphrase slot.

        Also the moment to adopt stronger key settings if this app's defaults have grown
        since the journal was made; weaker ones are never adopted.
        """
        keys.check_new_passphrase(new_passphrase)
        with self._save_lock:
            kdf = keys.stronger_kdf(self.header.kdf, keys.kdf_for_new_journal())
            slot = keys.passphrase_slot(self._data_key, new_passphrase, self.header.journal_id, kdf)
            self.header = replace(self.header.with_slot(slot), kdf=kdf)
            self._retire_backups = True

    def new_recovery_key(self) -> str:
        """Replace the recovery slot around the *same* data key (takes effect at the next
        save, which also replaces the backups); returns the new key to show once. A
        low-level tool: the app makes a new recovery key with a new data key (``rekeying``)."""
        secret = keys.new_recovery_secret()
        with self._save_lock:
            self.header = self.header.with_slot(
                keys.recovery_slot(self._data_key, secret, self.header.journal_id)
            )
            self._retire_backups = True
        return keys.format_recovery_key(secret)

    def sealing_key(self, purpose: bytes) -> bytes:
        """A 256-bit key for sealing other files (attachments), derived from the data key.

        HKDF-SHA256 with the journal id as salt and ``purpose`` as info, so each use gets
        its own key and the data key itself never leaves this object.
        """
        if not self._data_key:
            raise RuntimeError("this journal file has been closed")
        return _sealing_key(self._data_key, self.header.journal_id, purpose)

    # --- a new data key ----------------------------------------------------------------
    def check_passphrase(self, passphrase: str) -> None:
        """WrongPassphrase unless ``passphrase`` opens this journal's passphrase slot."""
        slot = self.header.slot(SLOT_PASSPHRASE)
        if slot is None:
            raise DamagedJournal()
        key = keys.open_passphrase_slot(slot, passphrase, self.header.journal_id, self.header.kdf)
        if not hmac.compare_digest(key, bytes(self._data_key)):
            raise WrongPassphrase()

    def recovery_secret(self, recovery_key: str | None = None) -> bytes:
        """The 20-byte secret of this journal's current recovery key: ``recovery_key`` checked
        against the recovery slot, or the key this journal was unlocked with."""
        if recovery_key is None:
            if not self._opened_recovery:
                raise WrongRecoveryKey()
            return bytes(self._opened_recovery)
        secret = keys.parse_recovery_key(recovery_key)
        slot = self.header.slot(SLOT_RECOVERY)
        if slot is None:
            raise WrongRecoveryKey()
        key = keys.open_recovery_slot(slot, recovery_key, self.header.journal_id)
        if not hmac.compare_digest(key, bytes(self._data_key)):
            raise WrongRecoveryKey()
        return secret

    @contextlib.contextmanager
    def rekeying(self) -> Iterator[Rekey]:
        """A fresh random data key for this journal, with no save in between (the save lock
        is held). Seal the attachments with ``plan.sealing_key`` under new names, then
        ``plan.commit(body, ...)`` writes the journal under the new key; until then the
        file on disk and every backup are untouched, and an uncommitted key is wiped."""
        with self._save_lock:
            if not self._data_key:
                raise RuntimeError("this journal file has been closed")
            plan = Rekey(self, bytearray(AESGCM.generate_key(bit_length=256)), self._next_generation())
            try:
                yield plan
            finally:
                if not plan.committed:
                    wipe(plan.key)

    def _next_generation(self) -> int:
        return max(self.header.generation, self._generation_floor) + 1

    def _commit_rekey(self, plan: Rekey, body: bytes, passphrase: str, recovery_secret: bytes) -> SaveStats:
        with self._save_lock:
            if plan.committed or plan.generation != self._next_generation():
                raise RuntimeError("the journal was saved while its key was being changed")
            journal_id = self.header.journal_id
            kdf = keys.stronger_kdf(self.header.kdf, keys.kdf_for_new_journal())
            slots = (
                keys.passphrase_slot(bytes(plan.key), passphrase, journal_id, kdf),
                keys.recovery_slot(bytes(plan.key), recovery_secret, journal_id),
            )
            before = (self.header, self._data_key, self._retire_backups, self.key_generation)
            self.header = replace(self.header, slots=slots, kdf=kdf, raw=b"")
            self._data_key = plan.key
            # No backup is staged from the file under the old key; once the journal is
            # written, every backup becomes a copy of it (``_write``).
            self._retire_backups = True
            self.key_generation = plan.generation
            try:
                stats = self._write(body, expect_existing=True)
            except SaveFailedAfterReplace:
                plan.committed = True  # on disk under the new key, just not proven durable
                wipe(before[1])
                raise
            except BaseException:
                self.header, self._data_key, self._retire_backups, self.key_generation = before
                raise
            plan.committed = True
            wipe(before[1])
            if self._opened_recovery is not None:
                wipe(self._opened_recovery)
                self._opened_recovery = bytearray(recovery_secret)
            return stats

    def close(self) -> None:
        """Release the lock and overwrite the key material this object holds."""
        with self._save_lock:
            if self._lock is not None:
                self._lock.release()
                self._lock = None
            wipe(self._data_key)
            self._data_key = bytearray()
            wipe(self._opened_recovery)
            self._opened_recovery = None

    @property
    def took_over_stale_lock(self) -> bool:
        """True when the last holder crashed without closing (its lock was taken over)."""
        return bool(self._lock and self._lock.took_over_stale)


class Rekey:
    """A fresh data key about to replace a journal's (see ``VaultFile.rekeying``)."""

    def __init__(self, vault: VaultFile, key: bytearray, generation: int) -> None:
        self._vault = vault
        self.key = key
        # The generation the journal will have once written under this key: record it in
        # the body (``note_key_generation``) so backups older than it are known for what
        # they are after a crash.
        self.generation = generation
        self.committed = False

    def sealing_key(self, purpose: bytes) -> bytes:
        """What ``VaultFile.sealing_key`` will return once this key is committed."""
        return _sealing_key(self.key, self._vault.header.journal_id, purpose)

    def commit(self, body: bytes, passphrase: str, recovery_secret: bytes) -> SaveStats:
        """Write ``body`` under the new key with a passphrase slot for ``passphrase`` and a
        recovery slot for ``recovery_secret``; then every backup is replaced by a copy of it
        (``VaultFile.backups_pending`` stays True if that failed). On failure the journal
        file and this object are as they were."""
        return self._vault._commit_rekey(self, body, passphrase, recovery_secret)


def _free_name(path: Path) -> Path:
    """``path``, or ``path`` with 2, 3… added until no file has that name."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}{n}")
    return candidate
