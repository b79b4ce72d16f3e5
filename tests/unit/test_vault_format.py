"""A damaged, foreign, newer or hostile file is refused with the right words, and never changed."""

from __future__ import annotations

import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import pytest

from journal_app.errors import (
    DamagedJournal,
    NewerJournalVersion,
    NotAJournal,
    WeakKeySettings,
    WrongPassphrase,
)
from journal_app.vault import keys
from journal_app.vault.format import (
    MAX_BODY_BYTES,
    MAX_HEADER_BYTES,
    MAX_ITERATIONS,
    MAX_KDF_WORK_KIB,
    MAX_MEMORY_KIB,
    KdfParams,
    decode_header,
    encode_header,
)
from journal_app.vault.store import VaultFile, read_header
from tests.unit.vault_support import (
    PASSPHRASE,
    V2_FIELDS,
    V2_HEADER_LENGTH,
    make_closed,
    make_vault,
    patch_field,
    rechecksum,
    write_raw,
    write_v1_journal,
)


@pytest.fixture
def journal_file(tmp_path: Path) -> Path:
    path = tmp_path / "journal.pjournal"
    make_closed(path)
    return path


def _unlock(path: Path, passphrase: str = PASSPHRASE):
    vault, body = VaultFile.unlock(path, passphrase)
    vault.close()
    return body


def test_header_layout_matches_the_documented_offsets(journal_file: Path) -> None:
    data = journal_file.read_bytes()
    assert data[:8] == b"PLACEJNL"
    assert int.from_bytes(data[8:10], "little") == 2
    assert int.from_bytes(data[10:12], "little") == V2_HEADER_LENGTH
    assert data[49] == 2 and data[50] == 1 and data[127] == 2
    body_length = int.from_bytes(data[216:224], "little")
    assert len(data) == V2_HEADER_LENGTH + body_length


@pytest.mark.parametrize(
    ("name", "offset", "size"),
    [f for f in V2_FIELDS if f[0] not in ("magic", "version")],
    ids=[f[0] for f in V2_FIELDS if f[0] not in ("magic", "version")],
)
def test_every_header_field_altered_is_damage_not_a_wrong_passphrase(
    journal_file: Path, name: str, offset: int, size: int
) -> None:
    original = journal_file.read_bytes()
    for byte in {offset, offset + size - 1}:
        for bit in (0x01, 0x80):
            altered = bytearray(original)
            altered[byte] ^= bit
            journal_file.write_bytes(altered)
            with pytest.raises(DamagedJournal) as caught:
                _unlock(journal_file)
            assert not isinstance(caught.value, WrongPassphrase)
            assert journal_file.read_bytes() == bytes(altered), "a damaged file must never be rewritten"
    journal_file.write_bytes(original)
    assert _unlock(journal_file)


@pytest.mark.parametrize("byte", range(8))
def test_one_damaged_byte_in_the_magic_is_damage_not_a_foreign_file(journal_file: Path, byte: int) -> None:
    data = bytearray(journal_file.read_bytes())
    data[byte] ^= 0x20
    journal_file.write_bytes(data)
    with pytest.raises(DamagedJournal) as caught:
        _unlock(journal_file)
    assert caught.value.exit_code == 5
    assert journal_file.read_bytes() == bytes(data)


@pytest.mark.parametrize(("byte", "bit"), [(8, 0x01), (8, 0x04), (8, 0x80), (9, 0x01), (9, 0x80)])
def test_one_damaged_byte_in_the_version_is_damage_not_a_newer_app(
    journal_file: Path, byte: int, bit: int
) -> None:
    data = bytearray(journal_file.read_bytes())
    data[byte] ^= bit
    journal_file.write_bytes(data)
    with pytest.raises(DamagedJournal) as caught:
        _unlock(journal_file)
    assert not isinstance(caught.value, NewerJournalVersion)
    assert caught.value.exit_code == 5


def test_a_damaged_magic_with_other_damage_is_still_damage(journal_file: Path) -> None:
    data = bytearray(journal_file.read_bytes())
    data[3] ^= 0x01  # magic
    data[100] ^= 0x01  # and a key slot: restoring the magic alone won't make the checksum match
    journal_file.write_bytes(data)
    with pytest.raises(DamagedJournal):
        _unlock(journal_file)


def test_a_foreign_file_with_an_intact_header_of_its_own_is_not_a_journal(journal_file: Path) -> None:
    # Same layout, another program's magic, and a checksum that matches: written that way.
    header = bytearray(journal_file.read_bytes()[:V2_HEADER_LENGTH])
    header[:8] = b"OTHERAPP"
    journal_file.write_bytes(rechecksum(bytes(header)) + journal_file.read_bytes()[V2_HEADER_LENGTH:])
    with pytest.raises(NotAJournal, match="not a Placement Journal file") as caught:
        _unlock(journal_file)
    assert caught.value.exit_code == 6


def test_a_lowered_version_field_is_damage(journal_file: Path) -> None:
    data = journal_file.read_bytes()
    for version in (0, 1):
        journal_file.write_bytes(patch_field(data, 8, 2, version))
        with pytest.raises(DamagedJournal):
            _unlock(journal_file)


@pytest.mark.parametrize("extra", [0, 40, 2000], ids=["same-size", "longer", "beyond-v2-limits"])
def test_a_journal_from_a_newer_app_is_refused_unchanged(journal_file: Path, extra: int) -> None:
    # A newer app's header: our magic, a higher version, its own layout (perhaps longer
    # than any this app writes), ending as every version does with its SHA-256 checksum.
    data = journal_file.read_bytes()
    unsigned = patch_field(data[: V2_HEADER_LENGTH - 32], 8, 2, 3) + bytes(extra)
    unsigned = patch_field(unsigned, 10, 2, V2_HEADER_LENGTH + extra)
    newer = rechecksum(unsigned + bytes(32)) + data[V2_HEADER_LENGTH:]
    journal_file.write_bytes(newer)
    with pytest.raises(NewerJournalVersion, match="newer version of Placement Journal") as caught:
        _unlock(journal_file)
    assert "file format 3" in str(caught.value)
    assert caught.value.exit_code == 7
    assert journal_file.read_bytes() == newer


def test_a_newer_version_whose_header_does_not_check_out_is_damage(journal_file: Path) -> None:
    data = patch_field(journal_file.read_bytes(), 8, 2, 3)
    data = data[:100] + bytes([data[100] ^ 1]) + data[101:]
    journal_file.write_bytes(data)
    with pytest.raises(DamagedJournal):
        _unlock(journal_file)


def test_tampering_that_recomputes_the_checksum_still_fails_the_body_check(journal_file: Path) -> None:
    # The header is the body's associated data, so a "valid-looking" edit is still damage.
    data = journal_file.read_bytes()
    header = bytearray(data[:V2_HEADER_LENGTH])
    header[28] ^= 0x01  # generation
    journal_file.write_bytes(rechecksum(bytes(header)) + data[V2_HEADER_LENGTH:])
    with pytest.raises(DamagedJournal) as caught:
        _unlock(journal_file)
    assert not isinstance(caught.value, WrongPassphrase)


@pytest.mark.parametrize("where", ["first", "middle", "tag"])
def test_a_flipped_bit_in_the_body_is_damage(journal_file: Path, where: str) -> None:
    data = bytearray(journal_file.read_bytes())
    position = {"first": V2_HEADER_LENGTH, "middle": (V2_HEADER_LENGTH + len(data)) // 2,
                "tag": len(data) - 1}[where]
    data[position] ^= 0x04
    journal_file.write_bytes(data)
    with pytest.raises(DamagedJournal, match="damaged") as caught:
        _unlock(journal_file)
    assert caught.value.exit_code == 5
    assert journal_file.read_bytes() == bytes(data)


def test_truncation_anywhere_is_damage(journal_file: Path) -> None:
    data = journal_file.read_bytes()
    cuts = list(range(0, V2_HEADER_LENGTH + 2)) + list(range(V2_HEADER_LENGTH, len(data), 997))
    cuts += [len(data) - 16, len(data) - 1]
    for cut in cuts:
        journal_file.write_bytes(data[:cut])
        with pytest.raises(DamagedJournal):
            _unlock(journal_file)
    journal_file.write_bytes(data + b"\0")
    with pytest.raises(DamagedJournal):
        _unlock(journal_file)


@pytest.mark.parametrize(
    "content",
    [b"%PDF-1.7\n" + b"x" * 500, b"SQLite format 3\x00" + bytes(4080), b"PK\x03\x04" + bytes(100),
     "Customer notes, café".encode() * 20],
    ids=["pdf", "sqlite", "zip", "text"],
)
def test_a_foreign_file_is_not_a_journal(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.pjournal"
    path.write_bytes(content)
    with pytest.raises(NotAJournal) as caught:
        _unlock(path)
    assert caught.value.exit_code == 6
    assert path.read_bytes() == content


def test_key_settings_below_the_minimum_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "weak.pjournal"
    vault, _ = make_vault(path)
    weak = replace(vault.header, kdf=KdfParams(memory_kib=8 * 1024, iterations=1, lanes=1), body_length=20)
    write_raw(path, weak, vault._data_key, b"body")
    vault.close()
    with pytest.raises(WeakKeySettings, match="weaker than this app allows"):
        _unlock(path)
    with pytest.raises(WeakKeySettings):
        VaultFile.create(tmp_path / "new.pjournal", PASSPHRASE, b"x", kdf=weak.kdf)
    assert not (tmp_path / "new.pjournal").exists()


@pytest.mark.parametrize(
    ("offset", "size", "value"),
    [(37, 4, 0xFFFFFFFF), (41, 4, 10_000), (45, 4, 0xFFFF), (216, 8, 2**63), (216, 8, MAX_BODY_BYTES + 17),
     (49, 1, 255), (10, 2, 0xFFFF)],
    ids=["kdf-memory", "kdf-passes", "kdf-lanes", "body-2^63", "body-over-2GiB", "slots-255", "header-len"],
)
def test_absurd_sizes_are_refused_without_a_big_allocation(
    journal_file: Path, offset: int, size: int, value: int
) -> None:
    data = journal_file.read_bytes()
    header = patch_field(data[:V2_HEADER_LENGTH], offset, size, value)
    journal_file.write_bytes(rechecksum(header) + data[V2_HEADER_LENGTH:])
    tracemalloc.start()
    try:
        with pytest.raises(DamagedJournal):
            _unlock(journal_file)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024


@pytest.mark.parametrize(
    ("memory_kib", "iterations"),
    [(1024 * 1024, 64), (1024 * 1024, 3), (512 * 1024, 5), (96 * 1024, 17), (2 * 1024 * 1024, 2)],
    ids=["1GiB-x64", "1GiB-x3", "512MiB-x5", "passes-17", "2GiB"],
)
def test_key_settings_that_would_make_unlocking_take_ages_are_damage(
    tmp_path: Path, memory_kib: int, iterations: int
) -> None:
    path = tmp_path / "slow.pjournal"
    vault, _ = make_vault(path)
    slow = replace(vault.header, kdf=KdfParams(memory_kib, iterations, 1), body_length=20)
    write_raw(path, slow, vault._data_key, b"body")
    vault.close()
    started = time.monotonic()
    with pytest.raises(DamagedJournal, match="far more work to unlock") as caught:
        _unlock(path)
    assert caught.value.exit_code == 5
    assert time.monotonic() - started < 2  # refused before any key derivation runs
    with pytest.raises(DamagedJournal):
        read_header(path)


def test_the_kdf_caps_leave_room_above_todays_settings() -> None:
    default = keys.DEFAULT_KDF
    assert 8 * default.memory_kib <= MAX_MEMORY_KIB
    assert 8 * default.iterations <= MAX_ITERATIONS
    assert 8 * default.memory_kib * default.iterations <= MAX_KDF_WORK_KIB
    KdfParams(MAX_MEMORY_KIB, MAX_KDF_WORK_KIB // MAX_MEMORY_KIB, 1).check_minimum()
    KdfParams(MAX_KDF_WORK_KIB // MAX_ITERATIONS, MAX_ITERATIONS, 1).check_minimum()


def test_a_huge_file_is_refused_before_it_is_read(journal_file: Path) -> None:
    with open(journal_file, "r+b") as handle:  # sparse: takes no disk space
        handle.truncate(MAX_BODY_BYTES + 10 * MAX_HEADER_BYTES)
    tracemalloc.start()
    try:
        with pytest.raises(DamagedJournal):
            _unlock(journal_file)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * 1024 * 1024


def test_header_round_trips_through_encode_and_decode(journal_file: Path) -> None:
    header = read_header(journal_file)
    raw = encode_header(header)
    assert raw == header.raw
    again = decode_header(raw, journal_file, len(raw) + header.body_length)
    assert again == header


def test_a_version_1_journal_opens_and_is_upgraded_on_save(tmp_path: Path) -> None:
    path = tmp_path / "old.pjournal"
    recovery = write_v1_journal(path, b"old body")
    assert read_header(path).version == 1
    vault, body = VaultFile.unlock(path, PASSPHRASE)
    assert body == b"old body" and vault.header.version == 1 and vault.header.generation == 0
    vault.save(b"new body")
    vault.close()
    header = read_header(path)
    assert (header.version, header.generation) == (2, 1)
    assert _unlock(path) == b"new body"
    vault, body = VaultFile.unlock_with_recovery(path, recovery)
    vault.close()
    assert body == b"new body"


def test_an_empty_file_is_damage_not_foreign(tmp_path: Path) -> None:
    path = tmp_path / "empty.pjournal"
    path.write_bytes(b"")
    with pytest.raises(DamagedJournal):
        _unlock(path)
