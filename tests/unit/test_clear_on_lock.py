"""Locking drops what was decrypted: after close, no Python object the process still holds
carries the journal's data key, the recovery secret it was opened with, or text from the
decrypted database (docs/privacy.md says what Python itself can't promise)."""

from __future__ import annotations

import gc
from pathlib import Path

from journal_app.journal.attachments import add_evidence_file, read_attachment
from journal_app.journal.journal import Journal
from journal_app.journal.records import Customer, Interaction
from tests.conftest import PASSPHRASE

MARKER = "Quillonby-Marchetti"  # a surname only this test writes
FILE_MARKER = b"attached-file-marker-6b1f"


def _buffers() -> list[bytes | bytearray]:
    """Every bytes and bytearray object reachable from an object the garbage collector tracks
    (bytes and bytearrays aren't tracked themselves: they hold no references)."""
    gc.collect()
    found: dict[int, bytes | bytearray] = {}
    for holder in gc.get_objects():
        for ref in gc.get_referents(holder):
            if isinstance(ref, (bytes, bytearray)) and len(ref) >= 16:
                found[id(ref)] = ref
    return list(found.values())


def _holding(needles: list[bytes]) -> list[str]:
    """Which needles (by position) some buffer the process holds contains. Each needle is
    built here from a hex string, so the test's own copy is the one excluded by identity."""
    held = _buffers()
    return [f"needle {n}" for n, needle in enumerate(needles)
            if any(buf is not needle and needle in buf for buf in held)]


def _journal(path: Path, clock) -> str:
    journal, recovery = Journal.create(path, PASSPHRASE, clock=clock)
    c = journal.customers.add(Customer(name=f"Ada {MARKER}", contact="07700 900123"))
    journal.interactions.add(Interaction(customer=c.id, at=clock.now.isoformat(),
                                         summary=f"{MARKER} asked about the refund", kind="enquiry"))
    add_evidence_file(journal, "note.txt", FILE_MARKER * 50, "text/plain")
    journal.save()
    journal.close()
    return recovery


def test_the_scan_finds_what_is_held(tmp_path: Path, clock) -> None:
    """The scan can fail: while unlocked it finds the data key, and a buffer holding the marker."""
    _journal(tmp_path / "j.pjournal", clock)
    journal = Journal.open(tmp_path / "j.pjournal", PASSPHRASE, clock=clock)
    try:
        key_hex = bytes(journal.vault._data_key).hex()
        decoy = [bytearray(MARKER.encode() * 2)]
        assert _holding([bytes.fromhex(key_hex), MARKER.encode()]) == ["needle 0", "needle 1"]
        del decoy
    finally:
        journal.close()


def test_after_lock_no_key_and_no_decrypted_text_is_held(tmp_path: Path, clock) -> None:
    path = tmp_path / "j.pjournal"
    recovery = _journal(path, clock)
    journal = Journal.open(path, PASSPHRASE, clock=clock)
    key_hex = bytes(journal.vault._data_key).hex()
    evidence = journal.evidence.all()[0]
    assert FILE_MARKER in read_attachment(journal, evidence.id)
    journal.set_meta("touched", "1")
    journal.save()  # a snapshot sealed and written, backups made
    assert journal.search(MARKER)
    kept = journal  # a window may still hold the journal object after locking
    journal.close()
    assert kept.vault is not None and not kept.vault._data_key
    assert _holding([bytes.fromhex(key_hex), MARKER.encode(), FILE_MARKER]) == []

    from journal_app.services.actions.journal_file import open_with_recovery_key
    from journal_app.vault.keys import parse_recovery_key

    secret_hex = parse_recovery_key(recovery).hex()
    opened = open_with_recovery_key(path, recovery, clock=clock)
    assert opened.vault is not None and bytes(opened.vault._opened_recovery or b"").hex() == secret_hex
    opened.close()
    del recovery
    assert _holding([bytes.fromhex(secret_hex), bytes.fromhex(key_hex), MARKER.encode()]) == []
