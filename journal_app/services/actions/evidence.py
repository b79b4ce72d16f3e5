"""Evidence: attaching a file (sealed beside the journal), removing it, deleting an item."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ...journal import attachments
from ...journal.records import Evidence
from .changes import Changes
from .running import Done, act

if TYPE_CHECKING:
    from ...journal.journal import Journal


def attach_evidence(
    journal: Journal, name: str, data: bytes, media_type: str, *, interactions: list[str] | None = None,
    at: str | None = None,
) -> Done[Evidence]:
    """A new evidence item holding one file, linked to the interactions it supports."""
    return act(journal, lambda: attachments.add_evidence_file(
        journal, name, data, media_type, interactions=interactions, at=at))


def attach_file(journal: Journal, evidence_id: str, name: str, data: bytes,
                media_type: str) -> Done[Evidence]:
    """Attach (or replace) the file of an existing evidence item."""
    return act(journal, lambda: attachments.add_attachment(journal, evidence_id, name, data, media_type))


def remove_file(journal: Journal, evidence_id: str) -> Done[Evidence]:
    """Take the file off an evidence item; the item stays."""
    return act(journal, lambda: attachments.delete_attachment(journal, evidence_id))


def delete_evidence(journal: Journal, evidence_id: str) -> Changes:
    """Delete an evidence item and its file."""
    return act(journal, lambda: attachments.remove_evidence(journal, evidence_id)).changes


def save_copy_of_file(journal: Journal, evidence_id: str, path: Path) -> Path:
    """A decrypted copy where the learner chose (writes nothing in the journal)."""
    return attachments.save_attachment_to(journal, evidence_id, path)
