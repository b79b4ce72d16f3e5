"""Small builders shared by the vault tests: journal files with known bodies and layouts."""

from __future__ import annotations

import hashlib
import os
import struct
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from journal_app.vault import keys
from journal_app.vault.format import Header, encode_header
from journal_app.vault.store import VaultFile

PASSPHRASE = "correct horse battery"
BODY = b"SQLite format 3\x00" + bytes(range(256)) * 40

# Version 2 header with the two usual slots: (name, offset, size), from docs/file-format.md.
V2_FIELDS = [
    ("magic", 0, 8), ("version", 8, 2), ("header_length", 10, 2), ("journal_id", 12, 16),
    ("generation", 28, 8), ("kdf_algorithm", 36, 1), ("kdf_memory_kib", 37, 4),
    ("kdf_iterations", 41, 4), ("kdf_lanes", 45, 4), ("slot_count", 49, 1),
    ("slot1_kind", 50, 1), ("slot1_salt", 51, 16), ("slot1_nonce", 67, 12), ("slot1_wrapped", 79, 48),
    ("slot2_kind", 127, 1), ("slot2_salt", 128, 16), ("slot2_nonce", 144, 12),
    ("slot2_wrapped", 156, 48), ("body_nonce", 204, 12), ("body_length", 216, 8),
    ("checksum", 224, 32),
]
V2_HEADER_LENGTH = 256


def make_vault(path: Path, body: bytes = BODY, passphrase: str = PASSPHRASE) -> tuple[VaultFile, str]:
    return VaultFile.create(path, passphrase, body)


def make_closed(path: Path, body: bytes = BODY, passphrase: str = PASSPHRASE) -> str:
    """A journal on disk, closed; returns its recovery key."""
    vault, recovery = make_vault(path, body, passphrase)
    vault.close()
    return recovery


def rechecksum(header: bytes) -> bytes:
    """Recompute the header checksum after a deliberate edit (what a careful tamperer does)."""
    unsigned = header[:-32]
    return unsigned + hashlib.sha256(unsigned).digest()


def write_raw(path: Path, header: Header, data_key: bytes, body: bytes) -> None:
    """Encode ``header`` as given and seal ``body`` under it, bypassing every check."""
    raw = encode_header(header)
    path.write_bytes(raw + AESGCM(data_key).encrypt(header.body_nonce, body, raw))


def write_v1_journal(path: Path, body: bytes = BODY, passphrase: str = PASSPHRASE) -> str:
    """A journal as format version 1 wrote it (no generation counter); returns the recovery key."""
    kdf = keys.kdf_for_new_journal()
    journal_id = os.urandom(16)
    data_key = AESGCM.generate_key(bit_length=256)
    secret = keys.new_recovery_secret()
    slots = (
        keys.passphrase_slot(data_key, passphrase, journal_id, kdf),
        keys.recovery_slot(data_key, secret, journal_id),
    )
    header = Header(journal_id, 0, kdf, slots, os.urandom(12), len(body) + 16, version=1)
    write_raw(path, header, data_key, body)
    return keys.format_recovery_key(secret)


def patch_field(data: bytes, offset: int, size: int, value: int) -> bytes:
    packed = value.to_bytes(size, "little")
    return data[:offset] + packed + data[offset + size :]


def u16(data: bytes, offset: int) -> int:
    return struct.unpack_from("<H", data, offset)[0]
