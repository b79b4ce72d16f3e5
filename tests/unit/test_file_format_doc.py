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


class Refused(Exception):
    """What the document says a reader reports: "damaged", "weak key settings", ..."""


def unwrap_data_key(data: bytes, passphrase: str | None = None, recovery_key: str | None = None
                    ) -> tuple[bytes, bytes, int]:
    """(data key, journal_id, header_length) of a journal file's bytes, using only the
    document, with its checks: slot count and lengths, checksum, slot kinds, file size,
    KDF algorithm and limits, a passphrase slot present."""
    if data[:8] != b"PLACEJNL":
        raise Refused("not a journal")
    version = _u(data, "version")
    if version not in (1, 2):
        raise Refused("not a version this reader reads")
    shift = 0 if version == 2 else 8  # version 1 has no 8-byte generation field
    fixed = FIXED_V2 - shift
    header_length = _u(data, "header_length")
    count = data[fixed - 1]
    if not 1 <= count <= 8 or header_length != fixed + SLOT_SIZE * count + 12 + 8 + 32:
        raise Refused("damaged")
    if hashlib.sha256(data[: header_length - 32]).digest() != data[header_length - 32 : header_length]:
        raise Refused("damaged")
    slots = {}
    for i in range(count):
        raw = data[fixed + SLOT_SIZE * i : fixed + SLOT_SIZE * (i + 1)]
        if raw[0] not in (1, 2) or raw[0] in slots:
            raise Refused("damaged")
        slots[raw[0]] = {name: raw[o : o + s] for name, (o, s) in SLOT.items()}
    if 1 not in slots:
        raise Refused("damaged")  # section 5, step 4: a journal always has a passphrase slot
    body_at = fixed + SLOT_SIZE * count
    (body_length,) = struct.unpack_from("<Q", data, body_at + 12)
    if not 16 <= body_length <= 2 * 1024**3 + 16 or len(data) != header_length + body_length:
        raise Refused("damaged")
    algorithm = _u(data, "kdf_algorithm", shift)
    m, t, p = (_u(data, "kdf_memory_kib", shift), _u(data, "kdf_iterations", shift),
               _u(data, "kdf_lanes", shift))
    if algorithm != 1:
        raise Refused("damaged")
    if m < 19456 or t < 2 or p < 1:
        raise Refused("weak key settings")
    if m > 1024 * 1024 or t > 16 or p > 16 or m * t > 2 * 1024 * 1024 or m < 8 * p:
        raise Refused("damaged")
    journal_id = data[12:28]
    if passphrase is not None:
        slot, kind = slots[1], 1
        kek = Argon2id(salt=slot["salt"], length=32, iterations=t, lanes=p, memory_cost=m).derive(
            unicodedata.normalize("NFC", passphrase).encode("utf-8"))
    else:
        slot, kind = slots[2], 2
        kek = HKDF(hashes.SHA256(), 32, salt=slot["salt"], info=b"placement-journal recovery").derive(
            recovery_secret(recovery_key or "")
        )
    slot_aad = b"PLACEJNL-slot" + journal_id + bytes([kind])
    return AESGCM(kek).decrypt(slot["nonce"], slot["wrapped"], slot_aad), journal_id, header_length


def open_body(data: bytes, data_key: bytes) -> bytes:
    """Section 8: the body, given the data key (raises InvalidTag under another key)."""
    version = _u(data, "version")
    fixed = FIXED_V2 - (0 if version == 2 else 8)
    header_length = _u(data, "header_length")
    body_nonce = data[fixed + SLOT_SIZE * data[fixed - 1] :][:12]
    return AESGCM(data_key).decrypt(body_nonce, data[header_length:], data[:header_length])


def read_journal(path: Path, passphrase: str | None = None, recovery_key: str | None = None) -> bytes:
    """Decrypt a journal file using only the document."""
    data = path.read_bytes()
    data_key, _journal_id, _length = unwrap_data_key(data, passphrase, recovery_key)
    return open_body(data, data_key)


def attachments_key(data_key: bytes, journal_id: bytes) -> bytes:
    """Section 11: the one key that seals every attached file."""
    return HKDF(hashes.SHA256(), 32, salt=journal_id, info=b"placement-journal/attachments").derive(data_key)


def read_attachment(folder: Path, name: str, key: bytes) -> bytes:
    """Section 11: "PJATT1\n" || nonce || ciphertext+tag, the name as associated data."""
    sealed = (folder / name).read_bytes()
    assert sealed[:7] == b"PJATT1\n"
    return AESGCM(key).decrypt(sealed[7:19], sealed[19:], b"PJATT1\n" + name.encode("ascii"))


def attached_files(image: bytes, tmp_path: Path) -> dict[str, str]:
    """Section 11: each evidence row's ``file`` JSON names its sealed file and its SHA-256."""
    import json

    copy = tmp_path / "image.sqlite"
    copy.write_bytes(image)
    db = sqlite3.connect(copy)
    try:
        rows = db.execute("SELECT file FROM evidence WHERE file IS NOT NULL").fetchall()
    finally:
        db.close()
        copy.unlink()
    return {json.loads(f)["blob"]: json.loads(f)["sha256"] for (f,) in rows}


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


PHOTO = bytes(range(256)) * 300


def _journal_with_a_file(path: Path, clock):
    from journal_app.journal.attachments import add_evidence_file
    from journal_app.journal.journal import Journal

    journal, recovery = Journal.create(path, PASSPHRASE, clock=clock)
    journal.vault.backup_interval_s = 0
    add_evidence_file(journal, "till-receipt.png", PHOTO, "image/png")
    journal.save()
    journal.set_setting("independent-reader", "second save")
    journal.save()  # the first save's file is now journal.bak1
    return journal, recovery


def test_an_attachment_and_a_backup_read_from_the_document(tmp_path: Path, clock) -> None:
    path = tmp_path / "j.pjournal"
    journal, _recovery = _journal_with_a_file(path, clock)
    journal.close()
    folder = tmp_path / "j.pjournal.attachments"
    for copy in (path, tmp_path / "j.pjournal.bak1"):
        data = copy.read_bytes()
        data_key, journal_id, _length = unwrap_data_key(data, PASSPHRASE)
        image = open_body(data, data_key)
        files = attached_files(image, tmp_path)
        assert len(files) == 1
        for name, sha256 in files.items():
            plain = read_attachment(folder, name, attachments_key(data_key, journal_id))
            assert plain == PHOTO and hashlib.sha256(plain).hexdigest() == sha256


def _old_copy(tmp_path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(tmp_path)): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}


def _nothing_new_opens(old_key: bytes, journal_id: bytes, tmp_path: Path, new_passphrase: str,
                       old_files: dict[str, bytes]) -> int:
    """Every journal file, backup and attached file written since the old copy was taken:
    the old data key opens none of them, and the new passphrase shows them whole."""
    from cryptography.exceptions import InvalidTag

    folder = tmp_path / "j.pjournal.attachments"
    tried = 0
    for copy in [tmp_path / "j.pjournal", *sorted(tmp_path.glob("j.pjournal.bak*"))]:
        data = copy.read_bytes()
        assert old_files.get(str(copy.relative_to(tmp_path))) != data
        with pytest.raises(InvalidTag):
            open_body(data, old_key)
        new_key, same_id, _length = unwrap_data_key(data, new_passphrase)
        assert new_key != old_key and same_id == journal_id
        files = attached_files(open_body(data, new_key), tmp_path)
        assert files, "the evidence file is still attached"
        for name in files:
            assert f"j.pjournal.attachments/{name}" not in old_files, "a file was not sealed again"
            with pytest.raises(InvalidTag):
                read_attachment(folder, name, attachments_key(old_key, journal_id))
            assert read_attachment(folder, name, attachments_key(new_key, journal_id)) == PHOTO
            tried += 1
    # Nothing sealed under the old key is left beside the journal.
    for sealed in folder.iterdir():
        with pytest.raises(InvalidTag):
            read_attachment(folder, sealed.name, attachments_key(old_key, journal_id))
    return tried


def test_after_passwd_an_old_copy_and_the_old_passphrase_decrypt_nothing_new(tmp_path: Path, clock) -> None:
    from journal_app.services.actions import journal_file

    journal, _recovery = _journal_with_a_file(tmp_path / "j.pjournal", clock)
    old_files = _old_copy(tmp_path)  # what someone copied to a USB stick
    old_key, journal_id, _length = unwrap_data_key(old_files["j.pjournal"], PASSPHRASE)
    new = "violet tangerine harbour under 2931 lamps"
    journal_file.change_passphrase(journal, new, current=PASSPHRASE, new_recovery_key=True)
    journal.set_setting("independent-reader", "saved after passwd")
    journal.save()
    journal.close()
    assert _nothing_new_opens(old_key, journal_id, tmp_path, new, old_files) >= 2


def test_after_recover_an_old_copy_and_the_recovery_key_decrypt_nothing_new(tmp_path: Path, clock) -> None:
    from journal_app.services.actions import journal_file

    journal, recovery = _journal_with_a_file(tmp_path / "j.pjournal", clock)
    journal.close()
    old_files = _old_copy(tmp_path)
    old_key, journal_id, _length = unwrap_data_key(old_files["j.pjournal"], recovery_key=recovery)
    new = "violet tangerine harbour under 2931 lamps"
    recovered = journal_file.recover_access(tmp_path / "j.pjournal", recovery, new, clock=clock)
    recovered.close()
    assert _nothing_new_opens(old_key, journal_id, tmp_path, new, old_files) >= 2
    # The recovery key was kept: it opens the new key, never by a copy of it in the journal.
    data = (tmp_path / "j.pjournal").read_bytes()
    assert unwrap_data_key(data, recovery_key=recovery)[0] == unwrap_data_key(data, new)[0] != old_key
    assert recovery_secret(recovery) not in open_body(data, unwrap_data_key(data, new)[0])


def test_the_document_says_what_a_reader_refuses(tmp_path: Path, clock) -> None:
    from journal_app.journal.journal import Journal

    path = tmp_path / "j.pjournal"
    journal, _recovery = Journal.create(path, PASSPHRASE, clock=clock)
    journal.close()
    data = bytearray(path.read_bytes())

    def rechecked(edit) -> bytes:
        changed = bytearray(data)
        edit(changed)
        changed[224:256] = hashlib.sha256(bytes(changed[:224])).digest()
        return bytes(changed)

    def algorithm_2(b: bytearray) -> None:
        b[36] = 2

    with pytest.raises(Refused, match="damaged"):
        unwrap_data_key(rechecked(algorithm_2), PASSPHRASE)

    # Only the recovery slot: a one-slot header (50 + 77 + 52 bytes) built from the document.
    fixed, slot2, body = bytearray(data[:50]), data[127:204], data[204:224]
    fixed[10:12] = (50 + 77 + 52).to_bytes(2, "little")
    fixed[49] = 1
    unsigned = bytes(fixed) + slot2 + body
    recovery_only = unsigned + hashlib.sha256(unsigned).digest() + bytes(data[256:])
    with pytest.raises(Refused, match="damaged"):
        unwrap_data_key(recovery_only, recovery_key=_recovery)
    (tmp_path / "one-slot.pjournal").write_bytes(recovery_only)
    from journal_app.errors import DamagedJournal
    from journal_app.vault.store import VaultFile

    with pytest.raises(DamagedJournal):  # the app, too, even with the right recovery key
        VaultFile.unlock_with_recovery(tmp_path / "one-slot.pjournal", _recovery, lock=False)
    text = DOC.read_text("utf-8")
    assert "`kdf_algorithm` other than 1" in text and "no passphrase slot" in text


def test_the_worked_example_is_a_whole_journal_around_an_sqlite_image(tmp_path: Path) -> None:
    import base64

    text = DOC.read_text("utf-8")
    section = text[text.index("## 13. Worked example") :]
    passphrase = re.search(r"Passphrase: `([^`]+)`", section).group(1)
    recovery = re.search(r"Recovery key: `([^`]+)`", section).group(1)
    dump = section[section.index("Its header:") :].split("```")[1]
    header = bytes.fromhex("".join(line[6:] for line in dump.strip().splitlines()))
    encoded = section[section.index("The whole file, base64") :].split("```")[1]
    data = base64.b64decode("".join(encoded.split()))
    assert data[:256] == header and len(data) == 1296
    for image in (open_body(data, unwrap_data_key(data, passphrase)[0]),
                  open_body(data, unwrap_data_key(data, recovery_key=recovery)[0])):
        assert image.startswith(b"SQLite format 3\x00") and len(image) == 1024
        copy = tmp_path / "example.sqlite"
        copy.write_bytes(image)
        db = sqlite3.connect(copy)
        try:
            assert db.execute("SELECT text FROM note").fetchall() == [("Hello from the worked example",)]
        finally:
            db.close()
        copy.unlink()
    from journal_app.vault.store import VaultFile  # and the app agrees

    (tmp_path / "example.pjournal").write_bytes(data)
    vault, body = VaultFile.unlock(tmp_path / "example.pjournal", passphrase, lock=False)
    vault.close()
    assert bytes(body).startswith(b"SQLite format 3")
