"""docs/file-format.md is enough to read a journal: an independent reader built from it alone.

The reader below uses only the standard library and generic primitives from
``cryptography`` (Argon2id, HKDF, AES-GCM); it imports nothing from the app's vault
package. Its offsets are taken from the document's own tables, so the document and the
files the app writes are checked against each other.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import struct
import unicodedata
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

DOC = Path(__file__).resolve().parents[2] / "docs" / "file-format.md"
PASSPHRASE = "correct horse battery"


def _doc_fields() -> dict[str, tuple[int, int]]:
    """The version 2 header table of the document: field → (offset, size) for fixed rows."""
    text = DOC.read_text("utf-8")
    section = text[text.index("## 3. Header, format version 2") : text.index("### Key slot")]
    fields = {}
    for offset, size, name in re.findall(r"^\| (\d+) \| (\d+) \| \w+ \| `(\w+)` \|", section, re.MULTILINE):
        fields[name] = (int(offset), int(size))
    return fields


def _doc_slot_fields() -> dict[str, tuple[int, int]]:
    text = DOC.read_text("utf-8")
    section = text[text.index("### Key slot") : text.index("### Checksum")]
    return {name: (int(o), int(s)) for o, s, name in re.findall(r"^\| (\d+) \| (\d+) \| `(\w+)` \|", section,
                                                                   re.MULTILINE)}


FIELDS = _doc_fields()
SLOT = _doc_slot_fields()
SLOT_SIZE = sum(size for _offset, size in SLOT.values())
FIXED_V2 = FIELDS["slot_count"][0] + 1
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _u(data: bytes, name: str, shift: int = 0) -> int:
    offset, size = FIELDS[name]
    return int.from_bytes(data[offset - shift : offset - shift + size], "little")


def recovery_secret(text: str) -> bytes:
    cleaned = re.sub(r"[\s\-_.\u2010-\u2014\u2212]", "", text.upper())
    cleaned = cleaned.translate(str.maketrans("OILU", "011V"))
    assert len(cleaned) == 40
    data = ""
    for g in range(8):
        group = cleaned[5 * g : 5 * g + 5]
        digest = hashlib.sha256(f"{g}:{group[:4]}".encode("ascii")).digest()
        if ALPHABET[digest[0] % 32] != group[4]:
            raise ValueError(f"group {g + 1}")
        data += group[:4]
    number = 0
    for ch in data:
        number = number * 32 + ALPHABET.index(ch)
    return number.to_bytes(20, "big")


def recovery_text(secret: bytes) -> str:
    number = int.from_bytes(secret, "big")
    chars = [ALPHABET[(number >> (5 * (31 - i))) & 31] for i in range(32)]
    groups = []
    for g in range(8):
        data = "".join(chars[4 * g : 4 * g + 4])
        groups.append(data + ALPHABET[hashlib.sha256(f"{g}:{data}".encode()).digest()[0] % 32])
    return "-".join(groups)


def read_journal(path: Path, passphrase: str | None = None, recovery_key: str | None = None) -> bytes:
    """Decrypt a journal file using only the document."""
    data = path.read_bytes()
    assert data[:8] == b"PLACEJNL"
    version = _u(data, "version")
    assert version in (1, 2)
    shift = 0 if version == 2 else 8  # version 1 has no 8-byte generation field
    fixed = FIXED_V2 - shift
    header_length = _u(data, "header_length")
    count = data[fixed - 1]
    assert header_length == fixed + SLOT_SIZE * count + 12 + 8 + 32
    assert hashlib.sha256(data[: header_length - 32]).digest() == data[header_length - 32 : header_length]
    slots = {}
    for i in range(count):
        raw = data[fixed + SLOT_SIZE * i : fixed + SLOT_SIZE * (i + 1)]
        slots[raw[0]] = {name: raw[o : o + s] for name, (o, s) in SLOT.items()}
    body_at = fixed + SLOT_SIZE * count
    body_nonce = data[body_at : body_at + 12]
    (body_length,) = struct.unpack_from("<Q", data, body_at + 12)
    assert len(data) == header_length + body_length
    journal_id = data[12:28]
    if passphrase is not None:
        slot, kind = slots[1], 1
        kek = Argon2id(
            salt=slot["salt"], length=32, iterations=_u(data, "kdf_iterations", shift),
            lanes=_u(data, "kdf_lanes", shift), memory_cost=_u(data, "kdf_memory_kib", shift),
        ).derive(unicodedata.normalize("NFC", passphrase).encode("utf-8"))
    else:
        slot, kind = slots[2], 2
        kek = HKDF(hashes.SHA256(), 32, salt=slot["salt"], info=b"placement-journal recovery").derive(
            recovery_secret(recovery_key or "")
        )
    slot_aad = b"PLACEJNL-slot" + journal_id + bytes([kind])
    data_key = AESGCM(kek).decrypt(slot["nonce"], slot["wrapped"], slot_aad)
    return AESGCM(data_key).decrypt(body_nonce, data[header_length:], data[:header_length])


def test_the_document_tables_give_the_offsets() -> None:
    assert FIELDS["magic"] == (0, 8) and FIELDS["generation"] == (28, 8)
    assert FIXED_V2 == 50 and SLOT_SIZE == 77
    assert set(SLOT) == {"kind", "salt", "nonce", "wrapped"}


def test_a_real_journal_decrypts_to_an_sqlite_database(tmp_path: Path, clock) -> None:
    from journal_app.journal.journal import Journal

    path = tmp_path / "j.pjournal"
    journal, recovery = Journal.create(path, PASSPHRASE, clock=clock)
    journal.set_setting("independent-reader", "works")
    journal.save()
    journal.close()
    for image in (read_journal(path, passphrase=PASSPHRASE), read_journal(path, recovery_key=recovery)):
        assert image.startswith(b"SQLite format 3\x00")
        copy = tmp_path / "plain.sqlite"
        copy.write_bytes(image)
        db = sqlite3.connect(copy)
        try:
            assert db.execute("SELECT value FROM settings WHERE key = 'independent-reader'").fetchone() == (
                '"works"',
            )
        finally:
            db.close()
        copy.unlink()


def test_nfc_and_version_1_as_documented(tmp_path: Path) -> None:
    from tests.unit.vault_support import write_v1_journal

    path = tmp_path / "old.pjournal"
    composed = "caf\u00e9 au lait"
    recovery = write_v1_journal(path, b"version one body", passphrase=composed)
    assert path.read_bytes()[8:10] == b"\x01\x00"
    assert read_journal(path, passphrase=unicodedata.normalize("NFD", composed)) == b"version one body"
    assert read_journal(path, recovery_key=recovery.lower()) == b"version one body"


def test_the_documented_recovery_key_examples() -> None:
    text = DOC.read_text("utf-8")
    vector = "000GZ-40R4V-0M30H-E2096-185GQ-R38E3-1W81P-24GKH"
    assert vector in text
    assert recovery_text(bytes(range(20))) == vector
    assert recovery_secret(vector) == bytes(range(20))
    assert recovery_text(bytes(20))[:5] == "0000S"
    with pytest.raises(ValueError, match="group 3"):
        recovery_secret(vector.replace("0M30H", "0M31H"))


def test_the_app_and_the_document_agree_on_recovery_keys() -> None:
    from journal_app.vault import keys

    for _ in range(20):
        secret = keys.new_recovery_secret()
        assert keys.format_recovery_key(secret) == recovery_text(secret)
