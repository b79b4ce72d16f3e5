"""Access requests: everything the journal holds about one person, as an interchange file.

The document holds the customer's record, every record linked to them, every other
record whose text mentions them, unsaved drafts about them (under ``drafts``), and the
files attached to their evidence. Other
customers' names and contact details in those texts are hidden: the person asking has
a right to their own data, not to anyone else's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import AttachmentsLeftOut, ExportFailed, InvalidInput, SaveFailed
from ..vault.durable import explain, make_private_dirs, write_atomic
from .drafts import DRAFTS_KEY

if TYPE_CHECKING:
    from ..journal.journal import Journal

COLLECTION_TYPES = {
    "customers": "customer", "interactions": "interaction", "promises": "promise", "feedback": "feedback",
    "evidence": "evidence", "objectives": "objective", "reviews": "review", "hours": "hours",
}


@dataclass
class SubjectExport:
    pseudonym: str
    path: Path | None
    counts: dict[str, int] = field(default_factory=dict)
    files_left_out: list[str] = field(default_factory=list)  # evidence ids (--allow-missing)

    def as_text(self) -> str:
        listed = ", ".join(f"{n} {k}" for k, n in self.counts.items() if n) or "only their customer record"
        where = f" to {self.path}" if self.path else ""
        return (f"Wrote everything held about {self.pseudonym}{where}: {listed}.\n"
                "This file is NOT encrypted and holds their personal data: give it only to them, "
                "then delete your copy.")


def subject_document(journal: Journal, customer_id: str, *, now: datetime | None = None,
                     include_files: bool = True) -> dict[str, Any]:
    """The interchange document for one person (RecordNotFound for an unknown id)."""
    customer = journal.customers.get(customer_id)
    try:
        from .interchange import export_document
    except ImportError:
        document = _build_document(journal, customer_id, now or journal.now(), include_files)
    else:
        document = export_document(journal, only_customer=customer_id, include_files=include_files,
                                   now=now or journal.now())
    _add_mentions(journal, document, customer)
    _hide_other_people(journal, document, customer_id)
    document["retention"] = []  # the learner's settings are not data about the person
    return document


def write_subject_export(journal: Journal, customer_id: str, out: Path, *, now: datetime | None = None,
                         overwrite: bool = False, allow_missing: bool = False) -> SubjectExport:
    """Write the document to ``out`` (refusing to overwrite) and note it in the audit trail.

    An attached file of theirs that can't be read (missing or damaged) is never silently
    left out: unless ``allow_missing``, nothing is written (AttachmentsLeftOut names the
    evidence); with it, the answer is written without those files and they are listed."""
    from ..journal.audit import record_event
    from .actions.moving import missing_files

    out = Path(out)
    if out.exists() and not overwrite:
        raise InvalidInput(f"{out} already exists. Pick another file name so nothing is overwritten.")
    document = subject_document(journal, customer_id, now=now)
    left_out = missing_files(document)
    if left_out and not allow_missing:
        raise AttachmentsLeftOut(left_out, what="access request", verb="write it")
    pseudonym = journal.customers.get(customer_id).pseudonym
    counts = {key: len(document.get(key) or []) for key in (*COLLECTION_TYPES, DRAFTS_KEY)}
    data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    try:
        # Like every file the app writes: owner-only (0600), via a random temp name that
        # can't be planted in advance, replaced atomically and durably.
        make_private_dirs(out.parent)
        write_atomic(out, [data])
    except SaveFailed as error:
        cause = error.__cause__
        raise ExportFailed(out, explain(cause) if isinstance(cause, OSError) else str(error)) from None
    except OSError as error:
        raise ExportFailed(out, explain(error)) from None
    record_event(journal, "subject-access-export", {
        "format": "json", "pseudonym": pseudonym, "real_names": True, "records": counts,
        **({"files_left_out": len(left_out)} if left_out else {}),
    })
    return SubjectExport(pseudonym, out, counts, left_out)


def _add_mentions(journal: Journal, document: dict[str, Any], customer: Any) -> None:
    """Records and drafts not linked to the person whose text still names them belong in the
    answer too."""
    from ..journal.drafts import list_drafts
    from .anonymise import redactors_for
    from .drafts import draft_entry, is_about
    from .free_text import texts

    _strong, light = redactors_for(journal, customer)
    for key, record_type in COLLECTION_TYPES.items():
        if record_type == "customer":
            continue
        present = {r.get("id") for r in document.get(key) or []}
        for record in journal.repository(record_type).all():
            if record.id in present:
                continue
            if any(light.find(text) for _path, text in texts(record)):
                entry = record.to_dict()
                if record_type == "evidence":
                    entry.pop("file", None)  # a mention in the text doesn't make the file theirs
                document.setdefault(key, []).append(entry)
    present_drafts = {(d.get("kind"), d.get("key")) for d in document.get(DRAFTS_KEY) or []}
    for draft in list_drafts(journal):
        if (draft.kind, draft.key) not in present_drafts and is_about(draft, customer.id, light):
            document.setdefault(DRAFTS_KEY, []).append(draft_entry(draft))


def _hide_other_people(journal: Journal, document: dict[str, Any], customer_id: str) -> None:
    from .free_text import STRUCTURAL_KEYS, rewrite_json
    from .redaction import KnownPerson, Redactor

    others = [KnownPerson.from_customer(c) for c in journal.customers.all() if c.id != customer_id]
    subject = journal.customers.get(customer_id)
    keep = [journal.learner().name, subject.name, subject.organisation, *subject.contact.splitlines()]
    redactor = Redactor(others, keep, patterns=False)
    skip = STRUCTURAL_KEYS | {"data_base64", "path", "name"}
    for key in COLLECTION_TYPES:
        if key == "customers":
            continue
        entries = document.get(key) or []
        document[key] = [rewrite_json(entry, redactor.redact, skip) for entry in entries]
    if document.get(DRAFTS_KEY):
        document[DRAFTS_KEY] = [rewrite_json(entry, redactor.redact, skip | {"key", "editing"})
                                for entry in document[DRAFTS_KEY]]
    extras = document.get("journal")
    if isinstance(extras, dict) and isinstance(extras.get("history"), dict):
        extras["history"] = rewrite_json(extras["history"], redactor.redact, skip)
    for entry in document.get("evidence") or []:
        witness = entry.get("witness")
        if isinstance(witness, dict) and witness.get("name"):
            witness["name"] = redactor.redact(witness["name"])


def _build_document(journal: Journal, customer_id: str, now: datetime, include_files: bool) -> dict[str, Any]:
    """The same document built straight from the records (used when no exporter is installed)."""
    from ..journal.privacy import linked_ids

    linked = linked_ids(journal, customer_id)
    document: dict[str, Any] = {
        "format": "placement-journal", "version": 1,
        "exported_at": now.replace(microsecond=0).isoformat(),
        "learner": journal.learner().to_dict(), "frameworks": [],
        "customers": [journal.customers.get(customer_id).to_dict()],
    }
    for key, record_type in COLLECTION_TYPES.items():
        if record_type == "customer":
            continue
        records = [journal.repository(record_type).get(i) for i in linked.get(record_type, [])]
        document[key] = [r.to_dict() for r in records]
        if record_type == "evidence" and include_files:
            for record, entry in zip(records, document[key], strict=True):
                if record.file is not None:
                    entry["file"] = _file_entry(journal, record)
    return document


def _file_entry(journal: Journal, evidence: Any) -> dict[str, Any]:
    import base64

    from ..journal.attachments import read_attachment

    file = evidence.file
    return {"name": file.name, "media_type": file.media_type, "sha256": file.sha256,
            "data_base64": base64.b64encode(read_attachment(journal, evidence.id)).decode("ascii")}
