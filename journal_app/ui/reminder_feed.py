"""Reminders worked out off the GUI thread, for the Today page and the tray.

The rules read a private copy of the journal on a worker (their cost grows with the
number of open reminders, which can reach the hundreds of milliseconds); the answer
comes back on the GUI thread. A caller that refreshed again meanwhile ignores an
older answer by its ``token``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from .context import AppContext


def compute_in_background(context: AppContext, now: datetime, on_done: Callable[[list[Any]], None],
                          *, real_names: bool = False) -> None:
    """``real_names`` only for the unlocked main window (Today); the tray's notices keep
    pseudonyms, since a notice can pop up over anything on a shared screen."""
    journal = context.journal
    if journal is None:
        return
    copy = journal.reading_copy()

    def work() -> list[Any]:
        from ..services.reminders import compute_reminders

        try:
            return compute_reminders(copy, now, real_names=real_names)
        finally:
            copy.db.close()

    def failed(error: BaseException) -> None:
        from .widgets import common

        common.show_error(None, error)

    context.run_in_background(work, on_done, failed)
