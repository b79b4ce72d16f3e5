"""Reminders about interactions, feedback and quiet customers, a second either side of each threshold."""

from __future__ import annotations

import pytest

from journal_app.journal.records import Complaint, Feedback, Interaction, Star
from journal_app.services.rules.reminder_settings import save_setting

from .reminder_support import customer, found, ids, interaction, london, promise


# --- reflection-missing ---------------------------------------------------------------------
def test_reflection_missing_from_48_hours(memory_journal) -> None:
    c = customer(memory_journal)
    i = interaction(memory_journal, "2026-10-01T09:30:00+01:00", customer=c.id, channel="phone",
                    kind="complaint", star=Star(situation="Late car", task="Calm them"))
    assert ids(memory_journal, london(2026, 10, 3, 9, 29, 59), "reflection-missing") == []
    [r] = found(memory_journal, london(2026, 10, 3, 9, 30, 0), "reflection-missing")
    assert r.subject.as_dict() == {"type": "interaction", "id": i.id}
    assert r.message == (
        "Your STAR reflection on the complaint from Customer A (phone call, Thu 1 Oct)"
        " is missing Action and Result."
    )
    assert r.since == london(2026, 10, 3, 9, 30) and r.action == "write-reflection"


def test_full_or_blank_star(memory_journal) -> None:
    interaction(memory_journal, "2026-10-01T09:30:00+01:00")  # complete
    blank = interaction(memory_journal, "2026-10-01T10:00:00+01:00", star=Star())
    spaces = interaction(memory_journal, "2026-10-01T11:00:00+01:00",
                         star=Star(situation="  ", task="\n\t", action="Did it", result="\u00a0"))
    got = {r.subject.id: r.message for r in found(memory_journal, london(2026, 10, 10), "reflection-missing")}
    assert set(got) == {blank.id, spaces.id}
    assert got[blank.id].endswith("is missing every part.")
    assert got[spaces.id].endswith("is missing Situation, Task and Result.")


def test_reflection_48_hours_across_the_autumn_change(memory_journal) -> None:
    # 12:00 BST Sat 24 Oct + 48 real hours = 11:00 GMT Mon 26 Oct (not 12:00: the day had 25 hours).
    interaction(memory_journal, "2026-10-24T12:00:00+01:00", star=Star())
    assert ids(memory_journal, london(2026, 10, 26, 10, 59, 59), "reflection-missing") == []
    assert len(ids(memory_journal, london(2026, 10, 26, 11, 0, 0), "reflection-missing")) == 1


def test_reflection_48_hours_across_the_spring_change(memory_journal) -> None:
    # 12:00 GMT Sat 27 Mar + 48 real hours = 13:00 BST Mon 29 Mar.
    interaction(memory_journal, "2027-03-27T12:00:00+00:00", star=Star())
    assert ids(memory_journal, london(2027, 3, 29, 12, 59, 59), "reflection-missing") == []
    assert len(ids(memory_journal, london(2027, 3, 29, 13, 0, 0), "reflection-missing")) == 1


# --- complaint-incomplete ---------------------------------------------------------------------
def test_complaint_needs_all_four_as(memory_journal) -> None:
    c = customer(memory_journal)
    done = interaction(memory_journal, "2026-10-01T09:30:00+01:00", kind="complaint", customer=c.id)
    part = interaction(memory_journal, "2026-10-01T10:00:00+01:00", kind="complaint", customer=c.id,
                       complaint=Complaint(acknowledge="Yes", apologise="Yes", act="Yes", assure=" "))
    none = interaction(memory_journal, "2026-10-01T11:00:00+01:00", kind="complaint", complaint=None)
    interaction(memory_journal, "2026-10-01T12:00:00+01:00", kind="enquiry", complaint=None)
    now = london(2026, 10, 1, 12, 30)
    got = {r.subject.id: r for r in found(memory_journal, now, "complaint-incomplete")}
    assert set(got) == {part.id, none.id} and done.id not in got
    assert got[part.id].message.endswith("doesn't show all 4 As yet: Assure is missing.")
    assert "Acknowledge, Apologise, Act and Assure are missing" in got[none.id].message
    assert got[part.id].action == "complete-complaint"


# --- follow-up-missing -----------------------------------------------------------------------
def test_follow_up_missing_from_24_hours(memory_journal) -> None:
    c = customer(memory_journal)
    i = interaction(memory_journal, "2026-10-01T09:30:00+01:00", kind="complaint", customer=c.id,
                    resolved_first_contact=False)
    assert ids(memory_journal, london(2026, 10, 2, 9, 29, 59), "follow-up-missing") == []
    [r] = found(memory_journal, london(2026, 10, 2, 9, 30, 0), "follow-up-missing")
    assert r.subject.id == i.id and r.action == "add-follow-up"
    assert "wasn't sorted at first contact" in r.message


def test_follow_up_is_satisfied_by_a_linked_promise_or_a_later_follow_up(memory_journal) -> None:
    a, b = customer(memory_journal), customer(memory_journal, name="Mr B. Jones")
    linked = interaction(memory_journal, "2026-10-01T09:30:00+01:00", kind="sale", customer=a.id,
                         resolved_first_contact=False)
    promise(memory_journal, "2026-10-05", customer=a.id, interaction=linked.id, kind="follow-up")
    called_back = interaction(memory_journal, "2026-10-01T10:00:00+01:00", kind="complaint", customer=b.id,
                              resolved_first_contact=False)
    interaction(memory_journal, "2026-10-03T10:00:00+01:00", kind="follow-up", customer=b.id)
    sorted_first = interaction(memory_journal, "2026-10-01T11:00:00+01:00", kind="complaint",
                               resolved_first_contact=True)
    enquiry = interaction(memory_journal, "2026-10-01T11:30:00+01:00", kind="enquiry",
                          resolved_first_contact=False)
    flagged = ids(memory_journal, london(2026, 10, 10), "follow-up-missing")
    assert flagged == []
    assert {linked.id, called_back.id, sorted_first.id, enquiry.id}.isdisjoint(flagged)


# --- feedback-no-action ----------------------------------------------------------------------------
def test_feedback_without_action_after_7_days(memory_journal) -> None:
    c = customer(memory_journal)
    f = memory_journal.feedback.add(Feedback(customer=c.id, at="2026-10-05T12:00:00+01:00", nps=6, csat=3))
    memory_journal.feedback.add(Feedback(at="2026-10-05T12:00:00+01:00", source="supervisor",
                                         action_taken="Practised the greeting"))
    assert ids(memory_journal, london(2026, 10, 12, 11, 59, 59), "feedback-no-action") == []
    [r] = found(memory_journal, london(2026, 10, 12, 12, 0, 0), "feedback-no-action")
    assert r.subject.as_dict() == {"type": "feedback", "id": f.id}
    assert r.message == ("Feedback from Customer A on Mon 5 Oct (NPS 6, CSAT 3) has no action written yet. "
                         "What did you change?")


def test_feedback_week_across_the_autumn_change(memory_journal) -> None:
    memory_journal.feedback.add(Feedback(at="2026-10-20T12:00:00+01:00", source="colleague"))
    # Seven days of real time end at 11:00 GMT, not 12:00.
    assert ids(memory_journal, london(2026, 10, 27, 10, 59, 59), "feedback-no-action") == []
    [r] = found(memory_journal, london(2026, 10, 27, 11, 0, 0), "feedback-no-action")
    assert r.message.startswith("Feedback from a colleague on Tue 20 Oct has no action")


# --- key-customer-quiet ----------------------------------------------------------------------------
@pytest.mark.parametrize(("segment", "days"), [("key", 30), ("growth", 60), ("maintain", 90)])
def test_quiet_customer_after_their_cadence(memory_journal, segment: str, days: int) -> None:
    from datetime import date, timedelta

    c = customer(memory_journal, segment=segment)
    interaction(memory_journal, "2026-10-01T15:00:00+01:00", customer=c.id)
    due_day = date(2026, 10, 1) + timedelta(days=days)
    last_quiet_second = london(due_day.year, due_day.month, due_day.day, 23, 59, 59)
    assert ids(memory_journal, last_quiet_second, "key-customer-quiet") == []
    first = due_day + timedelta(days=1)
    [r] = found(memory_journal, london(first.year, first.month, first.day), "key-customer-quiet")
    assert r.subject.as_dict() == {"type": "customer", "id": c.id} and r.severity == "overdue"
    assert r.message == (f"You haven't been in touch with Customer A for {days + 1} days: "
                         f"{segment} customers should hear from you every {days} days.")


def test_occasional_customers_are_never_chased(memory_journal) -> None:
    c = customer(memory_journal, segment="occasional")
    interaction(memory_journal, "2026-10-01T15:00:00+01:00", customer=c.id)
    assert ids(memory_journal, london(2028, 1, 1), "key-customer-quiet") == []


def test_quiet_customer_never_contacted_counts_from_when_added(memory_journal, clock) -> None:
    customer(memory_journal, segment="key")  # added at the clock's time, Tue 6 Oct 2026 17:00
    assert ids(memory_journal, london(2026, 11, 5, 23, 59, 59), "key-customer-quiet") == []
    [r] = found(memory_journal, london(2026, 11, 6), "key-customer-quiet")
    assert "since adding them 31 days ago" in r.message


def test_any_later_contact_resets_the_cadence_and_the_setting_changes_it(memory_journal) -> None:
    c = customer(memory_journal, segment="key")
    interaction(memory_journal, "2026-10-01T15:00:00+01:00", customer=c.id)
    interaction(memory_journal, "2026-10-20T15:00:00+01:00", customer=c.id, channel="email")
    assert ids(memory_journal, london(2026, 11, 5), "key-customer-quiet") == []
    save_setting(memory_journal, "cadence_key_days", 10)
    assert ids(memory_journal, london(2026, 10, 31, 0, 0), "key-customer-quiet") == [c.id]


def test_interaction_without_customer_and_internal_customers(memory_journal) -> None:
    colleague = customer(memory_journal, name="Parts desk", kind="internal", segment="key")
    memory_journal.interactions.add(Interaction(at="2026-10-01T09:00:00+01:00", customer=colleague.id,
                                                kind="internal", star=Star()))
    [r] = found(memory_journal, london(2026, 10, 5), "reflection-missing")
    assert "the internal request with Customer A (conversation, Thu 1 Oct)" in r.message
