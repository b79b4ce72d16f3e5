"""Reminders stay cheap on big journals: no rule reads every interaction, promise or feedback row.

Each rule's query must be answered from an index (most are partial indexes holding only
rows that may need attention), which only works while the query text matches the index's
WHERE clause. This catches the two drifting apart.
"""

from __future__ import annotations

import re

from journal_app.journal.records import Feedback, Hours, Learner, Star
from journal_app.services.rules.reminder_settings import save_setting
from journal_app.services.rules.reminders import compute_reminders

from .reminder_support import customer, interaction, london, promise

BIG_TABLES = re.compile(r"^SCAN (interactions|promises|feedback|[ipf])\b(?!.*USING)")


class RecordingConnection:
    """Passes every call to the real connection and remembers the queries run."""

    def __init__(self, db) -> None:
        self._db = db
        self.queries: list[tuple[str, tuple]] = []

    def execute(self, sql: str, params=()):
        self.queries.append((sql, tuple(params)))
        return self._db.execute(sql, params)

    def __getattr__(self, name: str):
        return getattr(self._db, name)


def test_no_rule_scans_a_big_table(memory_journal) -> None:
    memory_journal.set_learner(Learner(start="2026-09-01", end="2026-11-30", off_the_job_target_hours=50))
    save_setting(memory_journal, "working_days", [1, 2, 3, 4, 5])
    # retention-due asks the retention service, which reads records its own way (see the benchmark).
    save_setting(memory_journal, "disabled_rules", ["retention-due"])
    c = customer(memory_journal, segment="key")
    i = interaction(memory_journal, "2026-10-01T09:30:00+01:00", kind="complaint", customer=c.id, star=Star(),
                    resolved_first_contact=False)
    interaction(memory_journal, "2026-10-02T09:30:00+01:00", kind="follow-up", customer=c.id)
    promise(memory_journal, "2026-10-05", customer=c.id, interaction=i.id)
    promise(memory_journal, "2026-10-01", status="kept")
    memory_journal.feedback.add(Feedback(customer=c.id, at="2026-10-01T12:00:00+01:00"))
    memory_journal.hours.add(Hours(date="2026-10-01", minutes=60, off_the_job=True))

    recorder = RecordingConnection(memory_journal.db)
    memory_journal.db = recorder
    try:
        reminders = compute_reminders(memory_journal, london(2026, 10, 20, 9, 0))
    finally:
        memory_journal.db = recorder._db
    assert {r.rule for r in reminders} >= {"promise-overdue", "reflection-missing", "feedback-no-action"}

    full_scans, steps = [], []
    for sql, params in recorder.queries:
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        plan = [row[3] for row in memory_journal.db.execute("EXPLAIN QUERY PLAN " + sql, params)]
        full_scans += [(step, sql[:80]) for step in plan if BIG_TABLES.search(step)]
        steps += plan
    assert full_scans == []
    used = {name for step in steps for name in re.findall(r"INDEX (\w+)", step)}
    assert used >= {
        "interactions_star_gaps", "interactions_complaint_gaps", "interactions_unresolved",
        "interactions_follow_ups", "interactions_by_customer_time", "promises_by_due",
        "promises_by_interaction", "promises_no_outcome", "feedback_no_action",
    }
