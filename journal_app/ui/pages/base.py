"""The contract every sidebar page follows."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from ...errors import JournalError
from ...journal.records import Record
from ..context import AppContext

R = TypeVar("R", bound=Record)


class Page(QWidget):
    """A sidebar page. Subclasses set ``title`` and build their widgets in ``__init__``.

    ``refresh()`` re-reads from the journal (called when the page is shown and when
    ``context.journal_changed`` fires while it is visible). ``clear()`` drops every
    piece of journal data the page shows (called on lock).
    """

    title = "Page"
    object_name = "page"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName(self.object_name)

    def refresh(self) -> None:  # pragma: no cover - overridden
        pass

    def clear(self) -> None:  # pragma: no cover - overridden
        pass

    def show_record(self, record_type: str, record_id: str) -> bool:
        """Select/open a record on this page; return False if it isn't this page's kind."""
        return False

    def change(self, work: Callable[[], object]) -> bool:
        """Make one change to the journal: a refusal is shown in plain words and nothing is
        written; otherwise a background save is asked for and the page re-read."""
        try:
            with self.context.acting_for(self):
                work()
        except JournalError as error:
            from ..widgets.common import show_error

            show_error(self, error)
            return False
        self.context.request_save()
        self.refresh()
        return True

    def save_record(self, record: R) -> R | None:
        """Add or update a record from one of this page's forms, then show it.

        A refusal (a missing name, an impossible date…) is shown in plain words and
        nothing is written; on success a background save is asked for.
        """
        journal = self.context.journal
        if journal is None:
            return None
        from ...services.actions.records import save_record

        try:
            with self.context.acting_for(self):
                stored = save_record(journal, record).value
        except JournalError as error:
            from ..widgets.common import show_error

            show_error(self, error)
            return None
        self.context.request_save()
        self.show_record(record.TYPE, stored.id)
        return stored
