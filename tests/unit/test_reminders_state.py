"""Snooze, dismiss and restore; one-click actions; settings; the shape the GUI and CLI read."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from journal_app.errors import InvalidInput, InvalidRecord, RecordNotFound
from journal_app.journal.records import Evidence, Star
from journal_app.services.rules import reminders as rem
from journal_app.services.rules.reminder_settings import (
    ReminderSettings,
    load_settings,
    reset_setting,
    save_setting,
)

from .reminder_support import customer, found, interaction, london, promise

NOW = london(2026, 10, 10, 9, 0)


def _overdue(journal):
    c = customer(journal)
    p = promise(journal, "2026-10-06", customer=c.id)
    [r] = found(journal, NOW, "promise-overdue")
    return p, r


# --- snooze --------------------------------------------------------------------------------------
def test_snooze_hides_until_the_start_of_the_chosen_day(memory_journal) -> None:
    _p, r = _overdue(memory_journal)
    until = rem.snooze(memory_journal, r, date(2026, 10, 12), now=NOW)
    assert until == london(2026, 10, 12)
    assert found(memory_journal, NOW, "promise-overdue") == []
    assert found(memory_journal, london(2026, 10, 11, 23, 59, 59), "promise-overdue") == []
    [back] = found(memory_journal, london(2026, 10, 12, 0, 0, 0), "promise-overdue")
    assert back.state == ""
    [hidden] = found(memory_journal, NOW, "promise-overdue", include_hidden=True)
    assert hidden.state == "snoozed" and hidden.hidden_until == london(2026, 10, 12)


def test_snooze_by_key_to_a_time_and_refusals(memory_journal) -> None:
    _p, r = _overdue(memory_journal)
    rem.snooze(memory_journal, r.key, datetime(2026, 10, 10, 13, 0), now=NOW)  # naive: the learner's zone
    assert found(memory_journal, london(2026, 10, 10, 12, 59, 59), "promise-overdue") == []
    assert found(memory_journal, london(2026, 10, 10, 13, 0), "promise-overdue")
    with pytest.raises(InvalidInput, match="later than now"):
        rem.snooze(memory_journal, r, london(2026, 10, 10, 8, 0), now=NOW)
    with pytest.raises(InvalidInput, match="not a reminder key"):
        rem.snooze(memory_journal, "nonsense", date(2026, 10, 12), now=NOW)
    with pytest.raises(InvalidInput, match="not a kind of reminder"):
        rem.snooze(memory_journal, "made-up:promise:p1", date(2026, 10, 12), now=NOW)


# --- dismiss -------------------------------------------------------------------------------------
def test_dismissed_promise_returns_when_its_due_date_changes(memory_journal) -> None:
    p, r = _overdue(memory_journal)
    rem.dismiss(memory_journal, r, reason="Customer said no rush", now=NOW)
    assert found(memory_journal, NOW, "promise-overdue") == []
    # A change that doesn't matter to the rule: the wording.
    p = memory_journal.promises.get(p.id)
    p.text = "Call back with the delivery date (parts desk)"
    memory_journal.promises.update(p)
    assert found(memory_journal, london(2026, 10, 20), "promise-overdue") == []
    # A change that matters: a new due date, and it's overdue again.
    p.due = "2026-10-08"
    memory_journal.promises.update(p)
    [back] = found(memory_journal, NOW, "promise-overdue")
    assert back.subject.id == p.id and back.state == ""


def test_dismissed_reflection_returns_only_when_the_gaps_change(memory_journal) -> None:
    i = interaction(memory_journal, "2026-10-01T09:30:00+01:00", star=Star(situation="Late car"))
    [r] = found(memory_journal, NOW, "reflection-missing")
    rem.dismiss(memory_journal, r.key, now=NOW)  # by key: the fingerprint is looked up
    i = memory_journal.interactions.get(i.id)
    i.summary = "Customer rang about their car"
    memory_journal.interactions.update(i)
    assert found(memory_journal, NOW, "reflection-missing") == []
    i.star = Star(situation="Late car", task="Calm them")
    memory_journal.interactions.update(i)
    [back] = found(memory_journal, NOW, "reflection-missing")
    assert "missing Action and Result" in back.message


def test_dismiss_refusals_change_nothing(memory_journal) -> None:
    _p, r = _overdue(memory_journal)
    with pytest.raises(InvalidInput, match="no reminder"):
        rem.dismiss(memory_journal, "promise-overdue:promise:p-nope", now=NOW)
    with pytest.raises(InvalidInput, match="under 500"):
        rem.dismiss(memory_journal, r, reason="x" * 501, now=NOW)
    assert found(memory_journal, NOW, "promise-overdue") == [r]


def test_restore_shows_it_again(memory_journal) -> None:
    _p, r = _overdue(memory_journal)
    rem.dismiss(memory_journal, r, now=NOW)
    assert rem.restore(memory_journal, r.key) is True
    assert found(memory_journal, NOW, "promise-overdue") == [r]
    assert rem.restore(memory_journal, r.key) is False


def test_snooze_and_dismiss_are_saved_in_the_journal_file(journal, journal_path, clock) -> None:
    from journal_app.journal.journal import Journal

    from ..conftest import PASSPHRASE

    c = customer(journal)
    promise(journal, "2026-10-01", customer=c.id)
    [r] = found(journal, NOW, "promise-overdue")
    rem.snooze(journal, r, date(2026, 10, 20), now=NOW)
    journal.save()
    journal.close()
    reopened = Journal.open(journal_path, PASSPHRASE, clock=clock)
    try:
        assert found(reopened, NOW, "promise-overdue") == []
        assert found(reopened, london(2026, 10, 20), "promise-overdue")[0].subject.id == r.subject.id
    finally:
        reopened.close()


# --- one-click actions ---------------------------------------------------------------------------------
def test_mark_promise_closes_it_with_history(memory_journal) -> None:
    p, _r = _overdue(memory_journal)
    closed = rem.mark_promise(memory_journal, p.id, "late", "Rang on Thursday instead", NOW)
    assert (closed.status, closed.outcome, closed.closed_at) == ("late", "Rang on Thursday instead",
                                                                  "2026-10-10T09:00:00+01:00")
    assert memory_journal.promises.history(p.id)[0]["data"]["status"] == "open"
    assert found(memory_journal, NOW, "promise-overdue") == []
    assert found(memory_journal, NOW, "promise-closed-no-outcome") == []


def test_mark_promise_refusals_leave_it_open(memory_journal) -> None:
    p, _r = _overdue(memory_journal)
    with pytest.raises(InvalidInput, match="isn't a way to close a promise"):
        rem.mark_promise(memory_journal, p.id, "open", "", NOW)
    with pytest.raises(RecordNotFound):
        rem.mark_promise(memory_journal, "p-missing", "kept", "", NOW)
    with pytest.raises(InvalidRecord):
        rem.mark_promise(memory_journal, p.id, "kept", "x" * 100_001, NOW)
    assert memory_journal.promises.get(p.id).status == "open"


def test_resolve_actions_and_apply(memory_journal) -> None:
    p, r = _overdue(memory_journal)
    actions = rem.resolve_actions(r)
    assert [a.kind for a in actions] == ["mark-promise"] * 3 + ["open", "snooze", "snooze", "dismiss"]
    assert actions[0].params == {"status": "late", "id": p.id}
    assert actions[3].params == {"type": "promise", "id": p.id, "focus": "close-promise"}
    rem.apply_action(memory_journal, r, actions[0], NOW, outcome="Sorted on Friday")
    assert memory_journal.promises.get(p.id).status == "late"
    assert found(memory_journal, NOW, "promise-closed-no-outcome") == []
    interaction(memory_journal, "2026-10-01T09:30:00+01:00", star=Star())
    [gap] = found(memory_journal, NOW, "reflection-missing")
    snooze_tomorrow = [a for a in rem.resolve_actions(gap) if a.kind == "snooze"][0]
    assert rem.apply_action(memory_journal, gap, snooze_tomorrow, NOW) == london(2026, 10, 11)
    assert found(memory_journal, NOW, "reflection-missing") == []


# --- shape, ordering and settings ----------------------------------------------------------------------
def test_as_dict_and_grouping(memory_journal) -> None:
    _p, r = _overdue(memory_journal)
    memory_journal.evidence.add(Evidence())
    data = r.as_dict()
    assert data["rule"] == "promise-overdue" and data["severity"] == "overdue"
    assert data["subject"] == {"type": "promise", "id": r.subject.id}
    assert data["due"] == "2026-10-07T00:00:00+01:00" and data["since"] == "2026-10-07T00:00:00+01:00"
    assert data["action"] == "close-promise" and data["key"] == f"promise-overdue:promise:{r.subject.id}"
    reminders = rem.compute_reminders(memory_journal, NOW)
    groups = rem.grouped(reminders)
    assert [g for g, _items in groups] == ["overdue", "missing"]
    assert [x.urgency for x in reminders] == sorted(x.urgency for x in reminders)
    assert rem.SEVERITIES == ("overdue", "due-soon", "missing", "info")


def test_settings_are_typed_checked_and_stored(memory_journal) -> None:
    assert load_settings(memory_journal) == ReminderSettings()
    settings = save_setting(memory_journal, "due_soon_hours", 24)
    assert settings.due_soon_hours == 24
    assert save_setting(memory_journal, "working_days", ["mon", 3, "Friday"]).working_days == (1, 3, 5)
    for name, bad in [("due_soon_hours", "soon"), ("due_soon_hours", 0), ("timezone", "Mars/Base"),
                      ("working_days", ["Funday"]), ("disabled_rules", ["no-such-rule"]), ("colour", 1)]:
        with pytest.raises(InvalidInput):
            save_setting(memory_journal, name, bad)
    assert load_settings(memory_journal).due_soon_hours == 24
    memory_journal.set_setting("reminders.feedback_action_days", "garbage")  # e.g. edited by hand
    assert load_settings(memory_journal).feedback_action_days == 7
    assert reset_setting(memory_journal, "due_soon_hours").due_soon_hours == 48


def test_another_time_zone_moves_the_day_boundary(memory_journal) -> None:
    p = promise(memory_journal, "2026-10-06")
    save_setting(memory_journal, "timezone", "America/New_York")
    # 00:30 BST on 7 Oct is still 19:30 on 6 Oct in New York: not overdue there yet.
    assert [r.rule for r in found(memory_journal, london(2026, 10, 7, 0, 30)) if r.subject.id == p.id] == [
        "promise-due-soon"
    ]


def test_now_must_carry_an_offset(memory_journal) -> None:
    with pytest.raises(ValueError):
        rem.compute_reminders(memory_journal, datetime(2026, 10, 10, 9, 0))
