"""Evidence bundles: the pack and every attached file in one zip, with a manifest of SHA-256
hashes, and the check an assessor runs on a bundle they were sent (``verify-pack``).

A bundle holds:

- the pack itself (``evidence-log-DATE.pdf``, ``.docx`` or ``.html``);
- ``attachments/REF-NAME``: each file attached to an evidence item in the pack, named by the
  item's reference (``e-3fa2b1c0``) and, pseudonymised, its kind (``e-3fa2b1c0-photo.jpg``),
  or with ``real_names`` its own file name (``e-3fa2b1c0-receipt.pdf``);
- ``manifest.json``: the pack ID, export time, app version, and every other file with its
  size and SHA-256.

The CSV pack's zip carries the same ``manifest.json``, so ``verify-pack`` checks it too.

Checking never extracts anything and needs neither a journal nor Qt. A file that is not a
zip, is cut short, holds names that climb out of a folder (``../``) or an absolute path, or
would unpack to far more than it could hold (a zip bomb) is refused with a plain reason.
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any

from ...errors import JournalError, quoted, quoted_path

if TYPE_CHECKING:
    from ...journal.journal import Journal
    from .gather import PackData

MANIFEST = "manifest.json"
KIND = "Placement Journal evidence bundle"
CSV_KIND = "Placement Journal CSV evidence pack"
VERSION = 1
# What a bundle can reasonably hold: refusing more keeps a hostile zip from filling the disk
# or the memory of whoever checks it (nothing is ever unpacked to disk anyway).
MAX_ENTRIES = 20_000
MAX_ENTRY_BYTES = 1 << 30  # attachments are at most 50 MB; a pack is far smaller than 1 GB
MAX_TOTAL_BYTES = 8 << 30
MAX_RATIO = 200  # real files compress far less; a bomb compresses by thousands
MAX_MANIFEST_BYTES = 16 << 20
CHUNK = 1 << 20

# Exit codes of ``journal-app verify-pack``.
EXIT_UNCHANGED = 0
EXIT_CHANGED = 24
EXIT_UNREADABLE = 25


class BundleUnreadable(JournalError):
    """The file given to verify-pack can't be checked: not a zip, cut short, hostile, no manifest."""

    exit_code = EXIT_UNREADABLE
    title = "Can't check this bundle"


# --- writing ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Member:
    """One file of a bundle: where it goes, how to get its bytes, and whether to compress it."""

    path: str
    data: Callable[[], bytes]
    compress: bool = True
    evidence: str = ""


def attachment_path(evidence_id: str, kind: str, file_name: str, real_names: bool) -> str:
    """``attachments/REF-NAME``: the evidence reference first, then the kind (pseudonymised)
    or the file's own name (real names), always a safe, portable file name."""
    suffix = PurePath(file_name).suffix.lower()
    if not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
        suffix = ""
    if real_names:
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", PurePath(file_name).stem).strip("-._")[:80]
        name = stem or _safe(kind) or "file"
    else:
        name = _safe(kind) or "file"
    return f"attachments/{_safe(evidence_id)}-{name}{suffix}"


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._")[:80]


def manifest(entries: list[dict[str, Any]], *, kind: str, pack_id: str, exported: datetime,
             pseudonymised: bool, pack: str = "", left_out: list[dict[str, str]] | None = None) -> bytes:
    """The manifest's bytes: what the bundle is, when it was made, and every file's hash."""
    from ... import __version__

    document: dict[str, Any] = {
        "manifest": kind, "version": VERSION, "pack_id": pack_id,
        "exported_at": exported.isoformat(timespec="seconds"), "app_version": __version__,
        "pseudonymised": pseudonymised,
    }
    if pack:
        document["pack"] = pack
    document["files"] = entries
    if left_out:
        document["left_out"] = left_out
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def entry(path: str, payload: bytes, evidence: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"path": path, "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}
    if evidence:
        out["evidence"] = evidence
    return out


class _Sink:
    """Where zipfile writes: collected in pieces and handed on, so the zip is never whole in memory."""

    def __init__(self) -> None:
        self.pieces: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.pieces.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> list[bytes]:
        pieces, self.pieces = self.pieces, []
        return pieces


def zip_chunks(members: Iterable[Member], finish: Callable[[list[dict[str, Any]]], tuple[str, bytes]],
               check: Callable[[], None] = lambda: None,
               skipped: Callable[[Member, JournalError], None] | None = None,
               when: datetime | None = None) -> Iterator[bytes]:
    """The zip's bytes piece by piece: each member read only when its turn comes (one file
    in memory at a time), then the last file ``finish`` makes from the entries so far. An
    attachment that can't be read (missing, damaged) is left out and passed to ``skipped``."""
    sink = _Sink()
    entries: list[dict[str, Any]] = []
    with zipfile.ZipFile(sink, "w") as archive:
        for member in members:
            check()
            try:
                payload = member.data()
            except JournalError as error:
                if not member.evidence or skipped is None:
                    raise
                skipped(member, error)
                continue
            entries.append(entry(member.path, payload, member.evidence))
            archive.writestr(_info(member.path, member.compress, when), payload)
            del payload
            yield from sink.take()
        check()
        name, last = finish(entries)
        archive.writestr(_info(name, True, when), last)
        yield from sink.take()
    yield from sink.take()


def _info(path: str, compress: bool, when: datetime | None) -> zipfile.ZipInfo:
    stamp = (when.timetuple()[:6] if when is not None and when.year >= 1980 else (1980, 1, 1, 0, 0, 0))
    info = zipfile.ZipInfo(path, date_time=stamp)
    info.compress_type = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    info.external_attr = 0o600 << 16
    return info


def _reader(journal: Journal, evidence_id: str) -> Callable[[], bytes]:
    from ...journal.attachments import read_attachment

    return lambda: read_attachment(journal, evidence_id)


def write(journal: Journal, data: PackData, out_path: Path, pack_name: str, pack: bytes, *,
          write_file: Callable[[Path, Iterable[bytes]], None],
          check: Callable[[], None] = lambda: None, warn: Callable[[str], None] | None = None) -> None:
    """Write the bundle: the pack, each attachment of the evidence in it (by reference), and
    the manifest; streamed into ``write_file`` (atomic), one attachment in memory at a time."""
    members = [Member(pack_name, lambda: pack, True)]
    used: set[str] = {pack_name, MANIFEST}
    for evidence in sorted(data.evidence, key=lambda e: e.id):
        file = evidence.file
        if file is None or not file.blob:
            continue
        path = attachment_path(evidence.id, evidence.kind, file.name, data.real_names)
        if path in used:
            stem, dot, suffix = path.rpartition(".")
            path = f"{stem}-{len(used)}.{suffix}" if dot and "/" not in suffix else f"{path}-{len(used)}"
        used.add(path)
        media = file.media_type or ""
        # Photos, PDFs and zips are compressed already: stored as they are, quick and no bigger.
        compress = not media.startswith(("image/", "video/", "audio/")) and media not in (
            "application/pdf", "application/zip")
        members.append(Member(path, _reader(journal, evidence.id), compress, evidence.id))
    left_out: list[dict[str, str]] = []

    def skipped(member: Member, error: JournalError) -> None:
        left_out.append({"evidence": member.evidence, "reason": str(error)})
        if warn:
            warn(f"warning: the file attached to evidence {member.evidence} is not in the bundle: {error}")

    def finish(entries: list[dict[str, Any]]) -> tuple[str, bytes]:
        return MANIFEST, manifest(entries, kind=KIND, pack_id=getattr(data, "pack_id", ""),
                                  exported=data.generated, pseudonymised=not data.real_names,
                                  pack=pack_name, left_out=left_out)

    write_file(out_path, zip_chunks(members, finish, check, skipped, data.generated))


# --- checking -----------------------------------------------------------------------------
@dataclass
class BundleReport:
    """What verify-pack found: the manifest's facts and every file that differs from it."""

    kind: str
    pack_id: str
    exported_at: str
    app_version: str
    files: int
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return not (self.changed or self.missing or self.added)

    def lines(self) -> list[str]:
        what = "evidence bundle" if self.kind == KIND else "CSV evidence pack"
        head = f"This {what} (pack ID {self.pack_id or 'not given'}) was exported {self.exported_at}"
        head += f" by Placement Journal {self.app_version}." if self.app_version else "."
        out = [head]
        if self.unchanged:
            out.append(f"Nothing has changed since it was exported: all {self.files} files match "
                       "their SHA-256 in the manifest.")
        else:
            out.append("It has changed since it was exported:")
            out += [f"  changed: {p}" for p in self.changed]
            out += [f"  missing: {p}" for p in self.missing]
            out += [f"  added:   {p}" for p in self.added]
            same = self.files - len(self.changed) - len(self.missing)
            out.append(f"{same} of {self.files} files listed in the manifest are as they were.")
        if self.left_out:
            out.append("Files the learner's journal could not include when it was exported: "
                       + ", ".join(self.left_out) + ".")
        return out

    def as_json(self) -> dict[str, Any]:
        return {"unchanged": self.unchanged, "pack_id": self.pack_id, "exported_at": self.exported_at,
                "app_version": self.app_version, "files": self.files, "changed": self.changed,
                "missing": self.missing, "added": self.added, "left_out": self.left_out}


def verify(path: Path) -> BundleReport:
    """Check every file in the bundle against its manifest. Raises BundleUnreadable."""
    path = Path(path)
    shown = quoted_path(path)
    if not path.is_file():
        raise BundleUnreadable(f"There is no file called {shown}." if not path.exists()
                               else f"{shown} is not a file.")
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        raise BundleUnreadable(f"{shown} is not a zip file, or it is damaged or cut short, "
                               "so it can't be checked.") from None
    except OSError as error:
        raise BundleUnreadable(f"Can't read {shown}: {error.strerror or 'the system refused'}.") from None
    with archive:
        infos = _checked_entries(archive, shown)
        document = _manifest(archive, infos, shown)
        return _compare(archive, infos, document)


def _checked_entries(archive: zipfile.ZipFile, shown: str) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise BundleUnreadable(f"{shown} holds {len(infos):,} files, far more than an evidence bundle "
                               "could, so it was not opened.")
    out: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if not _safe_name(name):
            raise BundleUnreadable(f"{shown} holds a file with an unsafe name ({quoted(name)}): it "
                                   "points outside the bundle or is not a plain name, so nothing was "
                                   "opened.")
        if name in out:
            raise BundleUnreadable(f"{shown} holds two files called {quoted(name)}, so it can't be "
                                   "checked.")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MAX_ENTRY_BYTES or total > MAX_TOTAL_BYTES or (
            ratio > MAX_RATIO and info.file_size > CHUNK
        ):
            raise BundleUnreadable(f"{shown} would unpack to far more than it holds (a zip bomb?), "
                                   "so it was not opened.")
        if not name.endswith("/"):
            out[name] = info
    return out


def _safe_name(name: str) -> bool:
    if not name or "\\" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return False
    if any(ord(c) < 32 or c == "\x7f" for c in name):
        return False
    parts = name.rstrip("/").split("/")
    return all(part not in ("", ".", "..") for part in parts)


def _manifest(archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo], shown: str) -> dict[str, Any]:
    info = infos.get(MANIFEST)
    if info is None:
        raise BundleUnreadable(f"{shown} has no {MANIFEST}, so it is not an evidence bundle from "
                               "Placement Journal (or its manifest was removed); nothing can be checked.")
    damaged = BundleUnreadable(f"The {MANIFEST} in {shown} is damaged or not one Placement Journal "
                               "wrote, so the bundle can't be checked.")
    if info.file_size > MAX_MANIFEST_BYTES:
        raise damaged
    try:
        document = json.loads(_read(archive, info).decode("utf-8"))
    except (ValueError, UnicodeDecodeError, zipfile.BadZipFile, zlib.error, OSError, EOFError,
            RuntimeError, NotImplementedError):
        raise damaged from None
    files = document.get("files") if isinstance(document, dict) else None
    if (not isinstance(document, dict) or document.get("manifest") not in (KIND, CSV_KIND)
            or not isinstance(files, list)):
        raise damaged
    for item in files:
        if not (isinstance(item, dict) and isinstance(item.get("path"), str) and _safe_name(item["path"])
                and isinstance(item.get("sha256"), str) and isinstance(item.get("size"), int)
                and not isinstance(item.get("size"), bool)):
            raise damaged
    return document


def _read(archive: zipfile.ZipFile, info: zipfile.ZipInfo, digest: Any = None) -> bytes:
    """A member's bytes (or, with ``digest``, fed to it chunk by chunk and b"" returned);
    never more than its declared size (zipfile stops there and checks the CRC)."""
    out: list[bytes] = []
    with archive.open(info) as stream:
        while True:
            piece = stream.read(CHUNK)
            if not piece:
                break
            if digest is not None:
                digest.update(piece)
            else:
                out.append(piece)
    return b"".join(out)


def _compare(archive: zipfile.ZipFile, infos: dict[str, zipfile.ZipInfo],
             document: dict[str, Any]) -> BundleReport:
    files: list[dict[str, Any]] = document["files"]
    left_out = document.get("left_out") if isinstance(document.get("left_out"), list) else []
    report = BundleReport(
        kind=str(document.get("manifest")), pack_id=str(document.get("pack_id") or ""),
        exported_at=_when(document.get("exported_at")), app_version=str(document.get("app_version") or ""),
        files=len(files),
        left_out=[str(item.get("evidence")) for item in left_out or [] if isinstance(item, dict)],
    )
    listed = set()
    for item in files:
        name = item["path"]
        listed.add(name)
        info = infos.get(name)
        if info is None:
            report.missing.append(name)
            continue
        if info.file_size != item["size"]:
            report.changed.append(name)
            continue
        digest = hashlib.sha256()
        try:
            _read(archive, info, digest)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, RuntimeError, NotImplementedError,
                ValueError):
            report.changed.append(name)  # damaged, cut short or encrypted: not what was exported
            continue
        if digest.hexdigest() != item["sha256"].lower():
            report.changed.append(name)
    report.added = sorted(name for name in infos if name not in listed and name != MANIFEST)
    return report


def _when(value: object) -> str:
    if not isinstance(value, str):
        return "at an unknown time"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return f"at {quoted(value, 40)}"
    zone = moment.strftime("%z")
    when = f"on {moment.day} {moment:%b %Y at %H:%M}"
    if not zone:
        return when
    return when + (" UTC" if zone == "+0000" else f" (UTC{zone[:3]}:{zone[3:]})")
