"""Access requests: everything the journal holds about one person, as an interchange file.

The document holds the customer's record, every record linked to them, every other
record whose text (now or in an earlier version) mentions them in any written form the
redactor knows, the edit history of all of those, unsaved drafts about them (under
``drafts``), the files attached to their evidence, and the retention rules. Under
``journal.access_request`` it adds what sits outside records: holds on them (reason
and date), reasons typed when hiding a reminder about them, when each rule will remove
what about them, and the **third parties** the file discloses (the assessor, witnesses
and their statements, other customers by pseudonym), listed for the learner to review.
``exclude_third_parties`` leaves those out. Other customers' names and contact details
in the texts are always hidden: the person asking has a right to their own data, not
to anyone else's.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import AttachmentsLeftOut, ExportFailed, ExportUnconfirmed, InvalidInput, SaveFailed
from ...vault.durable import SaveFailedAfterReplace, explain, make_private_dirs, write_atomic
from .drafts import DRAFTS_KEY

if TYPE_CHECKING:
    from ...journal.journal import Journal

COLLECTION_TYPES = {
    "customers": "customer", "interactions": "interaction", "promises": "promise", "feedback": "feedback",
    "evidence": "evidence", "objectives": "objective", "reviews": "review", "hours": "hours",
    "improvements": "improvement",
}


ACCESS_KEY = "access_request"  # under the document's ``journal`` key


@dataclass
class SubjectExport:
    pseudonym: str
    path: Path | None
    counts: dict[str, int] = field(default_factory=dict)
    third_parties: list[dict[str, Any]] = field(default_factory=list)
    third_parties_excluded: bool = False
    files_left_out: list[str] = field(default_factory=list)  # evidence ids (--allow-missing)

    def as_text(self) -> str:
        listed = ", ".join(f"{n} {k}" for k, n in self.counts.items() if n) or "only their customer record"
        where = f" to {self.path}" if self.path else ""
        lines = [f"Wrote everything held about {self.pseudonym}{where}: {listed}."]
        if self.third_parties_excluded:
            lines.append("Other people (your assessor, witnesses, other customers) were left out.")
        elif self.third_parties:
            lines.append("It also names other people. Check these before you give it "
                         "(or export again with --exclude-third-parties):")
            lines += [f"  • {third_party_line(t)}" for t in self.third_parties]
        lines.append("This file is NOT encrypted and holds their personal data: give it only to them, "
                     "then delete your copy.")
        return "\n".join(lines)


def third_party_line(entry: dict[str, Any]) -> str:
    """One line for the learner: "witness Dave Supervisor (evidence[0].witness)"."""
    where = ", ".join(entry.get("where", [])[:4]) + (" …" if len(entry.get("where", [])) > 4 else "")
    return f"{entry['role']} {entry['name']} ({where})"


def subject_document(journal: Journal, customer_id: str, *, now: datetime | None = None,
                     include_files: bool = True, exclude_third_parties: bool = False) -> dict[str, Any]:
    """The interchange document for one person (RecordNotFound for an unknown id)."""
    customer = journal.customers.get(customer_id)
    moment = now or journal.now()
    try:
        from ..exchange.interchange import export_document
    except ImportError:
        document = _build_document(journal, customer_id, moment, include_files)
    else:
        document = export_document(journal, only_customer=customer_id, include_files=include_files,
                                   now=moment)
    _add_mentions(journal, document, customer)
    extras = document.setdefault("journal", {})
    extras[ACCESS_KEY] = _outside_records(journal, document, customer, moment)
    _hide_other_people(journal, document, customer_id)
    third = third_parties(journal, document, customer_id)
    if exclude_third_parties:
        _leave_out_third_parties(journal, document, customer_id)
        extras[ACCESS_KEY]["third_parties"] = []
        extras[ACCESS_KEY]["third_parties_excluded"] = True
    else:
        extras[ACCESS_KEY]["third_parties"] = third
        extras[ACCESS_KEY]["third_parties_excluded"] = False
    return document


def write_subject_export(journal: Journal, customer_id: str, out: Path, *, now: datetime | None = None,
                         overwrite: bool = False, exclude_third_parties: bool = False,
                         allow_missing: bool = False) -> SubjectExport:
    """Write the document to ``out`` (refusing to overwrite) and note it in the audit trail.

    An attached file of theirs that can't be read (missing or damaged) is never silently
    left out: unless ``allow_missing``, nothing is written (AttachmentsLeftOut names the
    evidence); with it, the answer is written without those files and they are listed."""
    from ...journal.audit import record_event
    from ..actions.moving import missing_files

    out = Path(out)
    if out.exists() and not overwrite:
        raise InvalidInput(f"{out} already exists. Pick another file name so nothing is overwritten.")
    document = subject_document(journal, customer_id, now=now, exclude_third_parties=exclude_third_parties)
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
    except SaveFailedAfterReplace as error:  # the file is there: say so
        raise ExportUnconfirmed(out, error.reason) from None
    except SaveFailed as error:
        cause = error.__cause__
        raise ExportFailed(out, explain(cause) if isinstance(cause, OSError) else str(error)) from None
    except OSError as error:
        raise ExportFailed(out, explain(error)) from None
    access = document["journal"][ACCESS_KEY]
    record_event(journal, "subject-access-export", {
        "format": "json", "pseudonym": pseudonym, "real_names": True, "records": counts,
        "third_parties_excluded": exclude_third_parties,
        **({"files_left_out": len(left_out)} if left_out else {}),
    })
    return SubjectExport(pseudonym, out, counts, access["third_parties"], exclude_third_parties,
                         left_out)


def _add_mentions(journal: Journal, document: dict[str, Any], customer: Any) -> None:
    """Records and drafts not linked to the person whose text still names them belong in the
    answer too."""
    from ...journal.drafts import list_drafts
    from ...journal.portability import history_rows
    from .anonymise import redactors_for
    from .drafts import draft_entry, is_about
    from .free_text import texts

    _strong, light = redactors_for(journal, customer)
    extras = document.setdefault("journal", {})
    history = extras.setdefault("history", {})
    for key, record_type in COLLECTION_TYPES.items():
        present = {r.get("id") for r in document.get(key) or []}
        versions = history_rows(journal, record_type)
        for record in journal.repository(record_type).all():
            if record.id in present:
                continue
            old = versions.get(record.id, [])
            if any(light.find(text) for _path, text in texts(record)) or any(
                light.find(text) for v in old for text in _strings(v["data"])
            ):
                entry = record.to_dict()
                if record_type == "evidence":
                    entry.pop("file", None)  # a mention in the text doesn't make the file theirs
                if record_type == "customer":
                    # another customer's notes mention them: the texts, not the other person
                    access = extras.setdefault(ACCESS_KEY, {})
                    access.setdefault("other_customers_notes", []).append(
                        {k: entry.get(k) for k in ("needs", "communication", "notes")})
                    continue
                document.setdefault(key, []).append(entry)
                if old:  # the edit history of a record mentioning them is theirs to see too
                    history.setdefault(key, {})[record.id] = old
    present_drafts = {(d.get("kind"), d.get("key")) for d in document.get(DRAFTS_KEY) or []}
    for draft in list_drafts(journal):
        if (draft.kind, draft.key) not in present_drafts and is_about(draft, customer.id, light):
            document.setdefault(DRAFTS_KEY, []).append(draft_entry(draft))


def _strings(data: Any) -> list[str]:
    """Every string inside a stored version or a document entry."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [t for v in data.values() for t in _strings(v)]
    if isinstance(data, list):
        return [t for v in data for t in _strings(v)]
    return []


def _outside_records(journal: Journal, document: dict[str, Any], customer: Any,
                     now: datetime) -> dict[str, Any]:
    """What the journal holds about them outside their records: holds, reasons typed when
    hiding reminders, and when each retention rule removes what."""
    from ...journal.privacy import holds, reminder_rows
    from .anonymise import redactors_for
    from .retention import candidates, get_policies

    _strong, light = redactors_for(journal, customer)
    ids = {(COLLECTION_TYPES[key], r.get("id")) for key in COLLECTION_TYPES for r in document.get(key) or []}
    access: dict[str, Any] = document.setdefault("journal", {}).setdefault(ACCESS_KEY, {})
    access["holds"] = [
        {"on": h.record_type, "id": h.record_id, "kept_until": h.until, "reason": h.reason,
         "placed_at": h.created_at}
        for h in holds(journal) if (h.record_type, h.record_id) in ids or light.find(h.reason)
    ]
    access["hidden_reminders"] = [
        {"rule": row["rule"], "about": f"{row['subject_type']} {row['subject_id']}", "state": row["state"],
         "until": row["until"], "reason": row["reason"], "at": row["at"]}
        for row in reminder_rows(journal)
        if row["reason"] and ((row["subject_type"], row["subject_id"]) in ids or light.find(row["reason"]))
    ]
    drafts = {f"{d.get('kind')}:{d.get('key')}" for d in document.get(DRAFTS_KEY) or []}
    access["retention"] = [
        {"what": item.description, "rule": item.category, "action": item.action,
         "due": item.due.isoformat(), "why": item.why}
        for item in candidates(journal, now.date())
        if (item.subject_type, item.subject_id) in ids or item.pseudonym == customer.pseudonym
        or (item.subject_type == "draft" and item.subject_id in drafts)
    ]
    # The rules themselves: how long each kind of data about them is kept.
    document["retention"] = [p.to_dict() for p in get_policies(journal)]
    return access


def third_parties(journal: Journal, document: dict[str, Any], customer_id: str) -> list[dict[str, Any]]:
    """Other people the document names, for the learner to review before giving it."""
    import re

    out: list[dict[str, Any]] = []
    assessor = (document.get("learner") or {}).get("assessor") or ""
    if assessor.strip():
        out.append({"role": "assessor", "name": assessor, "where": ["learner.assessor"]})
    witnesses: dict[str, dict[str, Any]] = {}
    for i, entry in enumerate(document.get("evidence") or []):
        witness = entry.get("witness")
        if isinstance(witness, dict) and (witness.get("name") or witness.get("statement")):
            name = witness.get("name") or "(no name given)"
            found = witnesses.setdefault(name, {"role": "witness", "name": name, "where": []})
            found["where"].append(f"evidence[{i}].witness")
    out += witnesses.values()
    places = [(f"{key}[{i}]", " ".join(_strings(entry)))
              for key in (*COLLECTION_TYPES, DRAFTS_KEY) if key != "customers"
              for i, entry in enumerate(document.get(key) or [])]
    for other in journal.customers.all():
        if other.id == customer_id:
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(other.pseudonym)}(?!\w)")
        where = [path for path, text in places if pattern.search(text)]
        if where:
            out.append({"role": "another customer", "name": other.pseudonym, "where": where})
    return out


def _leave_out_third_parties(journal: Journal, document: dict[str, Any], customer_id: str) -> None:
    """The assessor, witnesses (name, role, statement) and other customers' pseudonyms go."""
    import re

    from .free_text import STRUCTURAL_KEYS, rewrite_json
    from .redaction import KnownPerson, Redactor

    learner = document.get("learner") or {}
    names = [learner.get("assessor") or ""]
    learner["assessor"] = ""

    def clear_witness(entry: Any) -> None:
        witness = entry.get("witness") if isinstance(entry, dict) else None
        if isinstance(witness, dict):
            if witness.get("name"):
                names.append(witness["name"])
            for key in ("name", "role", "statement"):
                if key in witness:
                    witness[key] = ""

    for entry in document.get("evidence") or []:
        clear_witness(entry)
    history = (document.get("journal") or {}).get("history") or {}
    for versions in (history.get("evidence") or {}).values():
        for version in versions:
            clear_witness(version.get("data"))
    subject = journal.customers.get(customer_id)
    people = [KnownPerson("[another person]", n) for n in names if n.strip()]
    redactor = Redactor(people, [subject.name], patterns=False)
    pseudonyms = [c.pseudonym for c in journal.customers.all() if c.id != customer_id and c.pseudonym]
    other = re.compile("|".join(rf"(?<!\w){re.escape(p)}(?!\w)" for p in pseudonyms)) if pseudonyms else None

    def change(text: str) -> str:
        text = redactor.redact(text)
        return other.sub("[another customer]", text) if other is not None else text

    skip = STRUCTURAL_KEYS | {"data_base64", "path", "name", "key", "editing"}
    for key in (*COLLECTION_TYPES, DRAFTS_KEY):
        if key != "customers" and document.get(key):
            document[key] = [rewrite_json(entry, change, skip) for entry in document[key]]
    extras = document.get("journal") or {}
    for key in ("history", ACCESS_KEY):
        if isinstance(extras.get(key), dict):
            extras[key] = rewrite_json(extras[key], change, skip)


def _hide_other_people(journal: Journal, document: dict[str, Any], customer_id: str) -> None:
    from .anonymise import never_removed
    from .free_text import STRUCTURAL_KEYS, rewrite_json
    from .redaction import KnownPerson, Redactor

    others = [KnownPerson.from_customer(c) for c in journal.customers.all() if c.id != customer_id]
    subject = journal.customers.get(customer_id)
    keep = [*never_removed(journal), subject.name, subject.organisation, *subject.contact.splitlines()]
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
    if isinstance(extras, dict):
        for key in ("history", ACCESS_KEY):
            if isinstance(extras.get(key), dict):
                extras[key] = rewrite_json(extras[key], redactor.redact, skip)
    for entry in document.get("evidence") or []:
        witness = entry.get("witness")
        if isinstance(witness, dict) and witness.get("name"):
            witness["name"] = redactor.redact(witness["name"])


def _build_document(journal: Journal, customer_id: str, now: datetime, include_files: bool) -> dict[str, Any]:
    """The same document built straight from the records (used when no exporter is installed)."""
    from ...journal.privacy import linked_ids

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

    from ...journal.attachments import read_attachment

    file = evidence.file
    return {"name": file.name, "media_type": file.media_type, "sha256": file.sha256,
            "data_base64": base64.b64encode(read_attachment(journal, evidence.id)).decode("ascii")}
