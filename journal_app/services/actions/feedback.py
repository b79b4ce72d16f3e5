"""Recording what a customer said (NPS, CSAT, a comment) and what the learner did about it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...journal.records import Feedback
from .running import Done, act

if TYPE_CHECKING:
    from ...journal.journal import Journal


def record_feedback(journal: Journal, feedback: Feedback) -> Done[Feedback]:
    """Add feedback (no id yet) or correct it."""
    return act(journal, lambda: journal.feedback.update(feedback) if feedback.id
               else journal.feedback.add(feedback))
