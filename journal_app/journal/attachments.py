"""Files attached to evidence items: sealed beside the journal, described in ``Evidence.file``.

The bytes never sit in the database (it lives in memory while unlocked and a 50 MB
photo would make every save slow); the evidence row holds the name, media type, size,
SHA-256 and the random name of the sealed file in ``<journal>.attachments/``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from ..errors import AttachmentError
from ..vault import attachments as sealed
from ..vault.durable import write_atomic
from .records import Evidence, EvidenceFile

if TYPE_CHECKING:
    from .journal import Journal

MAX_ATTACHMENT_BYTES = sealed.MAX_ATTACHMENT_BYTES


def attachments_folder(journal: Journal) -> Path:
    if journal.vault is None:
        raise AttachmentError("Save the journal to a file before attaching files to it.")
    return sealed.folder_for(journal.vault.path)


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
    """Seal bytes into a new file beside the journal; returns its random name."""
    return sealed.write_blob(attachments_folder(journal), _key(journal), data)


def discard_blob(journal: Journal, blob: str) -> None:
    if blob and journal.vault is not None:
        sealed.delete_blob(attachments_folder(journal), blob)


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
        discard_blob(journal, blob)
        raise
    if evidence.file is not None and evidence.file.blob != blob:
        discard_blob(journal, evidence.file.blob)
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
    stored = journal.evidence.update(
        dataclasses.replace(evidence, file=None), keep=("pseudonym", "anonymised_at")
    )
    discard_blob(journal, evidence.file.blob)
    return stored


def remove_evidence(journal: Journal, evidence_id: str) -> None:
    """Delete an evidence item and its sealed file."""
    evidence = journal.evidence.get(evidence_id)
    journal.evidence.delete(evidence_id)
    if evidence.file is not None:
        discard_blob(journal, evidence.file.blob)


def referenced_blobs(journal: Journal) -> dict[str, str]:
    """Sealed file name → evidence id, for every evidence item with a file."""
    out = {}
    for evidence_id, file in journal.db.execute("SELECT id, file FROM evidence WHERE file IS NOT NULL"):
        blob = json.loads(file).get("blob", "")
        if blob:
            out[blob] = evidence_id
    return out


def check_attachments(journal: Journal) -> dict[str, Any]:
    """What ``verify`` reports: files the journal expects but can't find, and strays."""
    referenced = referenced_blobs(journal)
    present = set(sealed.list_blobs(attachments_folder(journal))) if journal.vault is not None else set()
    missing = sorted(eid for blob, eid in referenced.items() if blob not in present)
    orphaned = sorted(present - set(referenced))
    return {
        "count": len(referenced), "missing": len(missing), "orphaned": len(orphaned),
        "missing_ids": missing, "orphaned_files": orphaned,
    }
