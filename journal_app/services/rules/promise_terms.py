"""What "overdue", "due soon", "this week" and "kept" mean for a promise: said once.

The Today page, the Promises page, the reminders, the tray, the CLI, Insights and the
evidence pack all count promises with these, so a number never disagrees between
two screens.

- **Overdue**: still open after the end of its due day (the learner's local day).
- **Due within N days**: open and due from today up to today + N.
- **This week**: from Monday 00:00 (local) up to now.
- **Kept rate**: kept ÷ (kept + late + broken + open-and-overdue). A renegotiated
  promise (a new date agreed with the customer) and a cancelled one (no longer
  needed) count neither way.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

# Closing statuses that say whether the learner kept their word.
ACCOUNTABLE = ("kept", "late", "broken")


def is_overdue(status: str, due: str | None, today: date) -> bool:
    """Open, with a due day that is over (``due`` is "YYYY-MM-DD")."""
    return status == "open" and bool(due) and str(due)[:10] < today.isoformat()


def falls_due_within(due: str | None, today: date, days: int) -> bool:
    """Due from today through ``days`` days ahead (0 = due today), open or not."""
    return bool(due) and today.isoformat() <= str(due)[:10] <= (today + timedelta(days=days)).isoformat()


def is_due_within(status: str, due: str | None, today: date, days: int) -> bool:
    """Open and due from today through ``days`` days ahead (0 = due today)."""
    return status == "open" and falls_due_within(due, today, days)


def week_start(now: datetime) -> datetime:
    """Monday 00:00 of ``now``'s week, in ``now``'s zone."""
    monday = now.date() - timedelta(days=now.weekday())
    return datetime.combine(monday, time(0), tzinfo=now.tzinfo)


def kept_share(counts: Mapping[str, int]) -> tuple[int, int]:
    """(kept, promises that count) from counts per status, plus "overdue" if known."""
    return counts.get("kept", 0), sum(counts.get(s, 0) for s in ACCOUNTABLE) + counts.get("overdue", 0)
