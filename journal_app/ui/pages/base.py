"""The contract every sidebar page follows."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ..context import AppContext


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
