"""The on-disk layout of a journal file (docs/file-format.md has the byte table).

A file is ``header || ciphertext || tag``. The header is fixed-layout little-endian and
ends with a SHA-256 of everything before it, so an accidental or careless edit of any
header field is reported as *damage*, never as a wrong passphrase. The whole header
(checksum included) is also the associated data of the body's AES-256-GCM seal, so a
deliberate edit that recomputes the checksum still fails as damage at the body check.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass, field, replace

from ..errors import DamagedJournal, NewerJournalVersion, NotAJournal, WeakKeySettings

MAGIC = b"PLACEJNL"
FORMAT_VERSION = 2
OLDEST_READABLE_VERSION = 1

KDF_ARGON2ID = 1
SLOT_PASSPHRASE = 1
SLOT_RECOVERY = 2
KNOWN_SLOTS = (SLOT_PASSPHRASE, SLOT_RECOVERY)
SLOT_SIZE = 1 + 16 + 12 + 48  # type, salt, nonce, wrapped 32-byte key + 16-byte tag
MAX_SLOTS = 8

# AES-GCM can seal at most 2^36 - 32 bytes per message; we stop far earlier so a
# hostile header can't make us allocate absurd amounts of memory.
MAX_BODY_BYTES = 2 * 1024**3
TAG_SIZE = 16
NONCE_SIZE = 12

# Refuse key settings below these (no downgrade by editing the file). This is the
# OWASP minimum for Argon2id; new journals use far more (see keys.DEFAULT_KDF).
MIN_MEMORY_KIB = 19 * 1024
MIN_ITERATIONS = 2
MIN_LANES = 1
# Above these a header is treated as damaged rather than obeyed, so a crafted header
# can't make every unlock take minutes or exhaust memory. Each cap is far above what
# new journals use (keys.DEFAULT_KDF: 96 MiB x 2 passes, about 0.25 s): memory 10x,
# passes 8x, and the total work (memory x passes, what an unlock's time grows with)
# about 10x, i.e. at most ~3 s on a modest 2-core laptop. That leaves room to raise the
# defaults for years; a later app that raises them past these caps raises the caps too.
MAX_MEMORY_KIB = 1024 * 1024  # 1 GiB
MAX_ITERATIONS = 16
MAX_LANES = 16
MAX_KDF_WORK_KIB = 2 * 1024 * 1024  # memory_kib x iterations: e.g. 1 GiB x 2 or 256 MiB x 8

_FIXED_V2 = struct.Struct("<8sHH16sQBIIIB")  # magic .. slot_count
_FIXED_V1 = struct.Struct("<8sHH16sBIIIB")  # v1 had no generation counter
_SLOT = struct.Struct("<B16s12s48s")
_BODY = struct.Struct("<12sQ")
CHECKSUM_SIZE = 32
# The largest header any readable version can have: what a reader needs up front.
MAX_HEADER_BYTES = _FIXED_V2.size + SLOT_SIZE * MAX_SLOTS + _BODY.size + CHECKSUM_SIZE
# What every version, present and future, starts with: magic, version, header_length.
# Every version also ends its header with the SHA-256 of the header bytes before it, so
# reading this much is always enough to check any header's checksum (its length is a u16).
_PREFIX = struct.Struct("<8sHH")
_VERSION_END = len(MAGIC) + 2
MAX_ANY_HEADER_BYTES = 0xFFFF
# A first 8 bytes sharing at least this many bytes (in place) with MAGIC is our magic, hit.
CLOSE_MAGIC_BYTES = 6


@dataclass(frozen=True)
class KdfParams:
    memory_kib: int
    iterations: int
    lanes: int
    algorithm: int = KDF_ARGON2ID

    def check_minimum(self) -> None:
        if self.algorithm != KDF_ARGON2ID:
            raise DamagedJournal("This journal uses a key method this app does not know.")
        if (
            self.memory_kib < MIN_MEMORY_KIB
            or self.iterations < MIN_ITERATIONS
            or self.lanes < MIN_LANES
        ):
            raise WeakKeySettings()
        if (
            self.memory_kib > MAX_MEMORY_KIB
            or self.iterations > MAX_ITERATIONS
            or self.lanes > MAX_LANES
            or self.memory_kib * self.iterations > MAX_KDF_WORK_KIB
        ):
            raise DamagedJournal(
                "This journal file asks for far more work to unlock than this app ever uses "
                "(it would take minutes), so it is treated as damaged. It has not been opened "
                "or changed. Open one of its backups instead."
            )
        if self.memory_kib < 8 * self.lanes:  # Argon2 itself refuses this
            raise DamagedJournal()


@dataclass(frozen=True)
class KeySlot:
    kind: int
    salt: bytes
    nonce: bytes
    wrapped: bytes


@dataclass(frozen=True)
class Header:
    journal_id: bytes
    generation: int
    kdf: KdfParams
    slots: tuple[KeySlot, ...]
    body_nonce: bytes
    body_length: int
    version: int = FORMAT_VERSION
    # The exact bytes this header was read from or last written as; empty when the
    # header was built or changed in memory and not yet encoded.
    raw: bytes = field(default=b"", compare=False, repr=False)

    def slot(self, kind: int) -> KeySlot | None:
        return next((s for s in self.slots if s.kind == kind), None)

    def with_slot(self, new: KeySlot) -> Header:
        others = tuple(s for s in self.slots if s.kind != new.kind)
        return replace(self, slots=tuple(sorted(others + (new,), key=lambda s: s.kind)), raw=b"")

    @property
    def length(self) -> int:
        fixed = _FIXED_V2.size if self.version >= 2 else _FIXED_V1.size
        return fixed + SLOT_SIZE * len(self.slots) + _BODY.size + CHECKSUM_SIZE


def encode_header(header: Header) -> bytes:
    """Serialise a header, checksum included. Writing version 1 exists only for tests."""
    if header.version >= 2:
        fixed = _FIXED_V2.pack(
            MAGIC, header.version, header.length, header.journal_id, header.generation,
            header.kdf.algorithm, header.kdf.memory_kib, header.kdf.iterations,
            header.kdf.lanes, len(header.slots),
        )
    else:
        fixed = _FIXED_V1.pack(
            MAGIC, header.version, header.length, header.journal_id,
            header.kdf.algorithm, header.kdf.memory_kib, header.kdf.iterations,
            header.kdf.lanes, len(header.slots),
        )
    slots = b"".join(_SLOT.pack(s.kind, s.salt, s.nonce, s.wrapped) for s in header.slots)
    body = _BODY.pack(header.body_nonce, header.body_length)
    unsigned = fixed + slots + body
    return unsigned + hashlib.sha256(unsigned).digest()


def _checksum_verifies(data: bytes) -> bool:
    """True when the header's own length field points at a SHA-256 of everything before it.

    Every format version keeps ``header_length`` at bytes 10-11 and ends its header with
    this checksum, so it can be checked without knowing the version's layout.
    """
    if len(data) < _PREFIX.size:
        return False
    (length,) = struct.unpack_from("<H", data, 10)
    if not _PREFIX.size + CHECKSUM_SIZE <= length <= len(data):
        return False
    return hashlib.sha256(data[: length - CHECKSUM_SIZE]).digest() == data[length - CHECKSUM_SIZE : length]


def identify(data: bytes, path: object) -> int:
    """The format version, once the file is known to be a journal this app can read.

    Otherwise raise the right error, using the header checksum to tell damage from a
    foreign file or a newer app's journal (docs/file-format.md, section 5, step 1):
    a header that checks out says what it is; one that doesn't is damage when it is
    close to ours (our magic, a few bytes from it, or only the magic/version hit).
    """
    data = bytes(data[:MAX_ANY_HEADER_BYTES])
    if len(data) < _VERSION_END:
        # An empty file, or one cut short inside the magic/version, is a journal that
        # lost its contents (a failed copy), not some other program's file.
        if MAGIC.startswith(data[: len(MAGIC)]):
            raise DamagedJournal()
        raise NotAJournal(path)
    magic = data[: len(MAGIC)]
    version: int
    (version,) = struct.unpack_from("<H", data, len(MAGIC))
    if magic == MAGIC and OLDEST_READABLE_VERSION <= version <= FORMAT_VERSION:
        return version
    if _checksum_verifies(data):
        # The header is exactly as its writer made it: believe what it says it is.
        if magic != MAGIC:
            raise NotAJournal(path)
        if version > FORMAT_VERSION:
            raise NewerJournalVersion(version)
        raise DamagedJournal()  # version 0 was never written
    for known in range(OLDEST_READABLE_VERSION, FORMAT_VERSION + 1):
        if _checksum_verifies(MAGIC + struct.pack("<H", known) + data[_VERSION_END:]):
            raise DamagedJournal()  # only the magic or the version was hit
    if sum(a == b for a, b in zip(magic, MAGIC, strict=False)) >= CLOSE_MAGIC_BYTES:
        raise DamagedJournal()
    raise NotAJournal(path)


def decode_header(data: bytes, path: object, file_size: int) -> Header:
    """Parse and check a header from the start of a file's bytes.

    ``data`` needs at most MAX_ANY_HEADER_BYTES (MAX_HEADER_BYTES for the versions this
    app reads; more lets a newer app's header be checked); ``file_size`` is the whole
    file's size, so truncation or appended bytes are caught before anything is read or
    allocated.
    """
    version = identify(data, path)
    fixed = _FIXED_V2 if version >= 2 else _FIXED_V1
    if len(data) < fixed.size:
        raise DamagedJournal()
    if version >= 2:
        (_m, _v, length, journal_id, generation, algorithm, memory, iterations, lanes,
         slot_count) = fixed.unpack_from(data, 0)
    else:
        (_m, _v, length, journal_id, algorithm, memory, iterations, lanes,
         slot_count) = fixed.unpack_from(data, 0)
        generation = 0
    expected = fixed.size + SLOT_SIZE * slot_count + _BODY.size + CHECKSUM_SIZE
    if not 1 <= slot_count <= MAX_SLOTS or length != expected or len(data) < length:
        raise DamagedJournal()
    unsigned = bytes(data[: length - CHECKSUM_SIZE])
    if hashlib.sha256(unsigned).digest() != bytes(data[length - CHECKSUM_SIZE : length]):
        raise DamagedJournal()
    slots: list[KeySlot] = []
    offset = fixed.size
    for _ in range(slot_count):
        kind, salt, nonce, wrapped = _SLOT.unpack_from(data, offset)
        if kind not in KNOWN_SLOTS or any(s.kind == kind for s in slots):
            raise DamagedJournal()
        slots.append(KeySlot(kind, salt, nonce, wrapped))
        offset += SLOT_SIZE
    body_nonce, body_length = _BODY.unpack_from(data, offset)
    if body_length > MAX_BODY_BYTES + TAG_SIZE or body_length < TAG_SIZE:
        raise DamagedJournal()
    if file_size != length + body_length:
        raise DamagedJournal()  # truncated or extended
    kdf = KdfParams(memory, iterations, lanes, algorithm)
    kdf.check_minimum()
    return Header(
        journal_id=journal_id, generation=generation, kdf=kdf, slots=tuple(slots),
        body_nonce=body_nonce, body_length=body_length, version=version,
        raw=bytes(data[:length]),
    )
