"""One way to run slow work (unlock's key derivation, saving, export) off the GUI thread.

``run_in_background(work, on_done, on_error)`` runs ``work()`` on Qt's thread pool
and calls ``on_done(result)`` or ``on_error(exception)`` back on the GUI thread.
Tests swap in ``run_now`` (context.py), which does the same synchronously.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from .context import run_now

__all__ = ["BackgroundRunner", "Task", "run_now"]


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the call back to this thread."""

    finished = Signal(object, object)  # (result, error)


class Task(QRunnable):
    """One piece of background work. ``cancel()`` only sets a flag the work may check."""

    def __init__(self, work: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._work = work
        self._relay = relay
        self.cancelled = threading.Event()
        self.done = threading.Event()

    def cancel(self) -> None:
        self.cancelled.set()

    def run(self) -> None:
        try:
            result = self._work()
        except BaseException as error:  # why: carried to the GUI thread's handler
            self._relay.finished.emit(None, error)
        else:
            self._relay.finished.emit(result, None)
        finally:
            self.done.set()


class BackgroundRunner(QObject):
    """Callable like ``run_now``; returns the Task so a caller can cancel or wait for it."""

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._running: set[Task] = set()

    def __call__(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Task:
        relay = _Relay()
        relay.moveToThread(self.thread())
        task = Task(work, relay)

        @Slot(object, object)
        def finished(result: Any, error: Any) -> None:
            self._running.discard(task)
            relay.deleteLater()
            if error is not None:
                if on_error is None:
                    raise error
                on_error(error)
            elif on_done is not None:
                on_done(result)

        relay.finished.connect(finished)
        self._running.add(task)
        self._pool.start(task)
        return task

    def busy(self) -> bool:
        return bool(self._running)

    def wait_all(self, timeout_ms: int = 30_000) -> bool:
        """Block until every running task has finished (used on quit and lock)."""
        return self._pool.waitForDone(timeout_ms)
