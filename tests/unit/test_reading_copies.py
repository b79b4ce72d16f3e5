"""Reading copies: the workers' private snapshots share the journal's answers by content stamp,
so reminders worked out on one copy are reused by the next while nothing has been written."""

from __future__ import annotations

import sqlite3

import pytest

from journal_app.services.privacy import retention
from tests.unit.reminder_support import customer, found, london


def test_a_copy_has_the_stamp_of_the_journal_it_was_copied_from(memory_journal) -> None:
    customer(memory_journal)
    copy = memory_journal.reading_copy()
    assert copy.content_stamp == memory_journal.content_stamp
    customer(memory_journal, name="Mr B. Jones")
    assert memory_journal.content_stamp != copy.content_stamp
    assert memory_journal.reading_copy().content_stamp == memory_journal.content_stamp


def test_a_copy_cannot_be_written(memory_journal) -> None:
    copy = memory_journal.reading_copy()
    with pytest.raises(sqlite3.OperationalError):
        customer(copy)
    assert memory_journal.customers.all() == []


def test_reminders_on_fresh_copies_reuse_the_work_until_something_is_written(
    memory_journal, monkeypatch
) -> None:
    customer(memory_journal)
    calls = []
    real = retention.due_within

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(retention, "due_within", counting)
    now = london(2026, 11, 26, 10, 0)
    for _ in range(3):  # as the reminder feed does: a new copy for each refresh
        found(memory_journal.reading_copy(), now)
    assert len(calls) == 1
    customer(memory_journal, name="Mr B. Jones")
    found(memory_journal.reading_copy(), now)
    assert len(calls) == 2
