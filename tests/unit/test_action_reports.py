"""Each learner action tells the journal's listeners once what it changed (the GUI's
``changed`` signal is built on this); an action run inside another is reported with it."""

from __future__ import annotations

import pytest

from journal_app.errors import InvalidRecord
from journal_app.journal.records import Customer
from journal_app.services.actions.records import save_record
from journal_app.services.actions.running import act


def test_one_report_per_outer_action(memory_journal) -> None:
    heard = []
    memory_journal.on_action_done(heard.append)

    def two_customers():
        save_record(memory_journal, Customer(name="Mrs A. Patel"))
        return save_record(memory_journal, Customer(name="Mr B. Jones")).value

    act(memory_journal, two_customers, event="test-two")
    assert len(heard) == 1
    assert len(heard[0].ids("customer")) == 2 and heard[0].audited


def test_a_refused_action_reports_nothing(memory_journal) -> None:
    heard = []
    memory_journal.on_action_done(heard.append)
    with pytest.raises(InvalidRecord):
        save_record(memory_journal, Customer(name=""))
    assert heard == [] and memory_journal.customers.all() == []
