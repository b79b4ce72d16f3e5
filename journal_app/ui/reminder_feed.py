"""Reminders worked out once per change, off the GUI thread, for every screen that shows them.

The rules read a private copy of the journal on a worker (their cost grows with the
number of open reminders, which can reach the hundreds of milliseconds); the answer
comes back on the GUI thread. ``ReminderFeed`` is the one place that asks: the Today
list, Today's cards and the tray subscribe to ``updated`` instead of each recomputing
everything. Changes arriving close together are computed once, and an answer older
than the latest question is dropped (newest answer wins).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from .context import AppContext

SETTLE_MS = 150  # changes this close together are counted once


class ReminderFeed(QObject):
    """``updated(named, public, now)`` after every relevant change (and on ``refresh()``).

    ``named`` is for the learner's own unlocked window (real names, their own words);
    ``public`` keeps to pseudonyms, for what can show over other windows (the tray's
    notices). Both come from one reading copy in one worker job.
    """

    updated = Signal(object, object, object)  # list[Reminder] named, list[Reminder] public, datetime

    def __init__(self, context: AppContext, settle_ms: int = SETTLE_MS,
                 parent: QObject | None = None) -> None:
        super().__init__(parent or context)
        self.context = context
        self.named: list[Any] | None = None
        self.public: list[Any] | None = None
        self.computed = 0  # how many times the rules ran (the tests count it)
        self._waiting = False  # an answer is on its way
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(settle_ms)
        self._timer.timeout.connect(self.refresh)
        context.journal_changed.connect(lambda *_: self.soon())
        context.locked.connect(self._forget)

    def soon(self) -> None:
        """Something changed: work the reminders out again once things settle."""
        self._timer.start()

    def ensure(self) -> None:
        """A screen wants fresh reminders: ask now (a change waiting to settle is included),
        unless an answer is already on its way."""
        if not self._waiting:
            self.refresh()

    def refresh(self) -> None:
        """Work them out now (the minute ticked over, the clock moved)."""
        self._timer.stop()
        if self.context.journal is None:
            return
        now = self.context.now()
        self.computed += 1
        self._waiting = True

        def work(copy: Any) -> tuple[list[Any], list[Any]]:
            from ..services.rules.reminders import compute_reminders

            return compute_reminders(copy, now, real_names=True), compute_reminders(copy, now)

        def failed(error: BaseException) -> None:
            self._waiting = False
            from .widgets import common

            common.show_error(None, error)

        # Only the newest answer arrives (context.read), so an older one never overwrites it.
        self.context.read("reminders", work, lambda both: self._answer(both, now), failed)

    def _answer(self, both: tuple[list[Any], list[Any]], now: datetime) -> None:
        self._waiting = False
        self.named, self.public = both
        self.updated.emit(self.named, self.public, now)

    def _forget(self) -> None:
        self._waiting = False
        self._timer.stop()
        self.named = self.public = None
