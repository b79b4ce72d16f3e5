"""Saving without freezing: wait for a pause in editing, copy the database, write it off-thread.

The snapshot copy (``journal.snapshot()``) happens on the GUI thread because that
thread writes to the database; sealing and the durable write happen on a worker.
A failed save keeps everything in memory, says so in plain words, and is retried
on the next change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from .widgets.common import describe_error

if TYPE_CHECKING:
    from ..journal.journal import Journal

DEBOUNCE_MS = 400


def tr(text: str) -> str:
    return QCoreApplication.translate("Saver", text)


class Saver(QObject):
    """Debounced background saves for one journal. ``state`` is "Saved", "Saving…" or an error."""

    state_changed = Signal(str)
    failed = Signal(object)

    def __init__(
        self, journal: Journal, run_in_background: Callable[..., Any], debounce_ms: int = DEBOUNCE_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal = journal
        self._run = run_in_background
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.save_now)
        self._writing = False
        self._again = False
        self._flushing = False
        self._task: Any = None
        self._seal = False
        self.state = tr("Saved")
        self.last_error: BaseException | None = None

    def request(self) -> None:
        """Something changed: save after a short pause."""
        if self.journal is None:
            return
        self._set_state(tr("Saving…"))
        self._timer.start()

    def seal(self) -> None:
        """Save now and then replace the backups (after data was erased or expired)."""
        if self.journal is None:
            return
        self._seal = True
        self.journal.dirty = True
        self.save_now()

    def pending(self) -> bool:
        return self._timer.isActive() or self._writing or bool(self.journal and self.journal.dirty)

    def save_now(self) -> None:
        self._timer.stop()
        if self.journal is None or self.journal.vault is None:
            return
        if self._writing:
            self._again = True  # one more round once the current write lands
            return
        if not self.journal.dirty:
            self._set_state(tr("Saved"))
            return
        data = self.journal.snapshot()
        self._writing = True
        self._set_state(tr("Saving…"))
        journal, seal, self._seal = self.journal, self._seal, False

        def write() -> Any:
            stats = journal.write_snapshot(data)
            if seal:
                assert journal.vault is not None  # write_snapshot refuses a journal with no file
                journal.vault.rewrite_backups()
            return stats

        self._task = self._run(write, self._done, self._error)

    def _done(self, _stats: Any) -> None:
        self._writing = False
        self._task = None
        self.last_error = None
        if self._flushing:
            return
        if self._again or (self.journal is not None and self.journal.dirty):
            self._again = False
            self.save_now()
            return
        self._set_state(tr("Saved"))

    def _error(self, error: BaseException) -> None:
        self._writing = False
        self._task = None
        self._again = False
        self._seal = self._seal or self.journal is not None  # retry the backup rewrite too
        self.last_error = error
        if self.journal is not None:
            self.journal.dirty = True  # still in memory; the next change retries
        _title, message = describe_error(error)
        self._set_state(tr("Not saved: {message}").format(message=message))
        self.failed.emit(error)

    def flush(self) -> None:
        """Save everything now and wait (before locking or quitting). Raises if it fails."""
        self._timer.stop()
        self._flushing = True
        try:
            task = self._task
            if task is not None and hasattr(task, "done"):
                task.done.wait(60)
            QCoreApplication.processEvents()  # deliver a finished write's callback
            if self.journal is None or self.journal.vault is None:
                return
            if self.journal.dirty:
                self._set_state(tr("Saving…"))
                try:
                    self.journal.save()
                    if self._seal:
                        self._seal = False
                        self.journal.vault.rewrite_backups()
                except BaseException as error:
                    self._error(error)
                    raise
            self._writing = False
            self._set_state(tr("Saved"))
        finally:
            self._flushing = False

    def detach(self) -> None:
        self._timer.stop()
        self.journal = None  # type: ignore[assignment]

    def _set_state(self, text: str) -> None:
        if text != self.state:
            self.state = text
            self.state_changed.emit(text)
