"""Import of an interchange document: check everything first, then write it all at once.

Nothing is written until the whole document has passed: every record is validated,
every id is unique, every reference and criterion resolves, every file's SHA-256
matches. Then one transaction applies it; a failure part-way rolls it all back and
removes any attachment files it had sealed, so a refused file changes nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import ImportCancelled, ImportRefused, InvalidRecord, quoted
from ...journal import validate as v
from ...journal.records import (
    BLOCK_FIELDS,
    BLOCK_LIST_FIELDS,
    COLLECTIONS,
    Customer,
    Evidence,
    Framework,
    Learner,
    Record,
    RetentionRule,
    references,
)
from ..privacy.anonymise import RECORD_TYPES
from ..privacy.drafts import DRAFTS_KEY, read_draft_entries
from .import_checks import (
    JournalExtras,
    check_block_list,
    check_blocks,
    check_list,
    read_evidence_file,
    read_extras,
)
from .interchange_format import EXTRA_KEY, SPEC_TOP_KEYS, check_header, check_values, member

if TYPE_CHECKING:
    from ...journal.drafts import Draft
    from ...journal.journal import Journal
    from ..privacy.redaction import Redactor


NO_CRITERIA = "a framework needs at least one criterion"
# The records erasure rewrites for everybody: the same are rewritten when an older file would
# bring an erased customer's details back into them.
ERASURE_REWRITES = RECORD_TYPES
IMPORTED_META = "imported_records"  # {"type:id": when it came in from another journal}


@dataclass
class ImportSummary:
    """What an import did, as counts (safe for the audit trail) and warnings."""

    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)
    frameworks: int = 0
    files: int = 0
    warnings: list[str] = field(default_factory=list)
    restored: list[str] = field(default_factory=list)  # customer ids brought back on request
    kept_erased: int = 0  # records about an erased customer that the file did not bring back

    def count(self, kind: str) -> int:
        return sum(getattr(self, kind).values())

    def lines(self) -> list[str]:
        out = []
        for key in COLLECTIONS:
            parts = [f"{n} {label}" for label, n in (
                ("added", self.added.get(key, 0)), ("updated", self.updated.get(key, 0)),
                ("unchanged", self.unchanged.get(key, 0))) if n]
            if parts:
                out.append(f"{key}: {', '.join(parts)}")
        if self.added.get(DRAFTS_KEY):
            out.append(f"unsaved drafts: {self.added[DRAFTS_KEY]} added")
        if self.frameworks:
            out.append(f"frameworks: {self.frameworks}")
        if self.files:
            out.append(f"attached files: {self.files}")
        if self.restored:
            out.append(f"erased customers restored from the file: {', '.join(self.restored)}")
        if self.kept_erased:
            out.append(f"records about erased customers left as erased: {self.kept_erased}")
        return out or ["nothing to import"]

    def audit_details(self) -> dict[str, Any]:
        details: dict[str, Any] = {"added": self.added, "updated": self.updated,
                                   "unchanged": self.count("unchanged"), "frameworks": self.frameworks,
                                   "files": self.files}
        if self.restored:
            details["restored_customers"] = len(self.restored)  # ids only in the summary, never names
        if self.kept_erased:
            details["kept_erased"] = self.kept_erased
        return details


@dataclass
class _Plan:
    learner: Learner | None = None
    frameworks: list[Framework] = field(default_factory=list)
    records: dict[str, list[Record]] = field(default_factory=dict)
    files: dict[str, tuple[bytes, Any] | str | None] = field(default_factory=dict)  # evidence id → …
    retention: list[RetentionRule] | None = None
    extras: JournalExtras = field(default_factory=JournalExtras)
    drafts: list[Draft] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    restore: set[str] = field(default_factory=set)  # erased customer ids the learner brings back
    erased: set[str] = field(default_factory=set)  # erased here, and staying so
    about_erased: set[tuple[str, str]] = field(default_factory=set)  # (collection, id) kept as held
    redact_erased: Callable[[str], str] | None = None  # takes erased customers' details out of text
    imported: dict[str, str] = field(default_factory=dict)  # "type:id" → when, for new records
    find_erased: Redactor | None = None  # finds erased customers' details in text (drafts)
    gone: set[str] = field(default_factory=set)  # every customer id erased or anonymised here, not restored


def import_document(journal: Journal, doc: Any, *, base_dir: Path | None = None,
                    restore_erased: set[str] | frozenset[str] = frozenset(),
                    progress: Callable[[int, int], None] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> ImportSummary:
    """Import a whole interchange document, or raise ImportRefused leaving the journal as it was.

    A customer erased or anonymised in this journal stays so, and so do the records about
    them (an older file holds their name), unless their id is in ``restore_erased``: then the
    customer and those records are brought back from the file, and the summary says so.

    ``progress(done, total)`` is told how far the writing has got (attached files sealed,
    records written); when ``cancelled()`` turns true the import stops with ImportCancelled
    and, all or nothing, leaves the journal as it was."""
    if not isinstance(doc, dict):
        raise ImportRefused("", "the file must hold one JSON object (starting with '{')")
    check_header(doc)
    check_values(doc)
    try:
        plan = _plan(journal, doc, base_dir, set(restore_erased))
    except InvalidRecord as error:
        raise ImportRefused(error.path, error.reason) from None
    return _apply(journal, plan, _Steps(plan, progress, cancelled))


class _Steps:
    """How far an import's writing has got, told to whoever shows it, and the place where a
    learner's Cancel takes effect (the transaction then rolls everything back)."""

    EVERY = 250  # records between reports: often enough for a smooth bar, cheap for 10,000

    def __init__(self, plan: _Plan, progress: Callable[[int, int], None] | None,
                 cancelled: Callable[[], bool] | None) -> None:
        self.total = len(plan.files) + sum(len(records) for records in plan.records.values())
        self.done = 0
        self._progress = progress
        self._cancelled = cancelled

    def step(self, force: bool = False) -> None:
        self.done += 1
        if force or self.done % self.EVERY == 0 or self.done == self.total:
            self.check()

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ImportCancelled()
        if self._progress is not None:
            self._progress(min(self.done, self.total), self.total)


# --- checking -------------------------------------------------------------------------------
def _plan(journal: Journal, doc: dict[str, Any], base_dir: Path | None, restore: set[str]) -> _Plan:
    plan = _Plan(restore=restore)
    v.timestamp(doc.get("exported_at"), "exported_at", nullable=True)  # unused, but a timestamp
    for key in doc:
        if key not in SPEC_TOP_KEYS and key not in (EXTRA_KEY, DRAFTS_KEY):
            plan.warnings.append(f"{member('', key)}: this app doesn't know this key, so it was ignored")
    if doc.get("learner") is not None:
        plan.learner = Learner.from_dict(doc["learner"], "learner")
    plan.frameworks = _frameworks(doc, plan)
    ids: dict[str, dict[str, int]] = {}
    for key, cls in COLLECTIONS.items():
        plan.records[key] = _records(doc, key, cls, ids, plan)
    known_criteria = {f"{f.id}:{c.code}" for f in plan.frameworks for c in f.criteria}
    known_criteria |= {ref for ref, _criterion in journal.criteria()}
    for key, cls in COLLECTIONS.items():
        for i, record in enumerate(plan.records[key]):
            _check_references(record, cls, f"{key}[{i}]", ids)
            for j, ref in enumerate(getattr(record, "criteria", [])):
                if ref not in known_criteria:
                    raise ImportRefused(
                        f"{key}[{i}].criteria[{j}]",
                        f"unknown criterion {quoted(ref)} (no framework in the file or the journal has it)",
                    )
    plan.extras = read_extras(doc.get(EXTRA_KEY), EXTRA_KEY)
    _plan_erased(journal, plan)
    for i, item in enumerate(check_list(doc, "evidence")):
        if ("evidence", item["id"]) in plan.about_erased:
            continue  # kept as held: its file is not read or sealed
        plan.files[item["id"]] = read_evidence_file(
            journal, item["id"], item.get("file"), f"evidence[{i}].file", base_dir, plan.warnings
        )
    if doc.get("retention") is not None:
        plan.retention = _retention(doc)
    read = read_draft_entries(doc.get(DRAFTS_KEY), journal.timestamp())
    plan.drafts, plan.warnings = read.drafts, plan.warnings + read.warnings
    return plan


def _plan_erased(journal: Journal, plan: _Plan) -> None:
    """Which customers in the file were erased or anonymised here (and stay so), and which
    records in the file are about them: linked the way erasure links them (their
    interactions; promises and feedback naming them or those interactions; their
    objectives and those objectives' reviews; evidence of those interactions)."""
    from ..privacy.anonymise import removed_customer_ids

    in_file = {c.id for c in plan.records.get("customers", [])}
    removed = removed_customer_ids(journal)
    anonymised = {c.id for c in journal.customers.all() if c.anonymised_at}
    for customer_id in sorted(plan.restore):
        if customer_id not in in_file:
            raise ImportRefused(
                "customers", f"{quoted(customer_id)} is not in this file, so it can't be restored from it"
            )
        if customer_id not in removed | anonymised:
            plan.warnings.append(
                f"customers: {customer_id} was not erased in this journal, so there was nothing to restore"
            )
    plan.erased = (in_file & (removed | anonymised)) - plan.restore
    plan.gone = (removed | anonymised) - plan.restore
    if not plan.erased:
        return
    plan.find_erased = _redactor_for_erased(journal, plan)
    plan.redact_erased = plan.find_erased.redact
    records, erased = plan.records, plan.erased

    def ids(key: str, linked: Callable[[Any], bool]) -> set[str]:
        return {r.id for r in records.get(key, []) if linked(r)}

    interactions = ids("interactions", lambda r: r.customer in erased)
    objectives = ids("objectives", lambda r: r.customer in erased)
    about = {("interactions", i) for i in interactions} | {("objectives", i) for i in objectives}
    for key in ("promises", "feedback"):
        about |= {(key, i) for i in ids(key, lambda r: r.customer in erased or r.interaction in interactions)}
    about |= {("reviews", i) for i in ids("reviews", lambda r: r.objective in objectives)}
    about |= {("evidence", i) for i in ids("evidence", lambda r: bool(set(r.interactions) & interactions))}
    plan.about_erased = about


def _redactor_for_erased(journal: Journal, plan: _Plan) -> Redactor:
    """What erasure did to everybody else's records, for the file's records: each erased
    customer's name (as the file and its history give it), organisation and contact details
    replaced by their pseudonym."""
    from ..privacy.redaction import KnownPerson, Redactor

    held = {c.id: c for c in journal.customers.all()}
    meta = plan.extras.records.get("customers", {})
    people = []
    for record in plan.records.get("customers", []):
        if record.id not in plan.erased or not isinstance(record, Customer):
            continue
        pseudonym = (held[record.id].pseudonym if record.id in held else "") or (
            meta.get(record.id, {}).get("pseudonym") or "a customer")
        people.append(KnownPerson(pseudonym, record.name, record.organisation, record.contact))
        for version in plan.extras.history.get("customers", {}).get(record.id, []):
            old = version.get("data") if isinstance(version, dict) else None
            if isinstance(old, dict):
                people.append(KnownPerson(pseudonym, str(old.get("name") or ""),
                                          str(old.get("organisation") or ""), str(old.get("contact") or "")))
    keep = [name for name in (journal.learner().name, plan.learner.name if plan.learner else "") if name]
    return Redactor(people, keep, patterns=False)


def _frameworks(doc: dict[str, Any], plan: _Plan) -> list[Framework]:
    frameworks: list[Framework] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(check_list(doc, "frameworks")):
        framework = Framework.from_dict(item, f"frameworks[{i}]")
        if not item.get("criteria"):
            raise ImportRefused(f"frameworks[{i}].criteria", NO_CRITERIA)
        if framework.id in seen:
            raise ImportRefused(
                f"frameworks[{i}].id",
                f"duplicate id {quoted(framework.id)} (also frameworks[{seen[framework.id]}])",
            )
        seen[framework.id] = i
        unknown = set(item) - {"id", "title", "criteria"}
        plan.warnings += [f"{member(f'frameworks[{i}]', k)}: unknown key ignored" for k in sorted(unknown)]
        frameworks.append(framework)
    return frameworks


def _records(doc: dict[str, Any], key: str, cls: type[Record], ids: dict[str, dict[str, int]],
             plan: _Plan) -> list[Record]:
    seen = ids.setdefault(cls.TYPE, {})
    out = []
    for i, item in enumerate(check_list(doc, key)):
        path = f"{key}[{i}]"
        record_id = item.get("id")
        if not isinstance(record_id, str) or not record_id.strip():
            raise ImportRefused(f"{path}.id", "missing: every record needs an id (text)")
        if record_id in seen:
            raise ImportRefused(
                f"{path}.id", f"duplicate id {quoted(record_id)} (also {key}[{seen[record_id]}])"
            )
        seen[record_id] = i
        record = cls.from_dict(item, path)
        # Original dates a hand-written or other journal's file gives on the record itself.
        for name in ("created_at", "updated_at"):
            setattr(record, name, v.timestamp(item.get(name), f"{path}.{name}", nullable=True) or "")
        plan.warnings += check_blocks(item, path, BLOCK_FIELDS.get(cls.TYPE, {}))
        for name, block in BLOCK_LIST_FIELDS.get(cls.TYPE, {}).items():
            plan.warnings += check_block_list(item.get(name), f"{path}.{name}", block)
        out.append(record)
    return out


def _check_references(record: Record, cls: type[Record], path: str, ids: dict[str, dict[str, int]]) -> None:
    for name, target, is_list in references(cls):
        value = getattr(record, name)
        if is_list:
            refs = [(f"{path}.{name}[{j}]", ref) for j, ref in enumerate(value)]
        else:
            refs = [(f"{path}.{name}", value)]
        for where, ref in refs:
            if ref is not None and ref not in ids.get(target, {}):
                raise ImportRefused(where, f"unknown id {quoted(ref)}")


def _retention(doc: dict[str, Any]) -> list[RetentionRule]:
    rules: list[RetentionRule] = []
    seen: dict[str, int] = {}
    from ..privacy.retention import RetentionPolicy

    for i, item in enumerate(check_list(doc, "retention")):
        rule = RetentionRule.from_dict(item, f"retention[{i}]")
        # The same checks as the Privacy page: a known category, action and starting date.
        RetentionPolicy.from_dict(item, f"retention[{i}]")
        if rule.category in seen:
            raise ImportRefused(
                f"retention[{i}].category",
                f"{quoted(rule.category)} is listed twice (also retention[{seen[rule.category]}])",
            )
        seen[rule.category] = i
        rules.append(rule)
    return rules


# --- writing ---------------------------------------------------------------------------------
def _apply(journal: Journal, plan: _Plan, steps: _Steps) -> ImportSummary:
    from ...journal import attachments, audit

    summary = ImportSummary(warnings=list(plan.warnings))
    was_dirty = journal.dirty
    new_blobs: list[str] = []
    old_blobs: list[str] = []
    try:
        steps.check()
        prepared = _prepare_files(journal, plan, new_blobs, steps)
        with journal.transaction():
            _apply_frameworks(journal, plan, summary)
            if plan.learner is not None and plan.learner.to_dict() != journal.learner().to_dict():
                journal.set_learner(plan.learner)
            for key in COLLECTIONS:
                for record in plan.records[key]:
                    _put(journal, key, record, plan, prepared, summary, old_blobs)
                    steps.step()
            if plan.retention is not None:
                _apply_retention(journal, plan)
            for name, value in plan.extras.settings.items():
                if journal.setting(name) is None:
                    journal.set_setting(name, value)
            _apply_drafts(journal, plan, summary)
            steps.check()  # the last moment Cancel can still undo everything
            if plan.imported:
                journal.set_meta(IMPORTED_META, json.dumps({**imported_records(journal), **plan.imported}))
            audit.record_event(journal, "import", summary.audit_details())
    except InvalidRecord as error:
        _undo(journal, new_blobs, was_dirty)
        raise ImportRefused(error.path, error.reason) from None
    except BaseException:
        _undo(journal, new_blobs, was_dirty)
        raise
    # The journal refers to the new files now. The files they replace (old_blobs) stay
    # until a save has landed and no saved copy refers to them (attachments.py).
    attachments.placed(journal, new_blobs)
    return summary


def _undo(journal: Journal, new_blobs: list[str], was_dirty: bool) -> None:
    from ...journal import attachments

    for blob in new_blobs:
        with contextlib.suppress(Exception):  # best effort; the next save collects any stray file
            attachments.discard_new_blob(journal, blob)
    journal.dirty = was_dirty


def _prepare_files(journal: Journal, plan: _Plan, new_blobs: list[str], steps: _Steps) -> dict[str, Any]:
    """Seal every new attached file before the transaction (bytes on disk can't roll back)."""
    from ...journal import attachments

    prepared: dict[str, Any] = {}
    for evidence_id, source in plan.files.items():
        steps.step(force=True)  # a file can take a while to seal: report each one
        if isinstance(source, tuple):
            data, described = source
            blob = attachments.store_blob(journal, data)
            new_blobs.append(blob)
            prepared[evidence_id] = dataclasses.replace(described, blob=blob)
            del data
        else:
            prepared[evidence_id] = source  # None (no file) or "keep" (same file already held)
    return prepared


def merged_framework(old: Framework, given: Framework) -> Framework:
    """``given`` laid over ``old`` by criterion code: texts updated, new codes added, and no
    criterion dropped, since records may be mapped to it."""
    by_code = {c.code: c for c in given.criteria}
    held = {c.code for c in old.criteria}
    return Framework(
        id=given.id, title=given.title,
        criteria=[by_code.get(c.code, c) for c in old.criteria]
        + [c for c in given.criteria if c.code not in held],
    )


def _apply_frameworks(journal: Journal, plan: _Plan, summary: ImportSummary) -> None:
    """Add new frameworks; merge known ones by criterion code so no criterion is ever lost."""
    from ...journal.portability import builtin_framework_ids

    current = {f.id: f for f in journal.frameworks()}
    builtin = set(builtin_framework_ids(journal)) | set(plan.extras.builtin_frameworks)
    for framework in plan.frameworks:
        old = current.get(framework.id)
        if old is not None:
            framework = merged_framework(old, framework)
            if framework.to_dict() == old.to_dict():
                continue
        journal.add_framework(framework, builtin=framework.id in builtin)
        summary.frameworks += 1


def _put(journal: Journal, key: str, record: Record, plan: _Plan, prepared: dict[str, Any],
         summary: ImportSummary, old_blobs: list[str]) -> None:
    from ...journal import portability

    repo = journal.repository(record.TYPE)
    meta = plan.extras.records.get(key, {}).get(record.id, {})
    existing = repo.find(record.id)
    keep: tuple[str, ...] = ("pseudonym", "anonymised_at")
    if (key, record.id) in plan.about_erased:
        # About a customer erased here: the journal's de-identified version stays (or, if
        # erasure deleted it, it stays deleted); the older file's text would name them again.
        summary.kept_erased += 1
        if existing is not None:
            summary.unchanged[key] = summary.unchanged.get(key, 0) + 1
        return
    if plan.redact_erased is not None and record.TYPE in ERASURE_REWRITES:
        from ..privacy.free_text import rewrite

        rewrite(record, plan.redact_erased)  # as erasure left every other record
    if isinstance(record, Customer) and record.id in plan.restore:
        _restore_customer(journal, record, existing, summary)
        if existing is not None:
            stored = repo.update(record, keep=("pseudonym",))
            bucket = summary.updated if stored.edits != existing.edits else summary.unchanged
            bucket[key] = bucket.get(key, 0) + 1
            return
    if isinstance(record, Evidence):
        source = prepared.get(record.id)
        if source == "keep":
            record.file = existing.file if existing is not None else None
        else:
            record.file = source
            if source is not None:
                summary.files += 1
            if existing is not None and existing.file is not None and existing.file.blob:
                old_blobs.append(existing.file.blob)
    if isinstance(record, Customer) and existing is None and record.id not in plan.restore:
        from ..privacy.anonymise import removed_customer_ids

        if record.id in removed_customer_ids(journal):
            summary.warnings.append(
                f"customers: {record.id} was erased from this journal, so it was not brought back"
            )
            return
    if isinstance(existing, Customer) and existing.anonymised_at and record.id not in plan.restore:
        # Anonymised or erased here: an older file must not bring the person back. (To undo
        # an anonymisation on purpose, delete the record and import it as a new one.)
        summary.warnings.append(
            f"customers: {existing.id} ({existing.pseudonym}) was anonymised or erased in this "
            "journal, so it was kept de-identified and not updated from the file"
        )
        summary.unchanged[key] = summary.unchanged.get(key, 0) + 1
        return
    if existing is None:
        if not meta or meta.get("imported_at"):
            # Not written in this app (or imported into it before): the pack says so.
            plan.imported[f"{record.TYPE}:{record.id}"] = meta.get("imported_at") or journal.timestamp()
        record.created_at = meta.get("created_at") or record.created_at or ""
        record.updated_at = meta.get("updated_at") or record.updated_at or record.created_at
        record.edits = int(meta.get("edits") or 0)
        if isinstance(record, Customer):
            pseudonym = meta.get("pseudonym") or ""
            if pseudonym and portability.pseudonym_owner(journal, pseudonym) is None:
                record.pseudonym = pseudonym
                portability.reserve_pseudonym(journal, pseudonym)
            record.anonymised_at = meta.get("anonymised_at") or ""
        repo.add(record)
        summary.added[key] = summary.added.get(key, 0) + 1
    else:
        stored = repo.update(record, keep=keep)
        changed = (stored.edits, stored.updated_at) != (existing.edits, existing.updated_at)
        bucket = summary.updated if changed else summary.unchanged
        bucket[key] = bucket.get(key, 0) + 1
    versions = plan.extras.history.get(key, {}).get(record.id)
    if versions:
        if plan.redact_erased is not None and record.TYPE in ERASURE_REWRITES:
            from ..privacy.free_text import STRUCTURAL_KEYS, rewrite_json

            versions = [dict(v, data=rewrite_json(v["data"], plan.redact_erased, STRUCTURAL_KEYS))
                        for v in versions]
        portability.restore_history(journal, record.TYPE, record.id, versions)


def _apply_drafts(journal: Journal, plan: _Plan, summary: ImportSummary) -> None:
    """A draft is restored only where the journal has none of that kind and key: the draft
    held is the learner's latest typing, which an older file must not overwrite."""
    from ...journal.drafts import load_draft, restore_draft

    for draft in plan.drafts:
        if _draft_about_erased(draft, plan):
            # Erasure deleted the drafts about that customer; an older file must not bring
            # one back (it may hold their name in half-typed text).
            summary.kept_erased += 1
            continue
        if load_draft(journal, draft.kind, draft.key) is None:
            restore_draft(journal, draft)
            summary.added[DRAFTS_KEY] = summary.added.get(DRAFTS_KEY, 0) + 1


def _draft_about_erased(draft: Draft, plan: _Plan) -> bool:
    """A draft started for a customer erased here, editing an entry about one, or naming one."""
    from ..privacy.drafts import draft_texts, is_about

    interactions = {record_id for key, record_id in plan.about_erased if key == "interactions"}
    if any(is_about(draft, customer_id, None, interactions) for customer_id in plan.gone):
        return True
    finder = plan.find_erased
    return finder is not None and any(finder.find(text) for text in draft_texts(draft.data))


def _apply_retention(journal: Journal, plan: _Plan) -> None:
    from ...journal import privacy

    before = privacy.policy_rows(journal)
    rows = {row["category"]: row for row in before}
    for rule in plan.retention or []:
        old = rows.get(rule.category, {})
        extra = dict(rule.extra)
        counts_from = extra.pop("counts_from", None)  # some writers put it in the entry itself
        if not isinstance(counts_from, str):
            counts_from = plan.extras.retention.get(rule.category, {}).get("counts_from")
        rows[rule.category] = {
            "category": rule.category, "days": rule.days, "action": rule.action,
            "counts_from": counts_from if counts_from is not None else old.get("counts_from", ""),
            "extra": extra,
        }
    privacy.replace_policy_rows(journal, list(rows.values()))
    from ..privacy.retention import audit_imported_rules

    audit_imported_rules(journal, before)


def _restore_customer(journal: Journal, record: Customer, existing: Record | None,
                      summary: ImportSummary) -> None:
    """The learner asked for this erased customer back: their details come from the file and
    the id is no longer remembered as erased."""
    import json

    from ..privacy.anonymise import REMOVED_IDS_META, removed_customer_ids

    removed = removed_customer_ids(journal)
    was_erased = record.id in removed or (isinstance(existing, Customer) and bool(existing.anonymised_at))
    if not was_erased:
        return
    if record.id in removed:
        journal.set_meta(REMOVED_IDS_META, json.dumps(sorted(removed - {record.id})))
    record.anonymised_at = ""
    summary.restored.append(record.id)


def imported_records(journal: Journal) -> dict[str, str]:
    """``{"type:id": imported_at}`` for every record that came in from another journal's file
    (one that didn't say when the app wrote it), so the evidence pack can say so."""
    try:
        found = json.loads(journal.meta(IMPORTED_META) or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}
