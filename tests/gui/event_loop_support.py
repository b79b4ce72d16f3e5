"""Drive the real application through its real event loop, by keyboard, step by step.

``Script`` holds steps of (what must be true, what the learner does). A timer checks the
current step while ``app.exec()`` runs; when its condition holds, it acts (QTest key
events only) and moves on. Anything the learner can't get to fails the test with the
step's name rather than hanging: after ``limit_s`` the script gives up and quits the app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QDeadlineTimer, QElapsedTimer, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


@dataclass
class Step:
    name: str
    ready: Callable[[], Any]
    act: Callable[[], None]


@dataclass
class Script:
    steps: list[Step] = field(default_factory=list)
    limit_s: float = 60.0
    done: list[str] = field(default_factory=list)
    failure: str = ""
    keys: int = 0

    def when(self, name: str, ready: Callable[[], Any], act: Callable[[], None]) -> Script:
        self.steps.append(Step(name, ready, act))
        return self

    def start(self) -> None:
        self._clock = QElapsedTimer()
        self._clock.start()
        self._timer = QTimer()
        self._timer.setInterval(20)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        if not self.steps:
            self._timer.stop()
            return
        step = self.steps[0]
        if self._clock.elapsed() > self.limit_s * 1000:
            self.failure = f"gave up waiting for: {step.name} (done: {', '.join(self.done) or 'nothing'})"
            self._timer.stop()
            QApplication.quit()
            return
        if not _window_manager_focus() or not step.ready():
            return
        self.steps.pop(0)
        self.done.append(step.name)
        try:
            step.act()
        except Exception as error:  # the test reports it after app.exec() returns
            self.failure = f"{step.name}: {type(error).__name__}: {error}"
            self._timer.stop()
            QApplication.quit()

    # --- the learner's hands ---------------------------------------------------------------
    def type(self, text: str) -> None:
        target = focused()
        QTest.keyClicks(target, text)
        self.keys += len(text)

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
        QTest.keyClick(focused(), key, modifier)
        self.keys += 1


def focused() -> QWidget:
    widget = QApplication.focusWidget() or QApplication.activeWindow()
    if widget is None:
        raise AssertionError("nothing has keyboard focus")
    return widget


def _window_manager_focus() -> bool:
    """True when a shown window is active. Offscreen Qt has no window manager to activate a
    newly shown window, so do what one does and let the next tick see the result."""
    active = QApplication.activeWindow()
    if active is not None and active.isVisible():
        return True
    shown = [w for w in QApplication.topLevelWidgets() if w.isWindow() and w.isVisible()]
    if shown:
        shown[-1].activateWindow()
    return False


def visible_window(cls_name: str) -> QWidget | None:
    for widget in QApplication.topLevelWidgets():
        if type(widget).__name__ == cls_name and widget.isVisible():
            return widget
    return None


def settle(ms: int = 50) -> None:
    QTest.qWait(ms)
    QApplication.processEvents(QDeadlineTimer(ms))


def forget_windows() -> None:
    """Delete every top-level window a real run left behind (hidden unlock windows,
    wizards): the next run restyles the whole application, and a window half torn down
    by Python's garbage collector must not be among what it restyles."""
    from PySide6.QtCore import QCoreApplication, QEvent

    for widget in QApplication.topLevelWidgets():
        widget.hide()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
