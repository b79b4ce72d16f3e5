"""The contract every sidebar page follows: a view that holds the layout, and a controller.

Each page is two classes in two files. ``<name>_view.py`` holds a ``PageView`` subclass:
the widgets and their layout, labels, mnemonics and tab order, and nothing else; it never
sees the journal, the session or an action. ``<name>.py`` holds the controller, which
inherits from ``Page`` and from its view (``class PromisesPage(Page, PromisesView)``): it
reads the journal, fills the view's widgets, and calls ``services.actions`` to write.

The controller inherits the view rather than owning one so that every widget is reached
the same way (``page.table``) by the controller, the main window and the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from ...errors import JournalError
from ...journal.records import Record
from ..context import AppContext

R = TypeVar("R", bound=Record)


class PageView(QWidget):
    """Layout only: a page's widgets, built in ``__init__``. Subclasses set ``title`` and
    ``object_name``; they import Qt, ``ui.widgets`` and ``ui.models`` and nothing that
    reads or writes the journal (tests/unit/test_layering.py checks)."""

    title = "Page"
    object_name = "page"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(self.object_name)


class Page(PageView):
    """A sidebar page's controller. Mixed in front of its view, so the view's widgets
    exist by the time the controller's own ``__init__`` goes on to connect them.

    ``refresh()`` re-reads from the journal (called when the page is shown and when
    ``context.journal_changed`` fires while it is visible). ``clear()`` drops every
    piece of journal data the page shows (called on lock).
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context

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
