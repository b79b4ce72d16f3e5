"""The journal interchange format (docs/interchange.md): JSON export and import.

``export_document`` builds the whole document (or everything about one customer, for
a data-subject access request); ``import_document`` reads one back all-or-nothing.
Per-record objects carry exactly the keys the format names (plus any unknown keys an
earlier import kept); what else the journal holds about them (pseudonyms, when each was
written and edited, earlier versions, settings) sits under the one ``journal`` key.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ... import __version__
from ...errors import AttachmentError, ImportRefused, InvalidRecord
from ...journal.records import COLLECTIONS, Evidence, Framework, Record
from ..privacy.drafts import DRAFTS_KEY
from .importer import ImportSummary, import_document, imported_records
from .interchange_format import EXTRA_KEY, FORMAT, VERSION, check_values, load_json_file

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ...journal.journal import Journal
    from ...journal.records import Feedback, Promise

__all__ = [
    "EXTRA_KEY", "FORMAT", "VERSION", "ImportSummary", "export_document", "import_document",
    "import_framework", "load_json_file", "document_json",
]


def export_document(
    journal: Journal, *, only_customer: str | None = None, include_files: bool = True,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The journal as an interchange document (real names: it is the learner's own data)."""
    from ...journal import portability, privacy

    moment = now or journal.now()
    selected = _everything(journal) if only_customer is None else _about_customer(journal, only_customer)
    missing_files: list[str] = []
    imported = imported_records(journal)
    doc: dict[str, Any] = {
        "format": FORMAT, "version": VERSION,
        "exported_at": moment.replace(microsecond=0).isoformat(),
        "learner": journal.learner().to_dict(),
        "frameworks": [f.to_dict() for f in journal.frameworks()],
    }
    for key in COLLECTIONS:
        doc[key] = [
            _record_dict(journal, r, include_files, missing_files) for r in selected[key]
        ]
    policies = privacy.policy_rows(journal)
    doc["retention"] = [
        {"category": p["category"], "days": p["days"], "action": p["action"], **(p["extra"] or {})}
        for p in policies
    ]
    drafts = _drafts(journal, only_customer, selected)
    if drafts:
        doc[DRAFTS_KEY] = drafts
    extras: dict[str, Any] = {
        "app": f"Placement Journal {__version__}",
        "records": {key: {r.id: _meta(r, imported) for r in selected[key]}
                    for key in COLLECTIONS if selected[key]},
        "history": {},
        "retention": {p["category"]: {"counts_from": p["counts_from"]} for p in policies if p["counts_from"]},
        "builtin_frameworks": portability.builtin_framework_ids(journal),
    }
    for key, cls in COLLECTIONS.items():
        ids = {r.id for r in selected[key]}
        versions = portability.history_rows(journal, cls.TYPE, ids) if ids else {}
        if versions:
            extras["history"][key] = versions
    if only_customer is None:
        extras["settings"] = journal.settings()
    else:
        extras["only_customer"] = only_customer
    if missing_files:
        extras["missing_files"] = missing_files
    doc[EXTRA_KEY] = extras
    return doc


def document_json(doc: dict[str, Any]) -> bytes:
    """The document as UTF-8 JSON text, readable by people and tools."""
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _meta(record: Record, imported: dict[str, str]) -> dict[str, Any]:
    meta: dict[str, Any] = {"created_at": record.created_at, "updated_at": record.updated_at,
                            "edits": record.edits}
    for name in ("pseudonym", "anonymised_at"):
        if getattr(record, name, ""):
            meta[name] = getattr(record, name)
    if imported.get(f"{record.TYPE}:{record.id}"):
        meta["imported_at"] = imported[f"{record.TYPE}:{record.id}"]
    return meta


def _record_dict(journal: Journal, record: Record, include_files: bool, missing: list[str]) -> dict[str, Any]:
    data = record.to_dict()
    if not isinstance(record, Evidence):
        return data
    out: dict[str, Any] = {}
    for key, value in data.items():
        out[key] = value
        if key == "witness":
            out["file"] = _file_dict(journal, record, include_files, missing)
    return out


def _file_dict(journal: Journal, evidence: Evidence, include_files: bool, missing: list[str]) -> Any:
    file = evidence.file
    if file is None:
        return None
    out: dict[str, Any] = {"name": file.name, "media_type": file.media_type, "sha256": file.sha256}
    if include_files:
        from ...journal.attachments import read_attachment

        try:
            out["data_base64"] = base64.b64encode(read_attachment(journal, evidence.id)).decode("ascii")
        except AttachmentError:
            missing.append(evidence.id)  # exported without its bytes; verify explains why
    return out


def _drafts(journal: Journal, only_customer: str | None, selected: dict[str, Sequence[Record]]) -> list[Any]:
    """Unsaved drafts (docs/interchange.md, "drafts"): all of them, or those started for one
    customer or editing one of their interactions (an access request adds drafts naming them)."""
    from ...journal.drafts import list_drafts
    from ..privacy.drafts import draft_entry, drafts_about

    if only_customer is None:
        return [draft_entry(d) for d in list_drafts(journal)]
    ids = {r.id for r in selected["interactions"]}
    return [draft_entry(d) for d in drafts_about(journal, only_customer, None, ids)]


def _everything(journal: Journal) -> dict[str, Sequence[Record]]:
    return {key: journal.repository(cls.TYPE).all() for key, cls in COLLECTIONS.items()}


def _about_customer(journal: Journal, customer_id: str) -> dict[str, Sequence[Record]]:
    """Everything linked to one customer, with links to anything else left out.

    A data-subject access request must show what is held about this person and
    nothing about anyone else, and the result must still import cleanly.
    """
    customer = journal.customers.get(customer_id)
    interactions = journal.interactions.where(customer=customer_id)
    ids = {i.id for i in interactions}
    promises = [p for p in journal.promises.all() if p.customer == customer_id or p.interaction in ids]
    feedback = [f for f in journal.feedback.all() if f.customer == customer_id or f.interaction in ids]
    evidence = [e for e in journal.evidence.all() if ids.intersection(e.interactions)]
    objectives = journal.objectives.where(customer=customer_id)
    objective_ids = {o.id for o in objectives}
    reviews = [r for r in journal.reviews.all() if r.objective in objective_ids]
    feedback_ids = {f.id for f in feedback}
    improvements = [m for m in journal.improvements.all()
                    if m.feedback in feedback_ids or m.objective in objective_ids]
    for improvement in improvements:  # keep only the links to what is in this file
        if improvement.feedback not in feedback_ids:
            improvement.feedback = None
        if improvement.objective not in objective_ids:
            improvement.objective = None
    linked: list[Promise | Feedback] = [*promises, *feedback]
    for record in linked:
        if record.interaction not in ids:
            record.interaction = None
        if record.customer != customer_id:
            record.customer = None
    for item in evidence:
        item.interactions = [i for i in item.interactions if i in ids]
    return {
        "customers": [customer], "interactions": interactions, "promises": promises,
        "feedback": feedback, "evidence": evidence, "objectives": objectives, "reviews": reviews,
        "hours": [], "improvements": improvements,
    }


def import_framework(journal: Journal, source: Path | str | dict[str, Any]) -> Framework:
    """Add a criteria framework from a JSON file or an already-read object, or update one
    already held (merged by criterion code: nothing mapped is ever orphaned)."""
    data = source if isinstance(source, dict) else load_json_file(Path(source))
    check_values(data)
    try:
        framework = Framework.from_dict(data, "")
    except InvalidRecord as error:
        raise ImportRefused(error.path, error.reason) from None
    if not framework.criteria:
        raise ImportRefused("criteria", "a framework needs at least one criterion")
    from ...journal.portability import builtin_framework_ids
    from .importer import merged_framework

    old = next((f for f in journal.frameworks() if f.id == framework.id), None)
    if old is not None:
        framework = merged_framework(old, framework)
    stored = journal.add_framework(framework, builtin=framework.id in builtin_framework_ids(journal))
    from ...journal import audit

    audit.record_event(journal, "import-framework", {"criteria": len(stored.criteria)})
    return stored
