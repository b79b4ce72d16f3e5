"""The audit trail never holds a customer's name or contact details, yet a customer whose
details happen to be one of the trail's own words doesn't stop the learner's work."""

from __future__ import annotations

import pytest

from journal_app.journal.audit import events, record_event
from journal_app.journal.records import Customer


def test_a_name_in_the_details_is_refused(memory_journal) -> None:
    memory_journal.customers.add(Customer(name="Mrs Amrita Patel", contact="07700 900123"))
    with pytest.raises(ValueError):
        record_event(memory_journal, "import", {"note": "from Mrs Amrita Patel"})
    with pytest.raises(ValueError):
        record_event(memory_journal, "import", {"rows": [{"who": "07700 900123"}]})
    assert events(memory_journal, "import") == []


def test_the_trails_own_words_are_not_mistaken_for_a_customer(memory_journal) -> None:
    memory_journal.customers.add(Customer(name="Customers", organisation="Interactions",
                                          contact="CUSTOMERS"))
    record_event(memory_journal, "import", {"customers": 1, "interactions": 0})
    assert events(memory_journal, "import")[0].details == {"customers": 1, "interactions": 0}
