"""The live journal is shared by the GUI thread and workers (an import, a save): a statement
from one thread never runs inside another thread's transaction."""

from __future__ import annotations

import threading

from journal_app.journal.records import Customer


class _Undo(Exception):
    pass


def test_a_read_from_another_thread_never_sees_a_transaction_in_progress(memory_journal) -> None:
    inserted = threading.Event()
    reader_started = threading.Event()
    never = threading.Event()
    counts: list[int] = []

    def reader() -> None:
        inserted.wait(5)
        reader_started.set()
        counts.append(memory_journal.db.execute("SELECT count(*) FROM customers").fetchone()[0])

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        with memory_journal.transaction():
            memory_journal.customers.add(Customer(name="Mrs A. Patel"))
            inserted.set()
            reader_started.wait(5)
            never.wait(0.2)  # room for a reader that doesn't wait to read the half-done state
            raise _Undo
    except _Undo:
        pass
    thread.join(5)
    assert counts == [0]


def test_a_write_from_another_thread_is_not_undone_with_someone_elses_transaction(memory_journal) -> None:
    started = threading.Event()
    writer_started = threading.Event()
    never = threading.Event()

    def writer() -> None:
        started.wait(5)
        writer_started.set()
        memory_journal.set_meta("note", "kept")

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        with memory_journal.transaction():
            memory_journal.customers.add(Customer(name="Mrs A. Patel"))
            started.set()
            writer_started.wait(5)
            never.wait(0.2)
            raise _Undo
    except _Undo:
        pass
    thread.join(5)
    assert memory_journal.meta("note") == "kept"
    assert memory_journal.customers.all() == []
