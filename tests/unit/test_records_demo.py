"""The demo journal: a realistic placement whose dates always end yesterday."""

from __future__ import annotations

from datetime import date

from journal_app.journal.attachments import read_attachment
from journal_app.journal.journal import Journal
from journal_app.services.demo import DEMO_PASSPHRASE, create_demo_copy, demo_document, populate_demo
from journal_app.services.privacy.redaction import Redactor


def test_demo_dates_end_yesterday_whenever_it_is_made():
    for today in (date(2026, 10, 17), date(2027, 3, 1), date(2030, 1, 1)):
        doc = demo_document(today)
        last = max(i["at"][:10] for i in doc["interactions"])
        assert last == date.fromordinal(today.toordinal() - 1).isoformat()
        dues = {p["id"]: p["due"] for p in doc["promises"] if p["status"] == "open"}
        assert min(dues.values()) < today.isoformat() < max(dues.values())  # one overdue, one coming up


def test_demo_covers_what_the_unit_asks_for(memory_journal):
    populate_demo(memory_journal, date(2027, 3, 1))
    customers = memory_journal.customers.all()
    assert {c.segment for c in customers} == {"key", "growth", "maintain", "occasional"}
    assert any(c.kind == "internal" for c in customers)
    complaints = [i for i in memory_journal.interactions.all() if i.kind == "complaint"]
    assert any(i.complaint and not i.complaint.missing() for i in complaints)
    statuses = {p.status for p in memory_journal.promises.all()}
    assert {"kept", "broken", "open"} <= statuses
    feedback = memory_journal.feedback.all()
    assert any(f.nps is not None for f in feedback) and any(not f.action_taken for f in feedback)
    assert any(e.witness and e.witness.signed for e in memory_journal.evidence.all())
    assert memory_journal.reviews.count() >= 1
    assert any(h.off_the_job for h in memory_journal.hours.all())
    # Written on the day each thing happened, not on the day the demo was made.
    first = memory_journal.interactions.all()[0]
    assert first.created_at == first.at


def test_demo_free_text_has_details_redaction_can_find(memory_journal):
    populate_demo(memory_journal, date(2027, 3, 1))
    customer = memory_journal.customers.get("c-patel")
    found = Redactor.for_journal(memory_journal).find(customer.contact)
    assert found


def test_demo_copy_is_an_encrypted_journal_with_its_attachment(tmp_path):
    path = create_demo_copy(tmp_path, date(2027, 3, 1))
    assert b"Patel" not in path.read_bytes()
    journal = Journal.open(path, DEMO_PASSPHRASE)
    try:
        assert journal.interactions.count() >= 12
        assert b"Karen Whitfield" in read_attachment(journal, "e-01")
        assert journal.search("grease")[0].record_id == "i-05"
    finally:
        journal.close()
    assert create_demo_copy(tmp_path, date(2027, 3, 1)) != path  # a second copy never overwrites
