"""Promises: every agreed action, filterable by status and due date, closed in one step."""

from __future__ import annotations

from datetime import date, timedelta

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

from ...journal import listings
from ...journal.records import Promise
from ..dialogs import promise_outcome
from ..models.promises import PromiseRow, PromiseTableModel, promise_rows
from ..widgets import common
from ..widgets.promise_form import PromiseForm
from ..widgets.record_view import (
    combo,
    empty_message,
    hint,
    select_where,
    selected,
    table_view,
    today,
)
from .base import Page

STATUS_FILTERS = ("open", "closed", "all", "kept", "late", "broken", "renegotiated", "cancelled")
DUE_FILTERS = ("any", "overdue", "today", "week", "later")


class PromisesPage(Page):
    title = "Promises"
    object_name = "promises_page"

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = self.tr("Promises")
        self._rows: list[PromiseRow] = []
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

        self.status.currentIndexChanged.connect(self._filter)
        self.due.currentIndexChanged.connect(self._filter)
        self.kept_button.clicked.connect(lambda: self.record_outcome("kept", ask=False))
        self.outcome_button.clicked.connect(lambda: self.record_outcome("kept"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.new_button.clicked.connect(self.new_promise)
        self.table.activated.connect(lambda index: self.record_outcome("kept"))
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.form.saved.connect(self.save_promise)
        self.form.cancelled.connect(lambda: self.stack.setCurrentWidget(self.placeholder))
        # PySide6 connects a signal given as a keyword; its stub doesn't know that.
        QShortcut(QKeySequence("Ctrl+K"), self, activated=lambda: self.record_outcome("kept", ask=False))  # type: ignore[call-overload]
        self._update_buttons()

    # --- Page contract ---------------------------------------------------------------
    def refresh(self) -> None:
        journal = self.context.journal
        if journal is None:
            return
        keep = self.current()
        labels = listings.customer_labels(journal)
        self.form.set_customers(labels)
        self._rows = promise_rows(journal.promises.all(), labels, self._today())
        self._filter()
        if keep is not None:
            select_where(self.table, lambda r: r.promise.id == keep.id)

    def clear(self) -> None:
        self._rows = []
        self.model.clear()
        self.form.set_customers({})
        self.form.edit(None, self._today())
        self.stack.setCurrentWidget(self.placeholder)
        self.count.setText("")

    def show_record(self, record_type: str, record_id: str) -> bool:
        if record_type != "promise":
            return False
        self.status.setCurrentIndex(self.status.findData("all"))
        self.due.setCurrentIndex(0)
        self.refresh()
        return select_where(self.table, lambda r: r.promise.id == record_id)

    # --- actions ---------------------------------------------------------------------
    def current(self) -> Promise | None:
        row = selected(self.table)
        return row.promise if row is not None else None

    def record_outcome(self, status: str = "kept", ask: bool = True) -> bool:
        """Close the selected promise; ``ask`` opens the one-step outcome dialog."""
        promise, journal = self.current(), self.context.journal
        if promise is None or journal is None:
            return False
        if not promise.is_open:
            return self._write_outcome(promise) if ask else False
        if ask:
            outcome = promise_outcome.ask_outcome(self, promise, self._today(), status)
            if outcome is None:
                return False
        else:
            outcome = promise_outcome.Outcome(status, "")
        from ...services.actions.promises import close_promise

        return self.change(lambda: close_promise(
            journal, promise.id, outcome.status, self.context.now(), outcome=outcome.note,
            new_due=outcome.new_due))

    def _write_outcome(self, promise: Promise) -> bool:
        """A promise already closed: write (or correct) what happened, keeping when it closed."""
        from ...services.actions.promises import write_outcome

        journal = self.context.journal
        if promise.status == "cancelled" or journal is None:
            return False
        outcome = promise_outcome.ask_outcome(self, promise, self._today(), promise.status)
        if outcome is None:
            return False
        return self.change(lambda: write_outcome(journal, promise.id, outcome.status, outcome.note))

    def new_promise(self) -> None:
        self.table.clearSelection()
        self.form.edit(None, self._today())
        self.stack.setCurrentWidget(self.form)

    def edit_selected(self) -> None:
        promise = self.current()
        if promise is None:
            return
        journal = self.context.journal
        interaction = (journal.interactions.find(promise.interaction)
                       if journal is not None and promise.interaction else None)
        self.form.edit(promise, self._today(), started=interaction.at if interaction else None)
        self.stack.setCurrentWidget(self.form)

    def save_promise(self, promise: Promise) -> Promise | None:
        stored = self.save_record(promise)
        if stored is not None:  # a refused form stays open with what was typed
            self.stack.setCurrentWidget(self.placeholder)
        return stored

    # --- internals -------------------------------------------------------------------
    def _today(self) -> date:
        return today(self.context)

    def _filter(self) -> None:
        from ...services.promise_terms import falls_due_within

        status, due = self.status.currentData(), self.due.currentData()
        today = self._today()
        week = (today + timedelta(days=7)).isoformat()

        def keep(row: PromiseRow) -> bool:
            p = row.promise
            if status == "open" and not p.is_open or status == "closed" and p.is_open:
                return False
            if status not in ("open", "closed", "all") and p.status != status:
                return False
            if due == "overdue":
                return row.overdue
            if due == "today":
                return falls_due_within(p.due, today, 0)
            if due == "week":
                return falls_due_within(p.due, today, 7)
            if due == "later":
                return p.due > week
            return True

        rows = [r for r in self._rows if keep(r)]
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(1, min(max(self.table.columnWidth(1), 280), 480))
        overdue = sum(1 for r in self._rows if r.overdue)
        text = self.tr("Showing %1 of %2 promises.").replace("%1", str(len(rows))).replace(
            "%2", str(len(self._rows)))
        if overdue:
            text += " " + self.tr("%1 overdue: follow them up or renegotiate.").replace("%1", str(overdue))
        self.count.setText(text)
        self._update_buttons()

    def _update_buttons(self, *args: object) -> None:
        promise = self.current()
        is_open = promise is not None and promise.is_open
        self.kept_button.setEnabled(is_open)
        # A closed promise can still get its outcome written (the reminders ask for it).
        self.outcome_button.setEnabled(promise is not None and promise.status != "cancelled")
        self.edit_button.setEnabled(promise is not None)
