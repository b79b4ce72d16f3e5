"""What every page gets: the open journal, the clock, and the app's shared actions.

Pages never reach into each other; they talk through this object's signals.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, QThread, Signal

if TYPE_CHECKING:
    from ..journal.journal import Journal

_T = TypeVar("_T")


class AppContext(QObject):
    """Shared state of one unlocked session.

    Signals:
        journal_changed(record_type, record_id): a record was written; pages refresh.
        open_record(record_type, record_id): ask the main window to show a record.
        save_state(text): "Saving…" / "Saved" / an error, for the status bar.
        locked(): the journal was locked; pages must drop everything they show.
        navigate(page_name): ask the main window to show a sidebar page ("today", "privacy"…).
        app_setting_changed(key): an AppSettings value changed (e.g. the auto-lock minutes).
        changed(changes, initiator): a learner action finished: what it changed (services'
            ``Changes``) and the page that made it (None for anything else); a screen can
            ignore what it doesn't show, and its own edits.
        status_message(text): a short confirmation for the status bar ("Saved: Complaint with …").
        save_requested(): something was written; the main window saves after a short pause.
        seal_requested(): save at once and then replace the backups (erasure, retention).
    """

    journal_changed = Signal(str, str)
    open_record = Signal(str, str)
    save_state = Signal(str)
    locked = Signal()
    navigate = Signal(str)
    app_setting_changed = Signal(str)
    changed = Signal(object, object)
    status_message = Signal(str)

    def __init__(
        self,
        journal: Journal,
        clock: Callable[[], datetime] | None = None,
        run_in_background: Callable[..., Any] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.journal: Journal | None = journal
        self._clock = clock
        self.run_in_background = run_in_background or run_now
        # App-wide Qt settings (theme, auto-lock…); the app sets it, tests may leave it empty.
        self.app_settings: Any = None
        self._changes_paused = False
        self._reminder_feed: Any = None
        self._questions: dict[str, int] = {}
        self.initiator: object | None = None
        self._operating = threading.local()
        journal.on_change(self._relay_change)
        journal.on_action_done(self._relay_action)

    def read(
        self,
        question: str,
        work: Callable[[Journal], _T],
        on_done: Callable[[_T], None],
        on_error: Callable[[BaseException], None] | None = None,
        with_files: bool = False,
    ) -> None:
        """Work something out on a worker from a private reading copy of the journal, so the
        learner can go on editing meanwhile. Asked again before the answer arrives, only the
        newest answer to ``question`` is delivered (the dates moved, another change came);
        after locking, none is. ``with_files`` (an export): the copy reads attached files
        too, each as it was when the copy was taken."""
        journal = self.journal
        if journal is None:
            return
        asked = self._questions[question] = self._questions.get(question, 0) + 1
        copy = journal.reading_copy(with_files=with_files)

        def job() -> _T:
            try:
                return work(copy)
            finally:
                copy.let_go()

        def current() -> bool:
            return self.journal is not None and self._questions.get(question) == asked

        def done(answer: _T) -> None:
            if current():
                on_done(answer)

        def failed(error: BaseException) -> None:
            if not current():
                return
            if on_error is not None:
                on_error(error)
            else:
                from .widgets.common import show_error

                show_error(None, error)

        self.run_in_background(job, done, failed)

    @property
    def reminder_feed(self) -> Any:
        """The one ``ReminderFeed`` of this session: Today and the tray subscribe to it."""
        if self._reminder_feed is None:
            from .reminder_feed import ReminderFeed

            self._reminder_feed = ReminderFeed(self)
        return self._reminder_feed

    def _relay_action(self, changes: Any) -> None:
        if QThread.currentThread() is not self.thread() or getattr(self._operating, "on", False):
            return  # an operate()'s action is reported when it comes back
        if self.journal is not None and not changes.empty:
            self.changed.emit(changes, self.initiator)

    def operate(
        self,
        work: Callable[[Journal, Operation], _T],
        on_done: Callable[[_T], None],
        on_error: Callable[[BaseException], None] | None = None,
    ) -> Operation:
        """A long write (an import) on a worker, on the live journal. The journal's guard
        keeps every other statement out until the write's transaction ends; pages refresh
        once, when it comes back, and a save is asked for.

        ``work`` gets the journal and the returned ``Operation``: it reports progress through
        ``operation.report`` (delivered on the GUI thread as ``progressed``) and stops when
        ``operation.is_cancelled()`` (the learner pressed Cancel), changing nothing."""
        operation = Operation(self)
        journal = self.journal
        if journal is None:
            return operation
        self.pause_changes()

        def done(answer: _T) -> None:
            self.resume_changes()
            if self.journal is None:
                return
            changes = getattr(answer, "changes", None)
            if changes is not None and not changes.empty:
                self.changed.emit(changes, None)
            self.journal_changed.emit("*", "")
            self.request_save()
            on_done(answer)

        def failed(error: BaseException) -> None:
            self.resume_changes()
            if on_error is not None:
                on_error(error)
            else:
                from .widgets.common import show_error

                show_error(None, error)

        def job() -> _T:
            self._operating.on = True
            try:
                return work(journal, operation)
            finally:
                self._operating.on = False

        self.run_in_background(job, done, failed)
        return operation

    @contextlib.contextmanager
    def acting_for(self, initiator: object) -> Iterator[None]:
        """Actions run inside come from ``initiator`` (a page): it shows its own edit, so
        the main window doesn't refresh it again, and ``changed`` names it."""
        before, self.initiator = self.initiator, initiator
        try:
            yield
        finally:
            self.initiator = before

    def _relay_change(self, record_type: str, record_id: str) -> None:
        if self.journal is not None and not self._changes_paused:
            self.journal_changed.emit(record_type, record_id)

    def pause_changes(self) -> None:
        """While a worker writes many records (an import), pages don't refresh per record;
        the caller emits one journal_changed when it is done."""
        self._changes_paused = True

    def resume_changes(self) -> None:
        self._changes_paused = False

    def drop_journal(self) -> None:
        """Forget the journal (after locking); the caller closes it."""
        self.journal = None
        self.locked.emit()

    def now(self) -> datetime:
        """The clock used for reminders and defaults; tests inject a fixed one."""
        if self._clock is not None:
            return self._clock()
        assert self.journal is not None
        return self.journal.now()

    def request_save(self) -> None:
        """Ask for a background save (the main window owns the saver)."""
        self.save_requested.emit()

    def request_seal(self) -> None:
        """After an erasure or retention run: save now, then replace every backup, off the
        GUI thread, so the removed data survives in no older copy of the file."""
        self.seal_requested.emit()

    save_requested = Signal()
    seal_requested = Signal()


class Operation(QObject):
    """One long write running on a worker (``AppContext.operate``): what it reports, and the
    learner's Cancel. ``progressed(done, total)`` arrives on the GUI thread (the signal is
    emitted on the worker and queued to this object's thread)."""

    progressed = Signal(int, int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()

    def report(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()


def run_now(
    work: Callable[[], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
) -> None:
    """The synchronous stand-in for the thread-pool runner (tests, tiny jobs)."""
    try:
        result = work()
    except BaseException as error:  # why: handed to the caller's handler
        if on_error is None:
            raise
        on_error(error)
        return
    if on_done is not None:
        on_done(result)
