"""One meaning of overdue, due soon, this week and kept, whoever counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from journal_app.journal.records import Customer, Promise
from journal_app.services.rules import kpi
from journal_app.services.rules.promise_terms import (
    falls_due_within,
    is_due_within,
    is_overdue,
    kept_share,
    week_start,
)
from journal_app.services.rules.reminders import compute_reminders

TODAY = date(2026, 11, 26)  # a Thursday


@pytest.mark.parametrize("due, status, overdue", [
    ("2026-11-25", "open", True), ("2026-11-26", "open", False), ("2026-11-27", "open", False),
    ("2026-11-20", "kept", False), (None, "open", False),
])
def test_overdue_means_open_after_its_due_day(due, status, overdue):
    assert is_overdue(status, due, TODAY) is overdue


def test_due_within_counts_today_and_the_days_ahead():
    assert is_due_within("open", "2026-11-26", TODAY, 0)
    assert is_due_within("open", "2026-12-03", TODAY, 7) and not is_due_within("open", "2026-12-04", TODAY, 7)
    assert not is_due_within("kept", "2026-11-27", TODAY, 7) and falls_due_within("2026-11-27", TODAY, 7)


def test_the_week_starts_on_monday_midnight_local():
    now = datetime(2026, 11, 26, 15, 30, tzinfo=UTC)
    assert week_start(now) == datetime(2026, 11, 23, 0, 0, tzinfo=UTC)


def test_kept_share_leaves_out_renegotiated_and_cancelled():
    assert kept_share({"kept": 3, "late": 1, "broken": 1, "renegotiated": 4, "cancelled": 2}) == (3, 5)
    assert kept_share({"kept": 1, "overdue": 1}) == (1, 2)


def test_reminders_kpis_and_the_promises_page_agree_on_overdue(memory_journal, clock):
    from journal_app.ui.models.promises import promise_rows

    customer = memory_journal.customers.add(Customer(name="Priya Shah"))
    today = clock.now.date()
    for offset in (-3, -1, 0, 1):
        memory_journal.promises.add(Promise(customer=customer.id, kind="promise", text=f"due {offset:+d}",
                                            due=(today + timedelta(days=offset)).isoformat()))
    promises = memory_journal.promises.all()
    by_reminders = {r.subject.id for r in compute_reminders(memory_journal, clock.now)
                    if r.rule == "promise-overdue"}
    by_page = {row.promise.id for row in promise_rows(promises, {}, today) if row.overdue}
    by_terms = {p.id for p in promises if is_overdue(p.status, p.due, today)}
    assert by_reminders == by_page == by_terms and len(by_terms) == 2
    assert kpi.promise_outcomes(promises, today)["overdue"] == 2
