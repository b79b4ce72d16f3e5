"""Promise reminders at the edges of their thresholds, including both clock changes in London."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from journal_app.services.rules.reminders import compute_reminders

from .reminder_support import customer, found, ids, london, promise

SECOND = timedelta(seconds=1)
UTC = UTC


def test_overdue_from_the_first_second_after_the_due_day(memory_journal) -> None:
    c = customer(memory_journal)
    p = promise(memory_journal, "2026-10-06", customer=c.id)

    just_before = found(memory_journal, london(2026, 10, 6, 23, 59, 59))
    assert [(r.rule, r.subject.id) for r in just_before if r.subject.type == "promise"] == [
        ("promise-due-soon", p.id)
    ]
    [late] = found(memory_journal, london(2026, 10, 7, 0, 0, 0), "promise-overdue")
    assert late.severity == "overdue"
    assert late.subject.as_dict() == {"type": "promise", "id": p.id}
    assert late.message == (
        "You promised Customer A “Call back with the delivery date” by Tue 6 Oct — it's 1 day overdue."
    )
    assert late.due == london(2026, 10, 7) and late.due_date.isoformat() == "2026-10-06"
    assert late.action == "close-promise"
    assert ids(memory_journal, london(2026, 10, 7), "promise-due-soon") == []


def test_overdue_counts_whole_days(memory_journal) -> None:
    promise(memory_journal, "2026-11-18", customer=customer(memory_journal).id)
    [late] = found(memory_journal, london(2026, 11, 20, 9, 0), "promise-overdue")
    assert "by Wed 18 Nov — it's 2 days overdue" in late.message


def test_due_soon_starts_48_hours_before_the_end_of_the_due_day(memory_journal) -> None:
    p = promise(memory_journal, "2026-10-10")
    # Due Sat 10 Oct: the day ends at midnight starting Sun 11 Oct, so 48 hours before is Fri 9 Oct 00:00.
    assert ids(memory_journal, london(2026, 10, 8, 23, 59, 59), "promise-due-soon") == []
    [soon] = found(memory_journal, london(2026, 10, 9, 0, 0, 0), "promise-due-soon")
    assert soon.subject.id == p.id and soon.severity == "due-soon"
    assert soon.since == london(2026, 10, 9)
    assert "due by the end of tomorrow (Sat 10 Oct)" in soon.message
    assert "a customer" in soon.message  # no customer named: nobody's name is guessed


def test_closed_and_cancelled_promises_are_not_chased(memory_journal) -> None:
    promise(memory_journal, "2026-10-01", status="kept", outcome="Rang them",
            closed_at="2026-10-01T10:00:00+01:00")
    promise(memory_journal, "2026-10-01", status="cancelled")
    assert found(memory_journal, london(2026, 10, 20, 9, 0), "promise-overdue") == []


def test_messages_use_the_pseudonym_and_hide_names_in_the_promise_text(memory_journal) -> None:
    c = customer(memory_journal, name="Mrs A. Patel", contact="a.patel@example.com")
    promise(memory_journal, "2026-10-01", customer=c.id, text="Ring Mrs Patel on a.patel@example.com")
    [late] = found(memory_journal, london(2026, 10, 3, 9, 0), "promise-overdue")
    assert "Patel" not in late.message and "example.com" not in late.message
    assert late.message.startswith("You promised Customer A “Ring Customer A on [")


def test_kinds_read_naturally(memory_journal) -> None:
    c = customer(memory_journal)
    promise(memory_journal, "2026-10-01", customer=c.id, kind="follow-up", text="Satisfaction call")
    promise(memory_journal, "2026-10-01", kind="internal-action", text="Ask parts desk about stock")
    messages = sorted(r.message for r in found(memory_journal, london(2026, 10, 2, 9, 0), "promise-overdue"))
    assert messages[0].startswith("You agreed an action for a colleague “Ask parts desk")
    assert messages[1].startswith("You planned a follow-up with Customer A “Satisfaction call”")


# --- across the clock changes ----------------------------------------------------------------
def test_autumn_change_due_sunday_is_overdue_from_midnight_gmt(memory_journal) -> None:
    p = promise(memory_journal, "2026-10-25")  # Sun 25 Oct 2026: clocks go back at 02:00 BST
    before = datetime(2026, 10, 25, 23, 59, 59, tzinfo=UTC)
    at = datetime(2026, 10, 26, 0, 0, 0, tzinfo=UTC)  # 00:00 Mon 26 Oct, GMT
    assert ids(memory_journal, before, "promise-overdue") == []
    assert ids(memory_journal, before, "promise-due-soon") == [p.id]
    [late] = found(memory_journal, at, "promise-overdue")
    assert late.due.isoformat() == "2026-10-26T00:00:00+00:00"


def test_autumn_change_48_hours_span_the_25_hour_day(memory_journal) -> None:
    p = promise(memory_journal, "2026-10-25")
    # The deadline is 2026-10-26T00:00Z; 48 real hours earlier is 2026-10-24T00:00Z = 01:00 BST.
    assert ids(memory_journal, london(2026, 10, 24, 0, 59, 59), "promise-due-soon") == []
    assert ids(memory_journal, london(2026, 10, 24, 1, 0, 0), "promise-due-soon") == [p.id]


def test_spring_change_due_sunday_is_overdue_from_midnight_bst(memory_journal) -> None:
    p = promise(memory_journal, "2027-03-28")  # Sun 28 Mar 2027: clocks go forward at 01:00 GMT
    # Midnight starting Mon 29 Mar is BST: 2027-03-28T23:00Z.
    assert ids(memory_journal, datetime(2027, 3, 28, 22, 59, 59, tzinfo=UTC), "promise-overdue") == []
    assert ids(memory_journal, datetime(2027, 3, 28, 23, 0, 0, tzinfo=UTC), "promise-overdue") == [p.id]
    # 48 real hours before the deadline is 2027-03-26T23:00Z, still GMT.
    assert ids(memory_journal, london(2027, 3, 26, 22, 59, 59), "promise-due-soon") == []
    assert ids(memory_journal, london(2027, 3, 26, 23, 0, 0), "promise-due-soon") == [p.id]


def test_spring_change_due_saturday(memory_journal) -> None:
    p = promise(memory_journal, "2027-03-27")
    assert ids(memory_journal, london(2027, 3, 27, 23, 59, 59), "promise-overdue") == []
    assert ids(memory_journal, london(2027, 3, 28, 0, 0, 0), "promise-overdue") == [p.id]


def test_a_time_given_in_another_offset_means_the_same_moment(memory_journal) -> None:
    p = promise(memory_journal, "2026-10-06")
    # 23:30 UTC on 6 Oct is 00:30 BST on 7 Oct in London: already overdue there.
    assert ids(memory_journal, datetime(2026, 10, 6, 23, 30, tzinfo=UTC), "promise-overdue") == [p.id]


# --- closed without an outcome ------------------------------------------------------------------
@pytest.mark.parametrize("status", ["kept", "late", "broken", "renegotiated"])
def test_closed_without_outcome_is_missing(memory_journal, status: str) -> None:
    p = promise(memory_journal, "2026-10-01", status=status, closed_at="2026-10-02T10:00:00+01:00")
    [r] = found(memory_journal, london(2026, 10, 2, 11, 0), "promise-closed-no-outcome")
    assert r.subject.id == p.id and r.severity == "missing" and r.action == "write-outcome"
    assert "haven't written what happened" in r.message


def test_closed_with_outcome_or_still_open_is_fine(memory_journal) -> None:
    promise(memory_journal, "2026-10-01", status="kept", outcome="Rang them at 3pm")
    promise(memory_journal, "2026-10-01", status="cancelled")
    promise(memory_journal, "2026-12-01")
    promise(memory_journal, "2026-10-01", status="kept", outcome="   ")
    rules = [r.rule for r in compute_reminders(memory_journal, london(2026, 10, 2, 11, 0))
             if r.subject.type == "promise"]
    assert rules == ["promise-closed-no-outcome"]  # only the blank outcome
