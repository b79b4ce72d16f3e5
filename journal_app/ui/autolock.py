"""Lock the journal when nobody has touched the app for a while.

Any key press, click or mouse movement in the app counts as activity. A slow
timer compares the time since the last activity with the limit, so a fake
monotonic clock can drive it in tests without waiting.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

_ACTIVITY = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.InputMethod,
}
CHECK_EVERY_MS = 5_000


class AutoLock(QObject):
    """Emits ``idle()`` once when the app has been idle for ``minutes`` (0 = never)."""

    idle = Signal()

    def __init__(
        self, minutes: int, monotonic: Callable[[], float] = time.monotonic, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._monotonic = monotonic
        self._limit_s = max(0, minutes) * 60
        self._last = monotonic()
        self._armed = False
        self._timer = QTimer(self)
        self._timer.setInterval(CHECK_EVERY_MS)
        self._timer.timeout.connect(self.check)

    def set_minutes(self, minutes: int) -> None:
        self._limit_s = max(0, minutes) * 60
        self.poke()

    @property
    def minutes(self) -> int:
        return self._limit_s // 60

    def start(self) -> None:
        """Begin watching (after unlock)."""
        self._armed = True
        self.poke()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (while locked there is nothing to protect)."""
        self._armed = False
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def poke(self) -> None:
        self._last = self._monotonic()

    def idle_seconds(self) -> float:
        return self._monotonic() - self._last

    def check(self) -> bool:
        """Emit ``idle`` if the limit has passed; returns whether it did."""
        if not self._armed or self._limit_s <= 0 or self.idle_seconds() < self._limit_s:
            return False
        self.stop()
        self.idle.emit()
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt's name
        if event.type() in _ACTIVITY:
            self._last = self._monotonic()
        return False
