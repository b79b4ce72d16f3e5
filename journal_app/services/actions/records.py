"""Saving and deleting any record, the learner's profile, and journal settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from ...journal.record_base import Record
from ...journal.records import Learner
from .changes import Changes
from .running import Done, act

if TYPE_CHECKING:
    from ...journal.journal import Journal

R = TypeVar("R", bound=Record)


def save_record(journal: Journal, record: R) -> Done[R]:
    """Add a record (no id yet) or update it (its edit history keeps the old version)."""
    repository: Any = journal.repository(record.TYPE)
    existing = bool(getattr(record, "id", ""))
    return act(journal, lambda: repository.update(record) if existing else repository.add(record))


def delete_record(journal: Journal, record_type: str, record_id: str) -> Changes:
    """Delete one record. Promises and feedback from a deleted interaction stay."""
    repository: Any = journal.repository(record_type)
    return act(journal, lambda: repository.delete(record_id)).changes


def save_profile(journal: Journal, learner: Learner) -> Done[Learner]:
    """The learner's own details (the evidence log's cover)."""
    return act(journal, lambda: journal.set_learner(learner))


def set_journal_setting(journal: Journal, key: str, value: Any) -> Changes:
    """A setting kept inside the journal (reminder rules, chosen framework…)."""
    return act(journal, lambda: journal.set_setting(key, value)).changes
