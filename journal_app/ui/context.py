"""What every page gets: the open journal, the clock, and the app's shared actions.

Pages never reach into each other; they talk through this object's signals.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from ..journal.journal import Journal


class AppContext(QObject):
    """Shared state of one unlocked session.

    Signals:
        journal_changed(record_type, record_id): a record was written; pages refresh.
        open_record(record_type, record_id): ask the main window to show a record.
        save_state(text): "Saving…" / "Saved" / an error, for the status bar.
        locked(): the journal was locked; pages must drop everything they show.
        navigate(page_name): ask the main window to show a sidebar page ("today", "privacy"…).
        app_setting_changed(key): an AppSettings value changed (e.g. the auto-lock minutes).
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
        journal.on_change(self._relay_change)

    @property
    def reminder_feed(self) -> Any:
        """The one ``ReminderFeed`` of this session: Today and the tray subscribe to it."""
        if self._reminder_feed is None:
            from .reminder_feed import ReminderFeed

            self._reminder_feed = ReminderFeed(self)
        return self._reminder_feed

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
