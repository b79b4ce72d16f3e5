"""An erased or anonymised customer stays so when an older interchange file is imported."""

from __future__ import annotations

from journal_app.journal.records import Customer
from journal_app.services.erasure import erase_customer
from journal_app.services.importer import import_document
from journal_app.services.interchange import export_document


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
