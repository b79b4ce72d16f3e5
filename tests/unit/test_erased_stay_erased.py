"""An erased or anonymised customer stays so when an older interchange file is imported."""

from __future__ import annotations

from journal_app.journal.records import Customer
from journal_app.services.exchange.importer import import_document
from journal_app.services.exchange.interchange import export_document
from journal_app.services.privacy.erasure import erase_customer


def test_an_anonymised_customer_is_not_named_again_by_an_old_file(journal):
    customer = journal.customers.add(Customer(name="Mrs Patel", contact="07700 900123"))
    old_file = export_document(journal)
    erase_customer(journal, customer.id)
    summary = import_document(journal, old_file)
    back = journal.customers.get(customer.id)
    assert back.name == back.pseudonym and back.anonymised_at and back.contact == ""
    assert any("kept de-identified" in w for w in summary.warnings)


def test_a_customer_erased_with_their_record_is_not_added_again(journal):
    customer = journal.customers.add(Customer(name="Mrs Patel"))
    old_file = export_document(journal)
    erase_customer(journal, customer.id, delete_linked=True)
    summary = import_document(journal, old_file)
    assert journal.customers.find(customer.id) is None
    assert all(c.name != "Mrs Patel" for c in journal.customers.all())
    assert any("not brought back" in w for w in summary.warnings)


def test_drafts_about_an_erased_customer_do_not_come_back_from_an_old_file(journal):
    from journal_app.journal.drafts import list_drafts, save_draft

    customer = journal.customers.add(Customer(name="Mrs Patel", contact="07700 900123"))
    other = journal.customers.add(Customer(name="Mr Okafor"))
    save_draft(journal, "interaction", "new", {"summary": "Called back about her boiler"}, customer.id)
    save_draft(journal, "interaction", "note-2", {"summary": "Mrs Patel rang again"}, None)
    save_draft(journal, "interaction", "note-3", {"summary": "Booked a visit"}, other.id)
    old_file = export_document(journal)
    assert len(old_file["drafts"]) == 3
    for mode in (False, True):  # anonymised (record kept), then erased with its record
        erase_customer(journal, customer.id, delete_linked=mode)
        assert [d.key for d in list_drafts(journal)] == ["note-3"]
        summary = import_document(journal, old_file)
        kept = list_drafts(journal)
        assert [d.key for d in kept] == ["note-3"], "a draft about the erased customer came back"
        assert all("Patel" not in str(d.data) for d in kept)
        assert summary.kept_erased >= 2
        if not mode:
            customer = journal.customers.get(customer.id)


def test_a_restored_customer_gets_their_drafts_back(journal):
    from journal_app.journal.drafts import list_drafts, save_draft

    customer = journal.customers.add(Customer(name="Mrs Patel"))
    save_draft(journal, "interaction", "new", {"summary": "Mrs Patel rang"}, customer.id)
    old_file = export_document(journal)
    erase_customer(journal, customer.id)
    assert list_drafts(journal) == []
    import_document(journal, old_file, restore_erased={customer.id})
    assert [d.data["summary"] for d in list_drafts(journal)] == ["Mrs Patel rang"]
