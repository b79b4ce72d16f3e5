"""Attachments sealed one file each, in a folder beside the journal.

Bytes and keys only. Each attachment is stored under a random name (nothing about the
file or its owner shows on disk) as: magic, a random nonce, then AES-256-GCM of the
bytes. The magic and the stored name are bound in as associated data, so a sealed file
renamed or swapped for another one fails to open rather than showing the wrong content.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from ..errors import AttachmentError, SaveFailed
from .durable import explain, make_private_dirs, write_atomic

MAGIC = b"PJATT1\n"
NONCE_SIZE = 12
TAG_SIZE = 16
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
KEY_PURPOSE = b"attachments"
FOLDER_SUFFIX = ".attachments"
_NAME = re.compile(r"[0-9a-f]{32}")


def folder_for(journal_path: Path) -> Path:
    """``journal.pjournal`` keeps its attachments in ``journal.pjournal.attachments/``."""
    journal_path = Path(journal_path)
    return journal_path.with_name(journal_path.name + FOLDER_SUFFIX)


def is_blob_name(name: str) -> bool:
    return bool(_NAME.fullmatch(name))


def check_size(size: int) -> None:
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentError(
            f"That file is {size / 1024 / 1024:.1f} MB; the most one attachment can be is "
            f"{MAX_ATTACHMENT_BYTES // 1024 // 1024} MB. Try a smaller copy (a photo at lower "
            "resolution, or a PDF with fewer pages)."
        )


def seal(key: bytes, name: str, data: bytes) -> bytes:
    nonce = os.urandom(NONCE_SIZE)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, MAGIC + name.encode("ascii"))


def unseal(key: bytes, name: str, sealed: bytes) -> bytes:
    head = len(MAGIC) + NONCE_SIZE
    if len(sealed) < head + TAG_SIZE or not sealed.startswith(MAGIC):
        raise AttachmentError("The attached file is damaged and can't be opened.")
    nonce = sealed[len(MAGIC) : head]
    try:
        return AESGCM(key).decrypt(nonce, memoryview(sealed)[head:], MAGIC + name.encode("ascii"))
    except InvalidTag:
        raise AttachmentError(
            "The attached file is damaged or belongs to another journal, so it can't be opened."
        ) from None


def write_blob(folder: Path, key: bytes, data: bytes) -> str:
    """Seal ``data`` into a new randomly named file in ``folder``; returns the name."""
    check_size(len(data))
    try:
        make_private_dirs(folder)
    except OSError as error:
        raise SaveFailed(explain(error)) from error
    while True:
        name = secrets.token_hex(16)
        if not (folder / name).exists():
            break
    write_atomic(folder / name, [seal(key, name, data)])
    return name


def read_blob(folder: Path, key: bytes, name: str) -> bytes:
    if not is_blob_name(name):
        raise AttachmentError("This evidence item's file reference is not valid.")
    try:
        sealed = (folder / name).read_bytes()
    except FileNotFoundError:
        raise AttachmentError(
            "The attached file is missing from the journal's attachments folder. "
            "If you have a backup of that folder, put it back beside the journal."
        ) from None
    except OSError as error:
        raise AttachmentError(f"Can't read the attached file: {error.strerror}.") from None
    return unseal(key, name, sealed)


def delete_blob(folder: Path, name: str) -> None:
    """Remove a sealed file; one that is already gone is not an error."""
    if not is_blob_name(name):
        return
    try:
        (folder / name).unlink(missing_ok=True)
    except OSError as error:
        raise AttachmentError(f"Can't delete the attached file: {explain(error)}.") from None


def list_blobs(folder: Path) -> list[str]:
    """Names of the sealed files present (temp files and anything else are left out)."""
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        return sorted(name for name in os.listdir(folder) if is_blob_name(name))
    return []
