"""Erasure on request: afterwards the person is found nowhere, and the audit trail proves it."""

from __future__ import annotations

import json

import pytest

from journal_app.errors import RecordNotFound
from journal_app.journal.audit import events
from journal_app.services.privacy.erasure import erase_customer
from journal_app.vault.backups import list_backups
from journal_app.vault.store import VaultFile

from ..conftest import PASSPHRASE
from .privacy_support import NAME, SECRETS, build, leaks


def _with_backups(journal) -> None:
    """Save a few times, forcing backups, so older copies full of the name exist."""
    journal.save()
    journal.vault.rotate_backups()
    journal.save()
    journal.vault.rotate_backups()
    journal.save()
    assert len(list_backups(journal.path)) >= 2
    held = []
    for backup in list_backups(journal.path):
        vault, body = VaultFile.unlock(backup, PASSPHRASE, lock=False, allow_rollback=True)
        vault.close()
        held.append(bool(leaks(body)))
    assert any(held), "the test needs backups that hold the name"


def test_erase_removes_the_person_from_every_table_history_and_search(journal) -> None:
    built = build(journal)
    erase_customer(journal, built.patel.id)

    for table in ("customers", "interactions", "promises", "feedback", "evidence", "objectives",
                  "reviews", "hours", "history", "search_index", "holds", "audit"):
        rows = journal.db.execute(f"SELECT * FROM {table}").fetchall()
        text = json.dumps([list(r) for r in rows], ensure_ascii=False)
        assert leaks(text) == [], table
    assert journal.search("Patel") == [] and journal.search("Anita") == []
    customer = journal.customers.get(built.patel.id)
    assert customer.name == customer.pseudonym == built.patel.pseudonym
    assert customer.anonymised_at and customer.contact == "" and customer.organisation == ""


def test_erased_name_is_absent_from_the_raw_database_bytes(journal) -> None:
    build(journal)
    assert leaks(journal.db.serialize())
    erase_customer(journal, journal.customers.where(name=NAME)[0].id)
    raw = journal.db.serialize()
    assert leaks(raw) == []  # not in free pages nor in the full-text index's own tables
    fts = journal.db.execute("SELECT block FROM search_index_data").fetchall()
    assert leaks(b"".join(bytes(r[0]) for r in fts)) == []


def test_erasure_rewrites_every_backup(journal) -> None:
    built = build(journal, attach=True)
    _with_backups(journal)
    receipt = erase_customer(journal, built.patel.id)
    assert receipt.saved and receipt.backups_rewritten
    backups = list_backups(journal.path)
    assert backups
    for backup in backups:
        vault, body = VaultFile.unlock(backup, PASSPHRASE, lock=False, allow_rollback=True)
        vault.close()
        assert leaks(body) == [], backup.name
    vault, body = VaultFile.unlock(journal.path, PASSPHRASE, lock=False, allow_rollback=True)
    vault.close()
    assert leaks(body) == []


def test_erasure_deletes_their_attachments_but_keeps_the_learners_evidence(journal) -> None:
    from journal_app.vault.attachments import folder_for, list_blobs

    built = build(journal, attach=True)
    folder = folder_for(journal.path)
    assert len(list_blobs(folder)) == 2
    receipt = erase_customer(journal, built.patel.id)
    assert receipt.files_removed == 2
    assert list_blobs(folder) == []
    evidence = journal.evidence.get(built.evidence.id)
    assert evidence.file is None
    assert evidence.witness.statement == f"Sam calmed {built.patel.pseudonym} down well"
    assert evidence.witness.name == "Dave Supervisor"


def test_erasure_leaves_other_customers_and_the_learners_words_alone(journal) -> None:
    built = build(journal)
    erase_customer(journal, built.patel.id)
    jones = journal.interactions.get(built.other_interaction.id)
    assert jones.reflection == "Gareth was happy; his number is 0113 496 0000"
    assert journal.customers.get(built.jones.id).name == "Mr Gareth Jones"
    mine = journal.interactions.get(built.interaction.id)
    pseudonym = built.patel.pseudonym
    assert mine.reflection == f"I listened to {pseudonym} ([phone]) and summarised"
    assert mine.complaint.apologise == "Said sorry"
    activity = journal.hours.get(built.hours.id).activity
    assert activity == f"Service desk; sorted {pseudonym}'s van, then Mr Jones"


def test_delete_linked_removes_their_records_and_keeps_shared_evidence(journal) -> None:
    built = build(journal, attach=True)
    receipt = erase_customer(journal, built.patel.id, delete_linked=True)
    assert journal.customers.find(built.patel.id) is None
    assert journal.interactions.find(built.interaction.id) is None
    for repo, record in ((journal.promises, built.promise), (journal.feedback, built.feedback),
                         (journal.objectives, built.objective), (journal.reviews, built.review),
                         (journal.evidence, built.evidence)):
        assert repo.find(record.id) is None
    shared = journal.evidence.get(built.shared_evidence.id)
    assert shared.interactions == [built.other_interaction.id]
    assert shared.file is None  # it held their notes
    assert journal.hours.find(built.hours.id) is not None
    assert receipt.deleted["interaction"] == 1 and receipt.deleted["customer"] == 1
    assert leaks(journal.db.serialize()) == []


def test_unknown_customer_is_refused_and_nothing_changes(journal) -> None:
    build(journal)
    journal.save()
    before = journal.db.serialize()
    with pytest.raises(RecordNotFound) as error:
        erase_customer(journal, "c-nobody")
    assert 'no customer with id "c-nobody"' in str(error.value)
    assert journal.db.serialize() == before


def test_audit_receipt_has_counts_and_pseudonym_but_no_name(journal) -> None:
    built = build(journal)
    erase_customer(journal, built.patel.id)
    erased = [e for e in events(journal) if e.event == "erased"]
    assert len(erased) == 1
    details = erased[0].details
    assert details["pseudonym"] == built.patel.pseudonym
    assert details["de_identified"]["interaction"] == 1
    assert leaks(json.dumps(details)) == []


def test_audit_trail_survives_erasure_and_cannot_be_edited(journal) -> None:
    import sqlite3

    from journal_app.journal.audit import record_event

    build(journal)
    record_event(journal, "export", {"format": "pdf", "pseudonymised": True})
    second = journal.customers.add(journal.customers.cls(name="Zed Person"))
    erase_customer(journal, second.id, delete_linked=True)
    names = [e.event for e in events(journal)]
    assert names[-2:] == ["export", "erased"]
    with pytest.raises(sqlite3.DatabaseError):
        journal.db.execute("DELETE FROM audit")
    with pytest.raises(sqlite3.DatabaseError):
        journal.db.execute("UPDATE audit SET event = 'x'")


def test_audit_refuses_details_that_hold_a_customer_name(journal) -> None:
    from journal_app.journal.audit import record_event

    build(journal)
    with pytest.raises(ValueError):
        record_event(journal, "export", {"note": f"sent {NAME}'s file"})
    assert [e for e in events(journal) if e.event == "export"] == []


def test_secrets_list_matches_the_data() -> None:
    assert "Patel" in NAME and len(SECRETS) > 5


FORMS = {
    "李雷 (Li Lei)": ("李雷", "Li Lei", "07700 900123", "07700-900-123", "+44 7700 900123",
                     "li.lei@example.com", "LI.LEI+shop@Example.com"),
    "Siobhán O’Brien": ("Siobhán", "Siobhan", "O’Brien", "O'Brien", "OBrien"),
    "Gareth Lloyd-Jones": ("Gareth", "Lloyd-Jones", "Lloyd Jones", "Mr Jones"),
}
CONTACTS = {"李雷 (Li Lei)": "07700 900123, li.lei@example.com"}


@pytest.mark.parametrize("delete_linked", [False, True])
@pytest.mark.parametrize("name", list(FORMS))
def test_every_written_form_is_gone_from_the_journal_and_every_backup(journal, name, delete_linked) -> None:
    from journal_app.journal.records import Customer, Hours, Interaction, Promise

    bystander = journal.customers.add(Customer(name="Dev Rao"))
    person = journal.customers.add(Customer(name=name, contact=CONTACTS.get(name, "")))
    forms = FORMS[name]
    journal.interactions.add(Interaction(customer=person.id, at="2026-10-01T09:30:00+01:00",
                                         summary=f"{forms[0]} returned, wrong tyre brand"))
    for n, form in enumerate(forms):  # every form, in other people's records too
        journal.hours.add(Hours(date="2026-10-02", activity=f"Chased {form} about the booking"))
        journal.promises.add(Promise(customer=bystander.id, text=f"Tell Dev that {form} called ({n})",
                                     due="2026-10-09"))

    def found(body: bytes) -> list[str]:
        lowered = body.lower()
        return [f for f in forms
                if f.lower().encode("utf-8") in lowered
                or json.dumps(f.lower())[1:-1].encode("ascii") in lowered]

    for _ in range(2):
        journal.save()
        journal.vault.rotate_backups()
    journal.save()
    vault, body = VaultFile.unlock(list_backups(journal.path)[0], PASSPHRASE, lock=False, allow_rollback=True)
    vault.close()
    assert found(body) == list(forms)  # the test can fail: the old copies hold every form
    erase_customer(journal, person.id, delete_linked=delete_linked)
    for copy in [journal.path, *list_backups(journal.path)]:
        vault, body = VaultFile.unlock(copy, PASSPHRASE, lock=False, allow_rollback=True)
        vault.close()
        assert found(body) == [], copy.name
    for form in forms:
        assert journal.search(form) == [], form
    assert journal.hours.count() == len(forms)  # the learner's own entries stay, de-identified
