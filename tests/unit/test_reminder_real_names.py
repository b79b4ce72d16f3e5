"""Reminder messages name customers by pseudonym unless asked for real names (the learner's
own unlocked window only); the learner's own words are then shown as typed."""

from __future__ import annotations

from datetime import timedelta


def _overdue(journal, clock, name: str, text: str):
    from journal_app.journal.records import Customer, Interaction, Promise
    from journal_app.services.actions.interactions import log_interaction

    due = clock.now.date().isoformat()
    stored = log_interaction(journal, Interaction(at=clock.now.isoformat(), summary="Asked about a part"),
                             new_customer=Customer(name=name), promises=[Promise(text=text, due=due)]).value
    return journal.customers.get(stored.customer)


def test_pseudonyms_by_default_and_real_names_when_asked(journal, clock):
    from journal_app.services.rules.reminders import compute_reminders

    customer = _overdue(journal, clock, "Mr Jones", "Ring Mr Jones about the part")
    later = clock.now + timedelta(days=2)
    [plain] = [r.message for r in compute_reminders(journal, later) if r.rule == "promise-overdue"]
    assert customer.pseudonym in plain and "Jones" not in plain
    [named] = [r.message for r in compute_reminders(journal, later, real_names=True)
               if r.rule == "promise-overdue"]
    assert "You promised Mr Jones “Ring Mr Jones about the part”" in named
    assert customer.pseudonym not in named
