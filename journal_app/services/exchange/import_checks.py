"""Checks an import runs before writing anything: lists, nested blocks, attached files, extras.

Every refusal names the JSON path of the problem, e.g. ``evidence[2].file.sha256``.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from ...errors import ImportRefused, InvalidRecord, quoted
from ...journal import validate as v
from ...journal.records import Block, EvidenceFile
from ...vault.attachments import MAX_ATTACHMENT_BYTES
from .interchange_format import member

if TYPE_CHECKING:
    from ...journal.journal import Journal

FILE_KEYS = {"name", "media_type", "sha256", "data_base64", "path", "size"}
META_KEYS = {"created_at", "updated_at", "edits", "pseudonym", "anonymised_at", "imported_at"}
KEEP = "keep"  # the journal already holds this very file


def check_list(doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = doc.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise ImportRefused(key, "must be a list [...]")
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise ImportRefused(f"{key}[{i}]", "must be an object {...}")
    return value


def check_blocks(item: dict[str, Any], path: str, blocks: dict[str, type[Block]]) -> list[str]:
    """Warnings for keys inside nested blocks (star, witness…) that can't be kept."""
    warnings = []
    for name, cls in blocks.items():
        value = item.get(name)
        if isinstance(value, dict):
            known = {f.name for f in dataclasses.fields(cls)}
            warnings += [f"{member(f'{path}.{name}', k)}: unknown key ignored"
                         for k in sorted(set(value) - known)]
    return warnings


def check_block_list(value: Any, path: str, cls: type[Block]) -> list[str]:
    """Warnings for unknown keys inside each block of a list (a plan's actions)."""
    known = {f.name for f in dataclasses.fields(cls)}
    warnings = []
    for i, entry in enumerate(value if isinstance(value, list) else []):
        if isinstance(entry, dict):
            where = f"{path}[{i}]"
            warnings += [f"{member(where, k)}: unknown key ignored" for k in sorted(set(entry) - known)]
    return warnings


def read_evidence_file(
    journal: Journal, evidence_id: str, value: Any, path: str, base_dir: Path | None, warnings: list[str],
) -> tuple[bytes, EvidenceFile] | str | None:
    """The bytes and description of an evidence item's file, checked against its SHA-256."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ImportRefused(path, "must be an object {...} or null")
    described = EvidenceFile.from_dict(value, path)
    warnings += [f"{member(path, k)}: unknown key ignored" for k in sorted(set(value) - FILE_KEYS)]
    existing = journal.evidence.find(evidence_id)
    held = existing.file if existing is not None else None
    data = _file_bytes(value, path, base_dir)
    if data is None:
        if held is not None:
            if described.sha256 and described.sha256 != held.sha256:
                warnings.append(f"{path}: no file contents given, so the file already attached was kept")
            return KEEP
        warnings.append(f"{path}: no file contents given (data_base64 or path), so no file was attached")
        return None
    digest = hashlib.sha256(data).hexdigest()
    if described.sha256 and described.sha256 != digest:
        raise ImportRefused(
            f"{path}.sha256", "doesn't match the file's contents (it may be damaged or changed)"
        )
    if held is not None and held.sha256 == digest and held.blob:
        return KEEP
    if journal.vault is None:
        raise ImportRefused(path, "attached files can only be imported into a journal saved as a file")
    return data, dataclasses.replace(described, sha256=digest, size=len(data))


def _file_bytes(value: dict[str, Any], path: str, base_dir: Path | None) -> bytes | None:
    inline = value.get("data_base64")
    if inline is not None:
        if not isinstance(inline, str):
            raise ImportRefused(f"{path}.data_base64", "must be text (base64)")
        if len(inline) > (MAX_ATTACHMENT_BYTES // 3 + 1) * 4 + 4:
            raise ImportRefused(f"{path}.data_base64", _too_big())
        try:
            data = base64.b64decode(inline, validate=True)
        except (binascii.Error, ValueError):
            raise ImportRefused(f"{path}.data_base64", "is not valid base64") from None
        if len(data) > MAX_ATTACHMENT_BYTES:
            raise ImportRefused(f"{path}.data_base64", _too_big())
        return data
    relative = value.get("path")
    if relative is None:
        return None
    return read_beside(relative, f"{path}.path", base_dir)


_OPEN_FLAGS = (os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
               | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))


def read_beside(relative: object, where: str, base_dir: Path | None) -> bytes:
    """The bytes of the regular file ``relative`` names inside ``base_dir`` (the JSON file's
    folder). Nothing else is read: no absolute path, no '..', no link that leads out of the
    folder, no device, pipe or socket, and nothing bigger than one attachment may be; the size
    is checked before reading, and again on the opened file."""
    if not isinstance(relative, str) or not relative.strip():
        raise ImportRefused(where, "must be a file name relative to the JSON file")
    problem = v.not_text(relative)
    if problem:
        raise ImportRefused(where, problem)
    if len(relative) > v.MAX_SHORT:
        raise ImportRefused(where, f"is too long ({len(relative):,} characters; the most is {v.MAX_SHORT:,})")
    if base_dir is None:
        raise ImportRefused(where, "a file path can only be used when importing from a JSON file")
    parts = PurePosixPath(relative.replace("\\", "/"))
    if parts.is_absolute() or ".." in parts.parts or ":" in relative:
        raise ImportRefused(where, "must be inside the JSON file's folder (no absolute paths or '..')")
    shown = quoted(relative)
    try:
        folder = Path(base_dir).resolve(strict=True)
        target = Path(folder, *parts.parts).resolve(strict=True)
    except FileNotFoundError:
        raise ImportRefused(where, f"there is no file {shown} beside the JSON file") from None
    except (OSError, RuntimeError) as error:  # RuntimeError: a loop of links
        raise ImportRefused(where, f"can't read {shown} ({_reason(error)})") from None
    if not target.is_relative_to(folder):
        raise ImportRefused(where, f"{shown} leads outside the JSON file's folder (through a link)")
    try:
        regular = stat.S_ISREG(target.stat().st_mode)  # a pipe or device is never opened
        descriptor = os.open(target, _OPEN_FLAGS) if regular else -1
    except OSError as error:
        raise ImportRefused(where, f"can't read {shown} ({_reason(error)})") from None
    if not regular:
        raise ImportRefused(where, _not_regular(shown))
    with os.fdopen(descriptor, "rb") as file:
        details = os.fstat(file.fileno())  # the file actually opened, not the name looked at
        if not stat.S_ISREG(details.st_mode):
            raise ImportRefused(where, _not_regular(shown))
        if details.st_size > MAX_ATTACHMENT_BYTES:
            raise ImportRefused(where, _too_big())
        try:
            data = file.read(MAX_ATTACHMENT_BYTES + 1)
        except OSError as error:
            raise ImportRefused(where, f"can't read {shown} ({_reason(error)})") from None
    if len(data) > MAX_ATTACHMENT_BYTES:  # it grew while being read
        raise ImportRefused(where, _too_big())
    return data


def _not_regular(shown: str) -> str:
    return f"{shown} is not an ordinary file (a folder, device, pipe or socket can't be attached)"


def _reason(error: BaseException) -> str:
    return (error.strerror if isinstance(error, OSError) else None) or "a loop of links"


def _too_big() -> str:
    limit = MAX_ATTACHMENT_BYTES // 1024 // 1024
    return f"the file is bigger than {limit} MB, the most one attachment can be"


@dataclass
class JournalExtras:
    """This app's own additions under the document's ``journal`` key."""

    records: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    history: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    settings: dict[str, Any] = field(default_factory=dict)
    retention: dict[str, dict[str, Any]] = field(default_factory=dict)
    builtin_frameworks: list[str] = field(default_factory=list)


def _mapping(value: Any, path: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ImportRefused(path, "must be an object {...}")
    return value


def read_extras(value: Any, path: str) -> JournalExtras:
    extras = JournalExtras()
    data = _mapping(value, path)
    for key, by_id in _mapping(data.get("records"), f"{path}.records").items():
        for record_id, meta in _mapping(by_id, member(f"{path}.records", key)).items():
            where = member(member(f"{path}.records", key), record_id)
            meta = {k: x for k, x in _mapping(meta, where).items() if k in META_KEYS}
            for name in ("created_at", "updated_at", "anonymised_at", "imported_at"):
                if meta.get(name):
                    v.timestamp(meta[name], f"{where}.{name}")
            if "edits" in meta:
                meta["edits"] = v.integer(meta["edits"], f"{where}.edits", 0, 1_000_000)
            if "pseudonym" in meta:
                meta["pseudonym"] = v.text(meta["pseudonym"], f"{where}.pseudonym", limit=100)
            extras.records.setdefault(key, {})[record_id] = meta
    for key, by_id in _mapping(data.get("history"), f"{path}.history").items():
        for record_id, versions in _mapping(by_id, member(f"{path}.history", key)).items():
            where = member(member(f"{path}.history", key), record_id)
            if not isinstance(versions, list):
                raise ImportRefused(where, "must be a list [...]")
            for i, version in enumerate(versions):
                if not (isinstance(version, dict) and isinstance(version.get("edit"), int)
                        and isinstance(version.get("saved_at"), str)
                        and isinstance(version.get("data"), dict)):
                    raise ImportRefused(f"{where}[{i}]", "must be an object with edit, saved_at and data")
            extras.history.setdefault(key, {})[record_id] = versions
    extras.settings = _mapping(data.get("settings"), f"{path}.settings")
    for category, rule in _mapping(data.get("retention"), f"{path}.retention").items():
        where = member(f"{path}.retention", category)
        counts_from = _mapping(rule, where).get("counts_from")
        text = v.text(counts_from, where, limit=200)
        extras.retention[category] = {"counts_from": text}
    builtin = data.get("builtin_frameworks") or []
    if not isinstance(builtin, list) or not all(isinstance(x, str) for x in builtin):
        raise InvalidRecord(f"{path}.builtin_frameworks", "must be a list of framework ids")
    extras.builtin_frameworks = builtin
    return extras
