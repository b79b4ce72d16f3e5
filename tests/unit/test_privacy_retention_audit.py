"""Retention and audit details: files itemised, expired holds expire, every change to the
rules, holds and keys is in the audit trail, and an erasure names the copies made earlier."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from journal_app.journal.audit import events
from journal_app.services.actions.moving import record_export
from journal_app.services.exchange.importer import import_document
from journal_app.services.privacy import retention, retention_run
from journal_app.services.privacy.erasure import erase_customer
from journal_app.services.privacy.retention import RetentionPolicy, set_policies
from journal_app.services.privacy.subject_access import write_subject_export

from .interchange_support import spec_example, without_files
from .privacy_support import build, leaks

BST = timezone(timedelta(hours=1))


def at(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T09:00:00").replace(tzinfo=BST)


def only(journal, category: str, days: int, action: str = "anonymise") -> None:
    policies = {c: RetentionPolicy(c, 36500, "anonymise", "created") for c in retention.CATEGORIES}
    policies[category] = RetentionPolicy(category, days, action, "last-interaction")
    set_policies(journal, list(policies.values()))


def test_a_file_deleted_while_anonymising_is_itemised_in_the_receipt(journal) -> None:
    built = build(journal, attach=True)
    only(journal, "customer-identity", 30)
    retention.add_hold(journal, "customer", built.jones.id, "2028-01-01", "still a customer")
    receipt = retention_run.apply(journal, at("2027-06-01"), save=False)
    assert [i.category for i in receipt.done] == ["customer-identity"]
    text = receipt.as_text()
    pseudonym = built.patel.pseudonym
    assert f"the file attached to “{pseudonym} complaint” (linked to {pseudonym}): file deleted" in text
    assert f"the file attached to “Week 5 notes” (linked to {pseudonym}): file deleted" in text
    listed = {f["evidence"] for f in receipt.as_dict()["files_deleted_with_customer"]}
    assert listed == {built.evidence.id, built.shared_evidence.id}
    assert receipt.files_removed == 2
    assert leaks(text) == []


def test_an_expired_hold_and_its_reason_expire(memory_journal) -> None:
    built = build(memory_journal)
    hold = retention.add_hold(memory_journal, "customer", built.patel.id, "2026-12-01", "Anita's EPA")
    assert [i.category for i in retention.preview(memory_journal, at("2026-12-01"))] == []
    plan = retention.preview(memory_journal, at("2026-12-02"))
    [item] = [i for i in plan if i.category == "holds"]
    assert (item.subject_id, item.action) == (hold.id, "delete")
    assert item.description == f"the hold on {built.patel.pseudonym} kept until 2026-12-01"
    assert "Anita" not in json.dumps(plan.as_dict())
    receipt = retention_run.apply(memory_journal, plan, save=False)
    assert retention.list_holds(memory_journal) == []
    assert "kept until 2026-12-01: removed, with its reason" in receipt.as_text()
    assert events(memory_journal)[-1].details["counts"] == {"holds:delete": 1}
    rows = json.dumps([list(r) for r in memory_journal.db.execute("SELECT * FROM holds")])
    assert "EPA" not in rows


def test_a_live_hold_is_not_touched(memory_journal) -> None:
    built = build(memory_journal)
    retention.add_hold(memory_journal, "customer", built.patel.id, "2027-12-01", "EPA")
    retention_run.apply(memory_journal, at("2026-12-02"), save=False)
    assert [h.until for h in retention.list_holds(memory_journal)] == ["2027-12-01"]


def test_removing_a_hold_records_which_one(memory_journal) -> None:
    built = build(memory_journal)
    hold = retention.add_hold(memory_journal, "customer", built.patel.id, "2027-03-01", "Anita's EPA")
    other = retention.add_hold(memory_journal, "evidence", built.evidence.id, "2027-04-01", "EPA")
    assert retention.remove_hold(memory_journal, hold.id)
    assert events(memory_journal)[-1].details == {
        "hold": hold.id, "on": "customer", "until": "2027-03-01", "pseudonym": built.patel.pseudonym}
    retention.remove_hold(memory_journal, other.id)
    assert events(memory_journal)[-1].details == {
        "hold": other.id, "on": "evidence", "until": "2027-04-01", "evidence": built.evidence.id}


def test_an_import_that_changes_the_rules_is_audited(memory_journal) -> None:
    doc = without_files(spec_example())
    doc["retention"] = [{"category": "customer-identity", "days": 30, "action": "delete"}]
    import_document(memory_journal, doc)
    changed = events(memory_journal, "retention-policies-changed")
    assert len(changed) == 1
    assert changed[0].details["source"] == "import"
    assert changed[0].details["customer-identity"] == "30 days from last-interaction, delete"
    import_document(memory_journal, doc)  # the same rules again: nothing changed, nothing recorded
    assert len(events(memory_journal, "retention-policies-changed")) == 1


def test_a_new_recovery_key_is_audited(journal) -> None:
    from journal_app.services.actions.journal_file import make_new_recovery_key
    from tests.conftest import PASSPHRASE

    make_new_recovery_key(journal, PASSPHRASE)
    assert events(journal)[-1].event == "recovery-key-changed"


def test_an_erasure_receipt_lists_earlier_copies_with_real_names(journal, tmp_path) -> None:
    built = build(journal)
    record_export(journal, "json", False)
    record_export(journal, "pdf", True)  # pseudonymised: not listed
    write_subject_export(journal, built.patel.id, tmp_path / "request.json")
    write_subject_export(journal, built.jones.id, tmp_path / "jones.json")  # about someone else
    receipt = erase_customer(journal, built.patel.id)
    assert [e["what"] for e in receipt.earlier_exports] == [
        "JSON backup with real names", f"access-request file about {built.patel.pseudonym}"]
    text = receipt.as_text()
    assert "find and delete them yourself" in text and "JSON backup with real names" in text
    assert receipt.as_dict()["earlier_exports"] == receipt.earlier_exports
