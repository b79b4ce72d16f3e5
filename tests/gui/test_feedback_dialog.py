"""Feedback in the app: add it from a customer's journey, then come back to write the action."""

from __future__ import annotations

from journal_app.journal.records import Customer, Interaction
from journal_app.services.rules.reminders import compute_reminders
from journal_app.ui.pages.customers import CustomersPage


def _page_with_customer(qtbot, context, clock):
    journal = context.journal
    customer = journal.customers.add(Customer(name="Mrs A. Patel", segment="key"))
    journal.interactions.add(Interaction(customer=customer.id, at="2026-10-01T09:30:00+01:00",
                                         kind="service", summary="Booked the van in"))
    page = CustomersPage(context)
    qtbot.addWidget(page)
    page.refresh()
    assert page.show_record("customer", customer.id)
    return page, customer


def test_add_feedback_with_scores_from_the_journey(qtbot, context, clock):
    page, customer = _page_with_customer(qtbot, context, clock)
    page.journey.feedback_button.click()
    dialog = page.feedback_dialog
    assert dialog is not None and dialog.windowTitle() == "Add feedback"
    dialog.nps.setValue(9)
    dialog.csat.setValue(5)
    dialog.dimension.setCurrentIndex(dialog.dimension.findData("responsiveness"))
    dialog.interaction.setCurrentIndex(1)  # the one interaction with this customer
    dialog.comment.setPlainText("Quick and friendly, van back on time")
    assert dialog.save()

    [stored] = context.journal.feedback.all()
    assert (stored.customer, stored.nps, stored.csat) == (customer.id, 9, 5)
    assert stored.dimension == "responsiveness"
    assert stored.interaction == context.journal.interactions.all()[0].id
    assert page.feedback_dialog is None
    assert any(e.record_type == "feedback" for e in page.journey.model.rows())


def test_scores_left_blank_are_not_asked_and_the_action_can_be_added_later(qtbot, context, clock):
    page, _customer = _page_with_customer(qtbot, context, clock)
    page.journey.feedback_button.click()
    page.feedback_dialog.comment.setPlainText("Said the waiting area was cold")
    assert page.feedback_dialog.save()
    [stored] = context.journal.feedback.all()
    assert stored.nps is None and stored.csat is None and stored.action_taken == ""

    clock.advance(days=8)
    [reminder] = [r for r in compute_reminders(context.journal, clock.now) if r.rule == "feedback-no-action"]
    # The reminder's "open" goes to the customer's page with this feedback ready to edit.
    assert page.show_record("feedback", reminder.subject.id)
    dialog = page.feedback_dialog
    assert dialog.windowTitle() == "Edit feedback"
    assert dialog.comment.toPlainText() == "Said the waiting area was cold"
    dialog.action.setPlainText("Asked the manager to fix the heater; it was fixed the next day")
    assert dialog.save()
    assert context.journal.feedback.get(stored.id).action_taken.startswith("Asked the manager")
    assert not [r for r in compute_reminders(context.journal, clock.now) if r.rule == "feedback-no-action"]


def test_an_impossible_entry_is_explained_and_nothing_saved(qtbot, context, clock, monkeypatch):
    page, _customer = _page_with_customer(qtbot, context, clock)
    page.journey.feedback_button.click()
    dialog = page.feedback_dialog
    dialog.comment.setPlainText("x" * 100_001)
    assert not dialog.save()
    assert "too long" in dialog.problem.text()
    assert context.journal.feedback.count() == 0
