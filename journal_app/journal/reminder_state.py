"""Snoozed and dismissed reminders, kept in the journal's ``reminder_state`` table.

A row names a reminder by (rule, subject type, subject id) — ids, never names — so the
table holds no personal data beyond the learner's own optional reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .journal import Journal

SNOOZED = "snoozed"
DISMISSED = "dismissed"
StateKey = tuple[str, str, str]  # (rule, subject type, subject id)


@dataclass(frozen=True)
class ReminderState:
    rule: str
    subject_type: str
    subject_id: str
    state: str  # "snoozed" or "dismissed"
    until: str | None  # ISO time with offset, for a snooze
    reason: str
    fingerprint: str  # what the subject looked like when dismissed
    at: str  # when the learner chose this

    @property
    def key(self) -> StateKey:
        return (self.rule, self.subject_type, self.subject_id)


def load_states(journal: Journal) -> dict[StateKey, ReminderState]:
    rows = journal.db.execute(
        "SELECT rule, subject_type, subject_id, state, until, reason, fingerprint, at FROM reminder_state"
    )
    return {(r[0], r[1], r[2]): ReminderState(*r) for r in rows}


def find_state(journal: Journal, key: StateKey) -> ReminderState | None:
    row = journal.db.execute(
        "SELECT rule, subject_type, subject_id, state, until, reason, fingerprint, at FROM reminder_state"
        " WHERE rule = ? AND subject_type = ? AND subject_id = ?", key,
    ).fetchone()
    return ReminderState(*row) if row else None


def save_state(journal: Journal, state: ReminderState) -> None:
    with journal.transaction():
        journal.db.execute(
            "INSERT OR REPLACE INTO reminder_state"
            " (rule, subject_type, subject_id, state, until, reason, fingerprint, at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (state.rule, state.subject_type, state.subject_id, state.state, state.until, state.reason,
             state.fingerprint, state.at),
        )
    journal.changed("reminder", ":".join(state.key))


def clear_state(journal: Journal, key: StateKey) -> bool:
    """Forget a snooze or dismissal; True when there was one."""
    with journal.transaction():
        cursor = journal.db.execute(
            "DELETE FROM reminder_state WHERE rule = ? AND subject_type = ? AND subject_id = ?", key
        )
    if cursor.rowcount:
        journal.changed("reminder", ":".join(key))
    return cursor.rowcount > 0


def forget_subject(journal: Journal, subject_type: str, subject_id: str) -> int:
    """Drop every snooze and dismissal about one record (when it is erased)."""
    with journal.transaction():
        cursor = journal.db.execute(
            "DELETE FROM reminder_state WHERE subject_type = ? AND subject_id = ?", (subject_type, subject_id)
        )
    if cursor.rowcount:
        journal.changed("reminder", f"{subject_type}:{subject_id}")
    return cursor.rowcount
