"""Every Qt model behind the pages, filled from the demo journal, passes Qt's model tester.

Rows are made the way the pages make them (the same listing and service calls), from the
demo placement plus a hold, so every column shows real values. The tester stays attached
after ``check``, so sorting by every column and resetting the rows are checked too.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from journal_app.journal import daily, listings
from journal_app.journal.audit import events
from journal_app.services.demo import populate_demo
from journal_app.services.privacy import retention
from journal_app.services.rules.reminders import SEVERITY_TITLES, compute_reminders, grouped
from journal_app.ui.models.customers import CustomerRow, CustomerTableModel, TimelineModel, journey
from journal_app.ui.models.evidence import CoverageTableModel, EvidenceTableModel, coverage_rows
from journal_app.ui.models.hours import HoursTableModel
from journal_app.ui.models.interactions import InteractionTableModel
from journal_app.ui.models.plans import ObjectiveRow, ObjectiveTableModel, ReviewTableModel
from journal_app.ui.models.privacy import (
    AuditTableModel,
    HoldTableModel,
    PolicyTableModel,
    RetentionItemModel,
)
from journal_app.ui.models.promises import PromiseTableModel, promise_rows
from journal_app.ui.models.record_table import ROW_ROLE, RecordTableModel
from journal_app.ui.models.redaction_preview import RedactionPreviewModel, redaction_preview
from journal_app.ui.models.reminders import REMINDER_ROLE, ReminderModel


@pytest.fixture
def demo(file_journal, clock):
    """The demo placement (with its attached files), ending yesterday, plus one hold."""
    populate_demo(file_journal, clock.now.date())
    customer = file_journal.customers.all()[0]
    retention.add_hold(file_journal, "customer", customer.id, clock.now.date() + timedelta(days=90),
                       "Needed for the end-point assessment")
    return file_journal


def _exercise(qtmodeltester, model: RecordTableModel[Any]) -> None:
    """Check the filled model, then sort it every way and reset it while the tester watches."""
    assert model.rowCount() > 0, "the model should hold demo data"
    qtmodeltester.check(model)
    for column in range(model.columnCount()):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            model.sort(column, order)
    rows = model.rows()
    assert model.index(0, 0).data(ROW_ROLE) is rows[0]
    model.set_rows(list(reversed(rows)))
    model.clear()
    model.set_rows(rows)


def _labels(journal) -> dict[str, str]:
    return listings.customer_labels(journal)


def test_customers(qtmodeltester, demo):
    contacts = listings.last_contacts(demo)
    model = CustomerTableModel()
    model.set_rows([CustomerRow(c, *contacts.get(c.id, ("", 0))) for c in demo.customers.all()])
    _exercise(qtmodeltester, model)


def test_customer_journeys(qtmodeltester, demo):
    busiest = max(demo.customers.all(), key=lambda c: len(demo.interactions.where(customer=c.id)))
    model = TimelineModel()
    model.set_rows(journey(demo.interactions.where(customer=busiest.id),
                           demo.promises.where(customer=busiest.id),
                           demo.feedback.where(customer=busiest.id)))
    _exercise(qtmodeltester, model)


def test_evidence(qtmodeltester, demo):
    model = EvidenceTableModel()
    model.set_rows(demo.evidence.all())
    assert any(e.file for e in model.rows()), "the demo's attachments should be in the table"
    _exercise(qtmodeltester, model)


def test_coverage_map(qtmodeltester, demo):
    model = CoverageTableModel()
    model.set_rows(coverage_rows(demo))
    _exercise(qtmodeltester, model)


def test_hours(qtmodeltester, demo):
    model = HoursTableModel()
    model.set_rows(demo.hours.all())
    _exercise(qtmodeltester, model)


def test_interactions(qtmodeltester, demo):
    model = InteractionTableModel()
    model.set_rows(daily.interaction_rows(demo))
    _exercise(qtmodeltester, model)


def test_objectives_and_reviews(qtmodeltester, demo):
    labels = _labels(demo)
    reviews = demo.reviews.all()
    objectives = ObjectiveTableModel()
    objectives.set_rows([
        ObjectiveRow(o, labels.get(o.customer or "", ""), sum(r.objective == o.id for r in reviews))
        for o in demo.objectives.all()
    ])
    _exercise(qtmodeltester, objectives)
    review_model = ReviewTableModel()
    review_model.set_rows(reviews)
    _exercise(qtmodeltester, review_model)


def test_promises(qtmodeltester, demo, clock):
    model = PromiseTableModel()
    model.set_rows(promise_rows(demo.promises.all(), _labels(demo), clock.now.date()))
    assert any(r.overdue for r in model.rows()), "the demo has an overdue promise"
    _exercise(qtmodeltester, model)


def test_privacy_tables(qtmodeltester, demo, clock):
    policies = PolicyTableModel()
    policies.set_rows(retention.get_policies(demo))
    _exercise(qtmodeltester, policies)

    holds = HoldTableModel({("customer", c.id): c.label() for c in demo.customers.all()})
    holds.set_rows(retention.list_holds(demo))
    _exercise(qtmodeltester, holds)

    items = RetentionItemModel()
    items.set_rows(retention.preview(demo, clock.now + timedelta(days=5 * 365)).items)
    _exercise(qtmodeltester, items)

    audit = AuditTableModel()
    audit.set_rows(sorted(events(demo), key=lambda e: e.seq, reverse=True))
    _exercise(qtmodeltester, audit)


def test_redaction_preview(qtmodeltester, demo):
    model = RedactionPreviewModel()
    model.set_rows(redaction_preview(demo))
    _exercise(qtmodeltester, model)


def test_reminders_tree(qtmodeltester, demo, clock):
    reminders = compute_reminders(demo, clock.now)
    groups = grouped(reminders)
    assert len(groups) > 1, "the demo should have reminders of more than one urgency"
    model = ReminderModel()
    model.set_reminders(groups, SEVERITY_TITLES, clock.now.date())
    qtmodeltester.check(model)

    assert model.rowCount() == len(groups)
    for g in range(model.rowCount()):
        group = model.index(g, 0)
        assert model.parent(group) == QModelIndex()
        assert model.rowCount(group) == len(groups[g][1])
        for r in range(model.rowCount(group)):
            child = model.index(r, 1, group)
            assert model.parent(child) == group
            assert model.rowCount(child) == 0
            assert child.data(REMINDER_ROLE) is groups[g][1][r]
    assert model.reminder_count() == len(reminders)

    model.set_reminders(list(reversed(groups)), SEVERITY_TITLES, clock.now.date() + timedelta(days=1))
    model.clear()
    model.set_reminders(groups, SEVERITY_TITLES, clock.now.date())
