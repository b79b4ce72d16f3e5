"""The journal's typed API round-trips through an encrypted file."""

from journal_app.journal.journal import Journal
from journal_app.journal.records import Complaint, Customer, Interaction

from ..conftest import PASSPHRASE


def test_record_survives_save_and_reopen(journal, journal_path):
    customer = journal.customers.add(Customer(name="Mrs Zoë Patel", segment="key"))
    journal.interactions.add(
        Interaction(customer=customer.id, at="2026-10-01T09:30:00+01:00", kind="complaint",
                    summary="Car not ready", complaint=Complaint(acknowledge="Said sorry"),
                    criteria=["crm-unit:2.3"])
    )
    journal.save()
    journal.close()
    reopened = Journal.open(journal_path, PASSPHRASE)
    try:
        [interaction] = reopened.interactions.all()
        assert interaction.complaint.acknowledge == "Said sorry"
        assert interaction.criteria == ["crm-unit:2.3"]
        assert reopened.customers.get(customer.id).pseudonym == "Customer A"
        assert [h.record_id for h in reopened.search("zoe")] == [customer.id]
    finally:
        reopened.close()
