"""Promises: every agreed action, filterable by status and due date, closed in one step."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import QWidget

from ...journal import listings
from ...journal.records import Promise
from ..dialogs import promise_outcome
from ..models.promises import PromiseRow, promise_rows
from ..widgets.record_view import select_where, selected, today
from .base import Page
from .promises_view import PromisesView


class PromisesPage(Page, PromisesView):
    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._rows: list[PromiseRow] = []
        self.status.currentIndexChanged.connect(self._filter)
        self.due.currentIndexChanged.connect(self._filter)
        self.kept_button.clicked.connect(lambda: self.record_outcome("kept", ask=False))
        self.outcome_button.clicked.connect(lambda: self.record_outcome("kept"))
        self.edit_button.clicked.connect(self.edit_selected)
        self.new_button.clicked.connect(self.new_promise)
        self.table.activated.connect(lambda index: self.record_outcome("kept"))
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.form.saved.connect(self.save_promise)
        self.form.cancelled.connect(lambda: self.show_editor(False))
        self.kept_shortcut.activated.connect(lambda: self.record_outcome("kept", ask=False))
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
        self.show_editor(False)
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
        self.show_editor(True)

    def edit_selected(self) -> None:
        promise = self.current()
        if promise is None:
            return
        journal = self.context.journal
        interaction = (journal.interactions.find(promise.interaction)
                       if journal is not None and promise.interaction else None)
        self.form.edit(promise, self._today(), started=interaction.at if interaction else None)
        self.show_editor(True)

    def save_promise(self, promise: Promise) -> Promise | None:
        stored = self.save_record(promise)
        if stored is not None:  # a refused form stays open with what was typed
            self.show_editor(False)
        return stored

    # --- internals -------------------------------------------------------------------
    def _today(self) -> date:
        return today(self.context)

    def _filter(self) -> None:
        from ...services.rules.promise_terms import falls_due_within

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
        self.fit_columns()
        self.show_count(len(rows), len(self._rows), sum(1 for r in self._rows if r.overdue))
        self._update_buttons()

    def _update_buttons(self, *args: object) -> None:
        promise = self.current()
        is_open = promise is not None and promise.is_open
        self.kept_button.setEnabled(is_open)
        # A closed promise can still get its outcome written (the reminders ask for it).
        self.outcome_button.setEnabled(promise is not None and promise.status != "cancelled")
        self.edit_button.setEnabled(promise is not None)
