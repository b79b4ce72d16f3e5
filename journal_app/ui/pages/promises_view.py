"""The Promises page's layout: status and due filters, the actions, the list and the editor."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ..models.promises import PromiseTableModel
from ..widgets import common
from ..widgets.promise_form import PromiseForm
from ..widgets.record_view import combo, empty_message, hint, table_view
from .base import PageView

STATUS_FILTERS = ("open", "closed", "all", "kept", "late", "broken", "renegotiated", "cancelled")
DUE_FILTERS = ("any", "overdue", "today", "week", "later")


class PromisesView(PageView):
    title = "Promises"
    object_name = "promises_page"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Promises")
        layout = QVBoxLayout(self)
        layout.addWidget(common.page_title(self.tr("Promises and agreed actions")))

        bar = QHBoxLayout()
        status_names = {
            "open": self.tr("Still open"), "closed": self.tr("Closed"), "all": self.tr("All"),
            "kept": self.tr("Kept"), "late": self.tr("Late"), "broken": self.tr("Broken"),
            "renegotiated": self.tr("Renegotiated"), "cancelled": self.tr("Cancelled"),
        }
        self.status = combo([(s, status_names[s]) for s in STATUS_FILTERS], self.tr("Status filter"))
        due_names = {
            "any": self.tr("Any time"), "overdue": self.tr("Overdue"), "today": self.tr("Due today"),
            "week": self.tr("Due in the next 7 days"), "later": self.tr("Due later"),
        }
        self.due = combo([(d, due_names[d]) for d in DUE_FILTERS], self.tr("Due date filter"))
        for text, box in ((self.tr("&Status:"), self.status), (self.tr("D&ue:"), self.due)):
            label = QLabel(text)
            label.setBuddy(box)
            bar.addWidget(label)
            bar.addWidget(box)
        bar.addStretch(1)
        self.kept_button = QPushButton(self.tr("Mark &kept"))
        self.outcome_button = QPushButton(self.tr("&Outcome…"))
        self.outcome_button.setToolTip(self.tr("Mark kept, late, broken or renegotiated, with a note"))
        self.edit_button = QPushButton(self.tr("&Edit"))
        self.new_button = QPushButton(self.tr("&New promise"))
        for button in (self.kept_button, self.outcome_button, self.edit_button, self.new_button):
            bar.addWidget(button)
        layout.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.model = PromiseTableModel(self)
        self.table = table_view(self.model, self.tr("Promises"), left)
        empty_message(self.table, self.tr("No promises yet. Add one in the promise row when you log an "
                                          "interaction, or press New promise."))
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        left_layout.addWidget(self.table)
        self.count = hint("")
        left_layout.addWidget(self.count)
        splitter.addWidget(left)
        left_layout.addWidget(hint(self.tr(
            "Choose a promise, then mark what happened (Ctrl+K marks it kept). Press Enter on a promise to "
            "record its outcome with a note."
        )))
        # The editor only takes room while adding or editing, so the table can be wide.
        self.stack = QStackedWidget()
        self.placeholder = QWidget()
        self.form = PromiseForm()
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self.form)
        self.stack.currentChanged.connect(
            lambda i: self.stack.setVisible(self.stack.currentWidget() is self.form))
        self.stack.setVisible(False)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)
        self.kept_shortcut = QShortcut(QKeySequence("Ctrl+K"), self)

    def show_count(self, shown: int, total: int, overdue: int) -> None:
        text = self.tr("Showing %1 of %2 promises.").replace("%1", str(shown)).replace("%2", str(total))
        if overdue:
            text += " " + self.tr("%1 overdue: follow them up or renegotiate.").replace("%1", str(overdue))
        self.count.setText(text)

    def show_editor(self, shown: bool) -> None:
        """The editor beside the list, or the list alone."""
        self.stack.setCurrentWidget(self.form if shown else self.placeholder)

    def fit_columns(self) -> None:
        """Columns to their contents, the promise itself readable but not the whole width."""
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(1, min(max(self.table.columnWidth(1), 280), 480))
