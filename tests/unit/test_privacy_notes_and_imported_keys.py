"""Anonymise leaves nothing identifying: notes, needs, communication style and keys an
import kept are cleared or de-identified by every privacy operation."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from journal_app.journal.records import Customer, Interaction, Learner
from journal_app.services.exchange.importer import import_document
from journal_app.services.privacy import retention, retention_run
from journal_app.services.privacy.anonymise import anonymise_customer
from journal_app.services.privacy.erasure import erase_customer
from journal_app.services.privacy.redaction import preview_redactions
from journal_app.services.privacy.subject_access import subject_document

from .interchange_support import spec_example, without_files

BST = timezone(timedelta(hours=1))
NOTES = "Hard of hearing, speak up; lives near Pontcanna Fields"


def _nora(journal) -> Customer:
    journal.set_learner(Learner(name="Sam Learner", placement="Northside Motors service desk"))
    nora = journal.customers.add(Customer(
        name="Nora Quigley", organisation="Quigley Vans", contact="07700 900456",
        needs="Needs the car back for dialysis on Tuesdays", communication="Prefers letters, large print",
        notes=NOTES,
    ))
    journal.interactions.add(Interaction(customer=nora.id, at="2026-10-01T09:30:00+01:00",
                                         summary="Nora Quigley asked about her service"))
    return nora


def test_anonymise_clears_notes_needs_and_communication(memory_journal) -> None:
    nora = _nora(memory_journal)
    assert memory_journal.search("Pontcanna")
    anonymise_customer(memory_journal, nora.id)
    after = memory_journal.customers.get(nora.id)
    assert (after.needs, after.communication, after.notes, after.contact, after.organisation) == ("",) * 5
    assert after.name == nora.pseudonym
    assert memory_journal.search("Pontcanna") == []
    assert memory_journal.search("dialysis") == [] and memory_journal.search("letters") == []


def test_erase_clears_the_notes_in_both_modes(memory_journal) -> None:
    nora = _nora(memory_journal)
    erase_customer(memory_journal, nora.id, save=False)
    assert memory_journal.customers.get(nora.id).notes == ""
    assert memory_journal.search("Pontcanna") == []


def test_the_notes_rule_fires_on_age_even_when_the_notes_name_nobody(memory_journal) -> None:
    nora = _nora(memory_journal)
    retention.set_policies(memory_journal, [
        {"category": "customer-identity", "days": 36500, "action": "anonymise"},
        {"category": "customer-notes", "days": 180, "action": "anonymise"},
    ])
    plan = retention.preview(memory_journal, datetime(2027, 4, 1, 9, tzinfo=BST))
    assert [(i.category, i.subject_id) for i in plan] == [("customer-notes", nora.id)]
    receipt = retention_run.apply(memory_journal, plan, save=False)
    assert [i.category for i in receipt.done] == ["customer-notes"]
    assert "notes about them: cleared" in receipt.as_text()
    after = memory_journal.customers.get(nora.id)
    assert (after.needs, after.communication, after.notes) == ("", "", "")
    assert after.name == "Nora Quigley"  # identity has its own, longer rule
    assert memory_journal.search("Pontcanna") == []
    # not due before its time
    assert retention.preview(memory_journal, datetime(2027, 4, 1, 9, tzinfo=BST)).empty


def test_the_notes_rule_is_not_due_early(memory_journal) -> None:
    _nora(memory_journal)
    plan = retention.preview(memory_journal, datetime(2027, 3, 1, 9, tzinfo=BST))
    assert [i.category for i in plan] == []


# --- keys an import kept ------------------------------------------------------------------------
def _imported(journal) -> dict:
    doc = without_files(spec_example())
    doc["customers"][0]["address"] = "12 Acacia Avenue, Cardiff"
    doc["customers"][0]["next_of_kin"] = {"name": "Raj Patel", "phone": "07700 900999"}
    doc["interactions"][0]["caller_notes"] = "Mrs A. Patel rang from 07700 900999"
    doc["promises"][0]["note"] = "Tell Raj Patel too"
    import_document(journal, doc)
    return doc


def test_an_imported_address_is_gone_after_erasure(journal) -> None:
    _imported(journal)
    receipt = erase_customer(journal, "c1")
    assert receipt.saved
    customer = journal.customers.get("c1")
    assert customer.extra == {}
    raw = json.dumps([list(r) for r in journal.db.execute("SELECT * FROM customers")])
    assert "Acacia" not in raw and "Raj" not in raw
    interaction = journal.interactions.get("i1")
    kept = json.dumps(interaction.extra)
    assert "Patel" not in kept and "07700 900999" not in kept
    history = json.dumps([list(r) for r in journal.db.execute("SELECT data FROM history")])
    assert "Acacia" not in history and "Patel" not in history


def test_imported_keys_on_other_records_are_de_identified_by_erasure_with_delete_linked(memory_journal):
    _imported(memory_journal)
    pseudonym = memory_journal.customers.get("c1").pseudonym
    other = memory_journal.customers.add(Customer(name="Dev Rao"))
    memory_journal.interactions.add(Interaction(
        customer=other.id, at="2026-10-02T10:00:00+01:00", extra={"aside": "Mrs A. Patel was in the queue"},
    ))
    erase_customer(memory_journal, "c1", delete_linked=True, save=False)
    kept = [i for i in memory_journal.interactions.all() if i.customer == other.id][0]
    assert "Patel" not in kept.extra["aside"] and pseudonym in kept.extra["aside"]


def test_imported_keys_are_cleared_by_the_notes_rule(memory_journal) -> None:
    _imported(memory_journal)
    retention.set_policies(memory_journal, [
        {"category": "customer-identity", "days": 36500, "action": "anonymise"},
        {"category": "customer-notes", "days": 1, "action": "anonymise"},
    ])
    plan = retention.preview(memory_journal, datetime(2027, 1, 1, 9, tzinfo=BST))
    assert ("customer-notes", "c1") in [(i.category, i.subject_id) for i in plan]
    retention_run.apply(memory_journal, plan, save=False)
    assert memory_journal.customers.get("c1").extra == {}


def test_imported_keys_are_in_the_redaction_preview(memory_journal) -> None:
    _imported(memory_journal)
    found = preview_redactions(memory_journal, [memory_journal.promises.get("p1")])
    assert [(f.where.split(": ")[1], f.kind, f.text) for f in found] == [("note (imported)", "name", "Patel")]
    phones = preview_redactions(memory_journal, [memory_journal.interactions.get("i1")])
    assert ("caller_notes (imported)", "phone") in [(f.where.split(": ")[1], f.kind) for f in phones]


def test_an_access_request_finds_a_mention_inside_an_imported_key(memory_journal) -> None:
    _imported(memory_journal)
    other = memory_journal.customers.add(Customer(name="Dev Rao"))
    mention = memory_journal.interactions.add(Interaction(
        customer=other.id, at="2026-10-02T10:00:00+01:00", extra={"aside": "Mrs A. Patel was in the queue"},
    ))
    doc = subject_document(memory_journal, "c1")
    assert mention.id in [i["id"] for i in doc["interactions"]]
    assert doc["customers"][0]["address"] == "12 Acacia Avenue, Cardiff"
