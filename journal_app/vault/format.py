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
# Above these a header is treated as damaged rather than obeyed: 1 GiB of KDF memory
# is 8x today's setting (room to raise it for years) yet still fits on a school laptop.
MAX_MEMORY_KIB = 1024 * 1024
MAX_ITERATIONS = 64
MAX_LANES = 16

_FIXED_V2 = struct.Struct("<8sHH16sQBIIIB")  # magic .. slot_count
_FIXED_V1 = struct.Struct("<8sHH16sBIIIB")  # v1 had no generation counter
_SLOT = struct.Struct("<B16s12s48s")
_BODY = struct.Struct("<12sQ")
CHECKSUM_SIZE = 32
# The largest header any readable version can have: what a reader needs up front.
MAX_HEADER_BYTES = _FIXED_V2.size + SLOT_SIZE * MAX_SLOTS + _BODY.size + CHECKSUM_SIZE


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
            or self.memory_kib < 8 * self.lanes  # Argon2 itself refuses this
        ):
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


def sniff(prefix: bytes, path: object) -> int:
    """Return the format version after checking the magic, or raise a typed error."""
    if len(prefix) < len(MAGIC) + 2:
        # An empty file, or one cut short inside the magic/version, is a journal that
        # lost its contents (a failed copy), not some other program's file.
        if MAGIC.startswith(bytes(prefix[: len(MAGIC)])):
            raise DamagedJournal()
        raise NotAJournal(path)
    if prefix[: len(MAGIC)] != MAGIC:
        raise NotAJournal(path)
    version: int
    (version,) = struct.unpack_from("<H", prefix, len(MAGIC))
    if version > FORMAT_VERSION:
        raise NewerJournalVersion(version)
    if version < OLDEST_READABLE_VERSION:
        raise DamagedJournal()
    return version


def decode_header(data: bytes, path: object, file_size: int) -> Header:
    """Parse and check a header from the start of a file's bytes.

    ``data`` needs at most MAX_HEADER_BYTES; ``file_size`` is the whole file's size, so
    truncation or appended bytes are caught before anything is read or allocated.
    """
    version = sniff(data[:10], path)
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
