"""Read-only queries for the evidence pack, KPIs and criteria coverage.

Periods are inclusive local dates: an interaction written at 23:30 on 3 Oct
(+01:00) belongs to 3 Oct, the day the learner lived it, so the query compares
the date part of the stored local time rather than the UTC sort key.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from .records import Evidence, Feedback, Hours, Improvement, Interaction, Objective, Promise, Review

if TYPE_CHECKING:
    from .journal import Journal

_EARLIEST = "0000-01-01"
_LATEST = "9999-12-31"


def _bounds(start: date | None, end: date | None) -> tuple[str, str]:
    return (start.isoformat() if start else _EARLIEST, end.isoformat() if end else _LATEST)


def interactions_in(
    journal: Journal, start: date | None = None, end: date | None = None
) -> list[Interaction]:
    """Interactions on the days from ``start`` to ``end``, oldest first."""
    return journal.interactions.all("substr(at, 1, 10) BETWEEN ? AND ?", _bounds(start, end), "at_utc, id")


def feedback_in(journal: Journal, start: date | None = None, end: date | None = None) -> list[Feedback]:
    return journal.feedback.all("substr(at, 1, 10) BETWEEN ? AND ?", _bounds(start, end), "at_utc, id")


def promises_due_in(journal: Journal, start: date | None = None, end: date | None = None) -> list[Promise]:
    """Promises falling due in the period: that is when keeping one is judged."""
    return journal.promises.all("due BETWEEN ? AND ?", _bounds(start, end), "due, id")


def hours_in(journal: Journal, start: date | None = None, end: date | None = None) -> list[Hours]:
    return journal.hours.all("date BETWEEN ? AND ?", _bounds(start, end), "date, id")


def evidence_in(journal: Journal, start: date | None = None, end: date | None = None) -> list[Evidence]:
    """Evidence dated in the period, plus undated items (they can't be placed outside it)."""
    return journal.evidence.all(
        "at IS NULL OR at = '' OR at BETWEEN ? AND ?", _bounds(start, end), "coalesce(at, ''), id"
    )


def reviews_in(journal: Journal, start: date | None = None, end: date | None = None) -> list[Review]:
    return journal.reviews.all("at BETWEEN ? AND ?", _bounds(start, end), "at, id")


def objectives_all(journal: Journal) -> list[Objective]:
    """Every relationship plan objective: plans run across periods, so none is cut off."""
    return journal.objectives.all(order="coalesce(due, '9999'), id")


def entry_span(journal: Journal) -> tuple[str | None, str | None]:
    """The first and last day anything was logged, for a pack with no period given."""
    row = journal.db.execute(
        "SELECT min(d), max(d) FROM ("
        " SELECT substr(at, 1, 10) AS d FROM interactions"
        " UNION ALL SELECT substr(at, 1, 10) FROM feedback"
        " UNION ALL SELECT date FROM hours)"
    ).fetchone()
    return (row[0], row[1]) if row else (None, None)


def improvements_all(journal: Journal) -> list[Improvement]:
    """Every improvement record, by when the change started (undated ones last)."""
    return journal.improvements.all(order="coalesce(started, measured, '9999'), created_at, id")


def interaction_times(journal: Journal, ids: Iterable[str]) -> dict[str, str]:
    """When each named interaction happened (the start of a promise's response-time clock)."""
    wanted = sorted({i for i in ids if i})
    out: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        out.update(journal.db.execute(f"SELECT id, at FROM interactions WHERE id IN ({marks})", chunk))
    return out
