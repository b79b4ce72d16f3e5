"""Files attached to evidence items: sealed beside the journal, described in ``Evidence.file``.

The bytes never sit in the database (it lives in memory while unlocked and a 50 MB
photo would make every save slow); the evidence row holds the name, media type, size,
SHA-256 and the random name of the sealed file in ``<journal>.attachments/``.

Files change with the journal, never ahead of it: a new file is written before the
journal refers to it, and a file the journal stops referring to (replaced, removed,
erased) stays on disk until a save has landed. Only then does ``collect_unreferenced``
remove the files that no saved copy refers to, the journal file and every backup alike,
so a crash or a full disk at any moment leaves each saved copy with all of its files.
The same step removes strays an interrupted write left behind.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import sqlite3
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import AttachmentError, DamagedJournal, JournalError, JournalNotFound, NotAJournal
from ..vault import attachments as sealed
from ..vault.backups import journal_of, list_backups
from ..vault.durable import write_atomic
from ..vault.store import wipe
from .records import Evidence, EvidenceFile

if TYPE_CHECKING:
    import threading
    from contextlib import AbstractContextManager

    from ..vault.store import VaultFile
    from .repo import Repository


class Journal(Protocol):
    """What attachments need of the open journal (the journal module calls back into this
    one after each save, so naming its class here would make the two modules one)."""

    db: sqlite3.Connection
    vault: VaultFile | None
    evidence: Repository[Evidence]
    blob_lock: threading.RLock
    fresh_blobs: set[str]
    readers: set[Any]  # reading copies still reading attached files (each has ``db``)
    saved_refs_cache: dict[bytes, frozenset[str]]

    def transaction(self) -> AbstractContextManager[None]: ...

    def lock_database(self) -> threading.RLock: ...

MAX_ATTACHMENT_BYTES = sealed.MAX_ATTACHMENT_BYTES


def attachments_folder(journal: Journal) -> Path:
    if journal.vault is None:
        raise AttachmentError("Save the journal to a file before attaching files to it.")
    # A backup opened to read uses its journal's folder (the files are shared).
    return sealed.folder_for(journal_of(journal.vault.path))


def _key(journal: Journal) -> bytes:
    if journal.vault is None:
        raise AttachmentError("Save the journal to a file before attaching files to it.")
    return journal.vault.sealing_key(sealed.KEY_PURPOSE)


def describe(name: str, data: bytes, media_type: str, blob: str = "") -> EvidenceFile:
    """The record-side description of a file (its bytes are stored separately)."""
    clean = PurePath(name.replace("\\", "/")).name.strip() or "attachment"
    return EvidenceFile(
        name=clean[:500], media_type=(media_type or "application/octet-stream")[:500],
        sha256=hashlib.sha256(data).hexdigest(), size=len(data), blob=blob,
    )


def store_blob(journal: Journal, data: bytes) -> str:
    """Seal bytes into a new file beside the journal; returns its random name.

    Until ``placed`` is called the file is "fresh": no collection removes it, even though
    nothing refers to it yet (the journal's reference to it is still being made)."""
    folder = attachments_folder(journal)
    assert journal.vault is not None
    # Under the save lock: a change of key (which holds it throughout) is either finished,
    # and the file is sealed with the new key, or not begun. (The app asks for a change of
    # key in a modal dialog, so no file is being attached meanwhile.)
    with journal.vault.save_lock:
        key = _key(journal)
        with journal.blob_lock:
            blob = sealed.write_blob(folder, key, data)
            journal.fresh_blobs.add(blob)
    return blob


def placed(journal: Journal, blobs: list[str] | set[str]) -> None:
    """The journal refers to these new files now (or dropped them): collection may judge them."""
    with journal.blob_lock:
        journal.fresh_blobs.difference_update(blobs)


def discard_new_blob(journal: Journal, blob: str) -> None:
    """Remove a file ``store_blob`` has just written that the journal never came to refer to.

    Only for such files: one a saved copy may refer to is left for ``collect_unreferenced``."""
    if blob and journal.vault is not None and blob in journal.fresh_blobs:
        sealed.delete_blob(attachments_folder(journal), blob)
    placed(journal, [blob])


def add_attachment(journal: Journal, evidence_id: str, name: str, data: bytes, media_type: str) -> Evidence:
    """Attach (or replace) the file of an evidence item; returns the updated item."""
    sealed.check_size(len(data))
    evidence = journal.evidence.get(evidence_id)
    blob = store_blob(journal, data)
    try:
        stored = journal.evidence.update(
            dataclasses.replace(evidence, file=describe(name, data, media_type, blob)),
            keep=("pseudonym", "anonymised_at"),
        )
    except BaseException:
        discard_new_blob(journal, blob)
        raise
    placed(journal, [blob])
    # The file it replaces stays until no saved copy of the journal refers to it.
    return stored


def evidence_kind_for(media_type: str) -> str:
    """The evidence kind a file most likely is: a photo, an e-mail, or a document."""
    if media_type.startswith("image/"):
        return "photo"
    if media_type in ("message/rfc822", "application/vnd.ms-outlook"):
        return "email"
    return "document"


def add_evidence_file(
    journal: Journal, name: str, data: bytes, media_type: str, *,
    interactions: list[str] | None = None, at: str | None = None,
) -> Evidence:
    """A new evidence item holding one sealed file, linked to the given interactions.

    All or nothing: if the file is refused (too big) no empty item is left behind.
    """
    sealed.check_size(len(data))
    with journal.transaction():
        item = journal.evidence.add(Evidence(
            kind=evidence_kind_for(media_type), title=PurePath(name).name[:200], at=at,
            interactions=list(interactions or []),
        ))
        return add_attachment(journal, item.id, PurePath(name).name, data, media_type)


def read_attachment(journal: Journal, evidence_id: str) -> bytes:
    """The attached file's bytes, decrypted in memory and checked against its SHA-256."""
    evidence = journal.evidence.get(evidence_id)
    if evidence.file is None or not evidence.file.blob:
        raise AttachmentError("This evidence item has no attached file.")
    data = sealed.read_blob(attachments_folder(journal), _key(journal), evidence.file.blob)
    if evidence.file.sha256 and hashlib.sha256(data).hexdigest() != evidence.file.sha256:
        raise AttachmentError(
            "The attached file doesn't match the copy that was added, so it was not opened."
        )
    return data


def save_attachment_to(journal: Journal, evidence_id: str, path: Path) -> Path:
    """Write a decrypted copy where the learner chose (the only plaintext copy ever made)."""
    data = read_attachment(journal, evidence_id)
    path = Path(path)
    write_atomic(path, [data])
    return path


def delete_attachment(journal: Journal, evidence_id: str) -> Evidence:
    """Remove the file from an evidence item; the item itself stays."""
    evidence = journal.evidence.get(evidence_id)
    if evidence.file is None:
        return evidence
    # The sealed file itself goes once a save lands and no saved copy refers to it.
    return journal.evidence.update(
        dataclasses.replace(evidence, file=None), keep=("pseudonym", "anonymised_at")
    )


def remove_evidence(journal: Journal, evidence_id: str) -> None:
    """Delete an evidence item; its sealed file goes once no saved copy refers to it."""
    journal.evidence.delete(evidence_id)


def _blobs_of(db: sqlite3.Connection) -> dict[str, str]:
    out = {}
    for evidence_id, file in db.execute("SELECT id, file FROM evidence WHERE file IS NOT NULL"):
        blob = json.loads(file).get("blob", "")
        if blob:
            out[blob] = evidence_id
    return out


def referenced_blobs(journal: Journal) -> dict[str, str]:
    """Sealed file name → evidence id, for every evidence item with a file."""
    with journal.lock_database():
        return _blobs_of(journal.db)


def blobs_in_body(body: bytes | bytearray) -> dict[str, str]:
    """The files a saved database (a decrypted journal or backup body) refers to."""
    db = sqlite3.connect(":memory:")
    try:
        db.deserialize(body)
        try:
            return _blobs_of(db)
        except sqlite3.OperationalError as error:
            if "no such" in str(error):  # a copy from before attachments existed
                return {}
            raise DamagedJournal("A saved copy of the journal could not be read.") from None
        except sqlite3.DatabaseError:
            raise DamagedJournal("A saved copy of the journal could not be read.") from None
    finally:
        db.close()


class CopiesUnknown(Exception):
    """A saved copy exists that can't be read now (permissions, a disk error): what it
    refers to is unknown, so nothing may be collected."""


def saved_copies_refer_to(journal: Journal) -> set[str]:
    """Every file the journal as saved on disk, or any of its backups, refers to.

    A copy that is damaged or belongs to another journal opens nothing, so it keeps no
    file; one that can't be read at all raises ``CopiesUnknown``. Each copy is read once
    per session (copies are known by their header, which is new at every save)."""
    vault = journal.vault
    if vault is None:
        return set()
    cache = journal.saved_refs_cache
    out: set[str] = set()
    seen: set[bytes] = set()
    owner = journal_of(vault.path)  # a backup opened to read shares its journal's files
    places = [vault.path, *([owner] if owner != vault.path else []), *list_backups(owner)]
    for path in dict.fromkeys(places):
        try:
            raw, body = vault.read_copy(path)
        except JournalNotFound:
            continue  # gone (rotated away) since it was listed
        except (DamagedJournal, NotAJournal):
            if path == vault.path:
                raise CopiesUnknown() from None
            continue
        except JournalError as error:
            raise CopiesUnknown(str(error)) from None
        seen.add(raw)
        if raw not in cache:
            try:
                cache[raw] = frozenset(blobs_in_body(body))
            except DamagedJournal:
                if path == vault.path:
                    raise CopiesUnknown() from None
                cache[raw] = frozenset()
        wipe(body)  # a decrypted copy: not left in memory
        del body
        out |= cache[raw]
    for raw in set(cache) - seen:
        del cache[raw]
    return out


def _unreferenced_now(journal: Journal) -> set[str]:
    """Files present that neither the journal in memory refers to nor are still fresh."""
    present = set(sealed.list_blobs(attachments_folder(journal)))
    if not present:
        return set()
    with journal.lock_database(), journal.blob_lock:
        kept = set(_blobs_of(journal.db)) | journal.fresh_blobs
        for reader in journal.readers:  # an export still reading its snapshot's files
            kept.update(_blobs_of(reader.db))
        return present - kept


def collect_unreferenced(journal: Journal) -> list[str]:
    """After a save has landed: remove the sealed files no saved copy refers to.

    A file is kept while the journal in memory, the journal file on disk or any backup
    refers to it, or while it is fresh (being attached right now). Returns the names
    removed. Raises ``CopiesUnknown`` (nothing removed) when a copy can't be read."""
    if journal.vault is None:
        return []
    candidates = _unreferenced_now(journal)
    if not candidates:
        return []
    candidates -= saved_copies_refer_to(journal)
    folder = attachments_folder(journal)
    removed = []
    with journal.lock_database():
        # Anything attached while the copies were read is fresh or referenced by now.
        for blob in sorted(candidates & _unreferenced_now(journal)):
            sealed.delete_blob(folder, blob)
            removed.append(blob)
    return removed


def check_attachments(journal: Journal) -> dict[str, Any]:
    """What ``verify`` reports: files the journal expects but can't find, files kept
    because a backup still refers to them, and strays no saved copy refers to (those
    are removed at the next save)."""
    referenced = referenced_blobs(journal)
    present = set(sealed.list_blobs(attachments_folder(journal))) if journal.vault is not None else set()
    missing = sorted(eid for blob, eid in referenced.items() if blob not in present)
    others = present - set(referenced)
    try:
        kept = others & saved_copies_refer_to(journal) if others else set()
    except CopiesUnknown:
        kept = set(others)  # can't tell: none of them is called a stray
    orphaned = sorted(others - kept)
    return {
        "count": len(referenced), "missing": len(missing), "orphaned": len(orphaned),
        "kept_for_backups": len(kept), "missing_ids": missing, "orphaned_files": orphaned,
    }


class NewKey(Protocol):
    """A data key about to replace the journal's (``vault.store.Rekey``)."""

    def sealing_key(self, purpose: bytes) -> bytes: ...


def reseal_files(journal: Journal, new_key: NewKey) -> tuple[dict[str, str], list[str]]:
    """Seal every attached file the journal refers to again, under ``new_key`` and a new
    random name, beside the old ones (which stay until the journal under the new key has
    landed and no saved copy refers to them). Returns (old name → new name, evidence ids
    whose file is missing or damaged and so stays as it is). The new files are fresh
    until ``placed``; on any error they are removed again and nothing else changed."""
    folder, old_key = attachments_folder(journal), _key(journal)
    key = new_key.sealing_key(sealed.KEY_PURPOSE)
    renames: dict[str, str] = {}
    unreadable: list[str] = []
    try:
        for blob, evidence_id in sorted(referenced_blobs(journal).items()):
            try:
                data = sealed.read_blob(folder, old_key, blob)
            except AttachmentError:
                unreadable.append(evidence_id)
                continue
            with journal.blob_lock:
                renames[blob] = sealed.write_blob(folder, key, data)
                journal.fresh_blobs.add(renames[blob])
            del data
    except BaseException:
        for blob in renames.values():
            discard_new_blob(journal, blob)
        raise
    return renames, sorted(unreadable)


def point_at_resealed(journal: Journal, renames: dict[str, str]) -> None:
    """Make the evidence items refer to their files' new names (inside a transaction)."""
    with journal.lock_database():
        for evidence_id, file in journal.db.execute(
            "SELECT id, file FROM evidence WHERE file IS NOT NULL"
        ).fetchall():
            data = json.loads(file)
            if data.get("blob") in renames:
                data["blob"] = renames[data["blob"]]
                journal.db.execute(
                    "UPDATE evidence SET file = ? WHERE id = ?", (json.dumps(data), evidence_id)
                )
        # Earlier versions kept in the edit history name the same files.
        for old, new in renames.items():
            journal.db.execute(
                "UPDATE history SET data = replace(data, ?, ?)"
                " WHERE record_type = 'evidence' AND instr(data, ?)",
                (old, new, old),
            )
