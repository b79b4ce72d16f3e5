"""Customers: who the learner serves, segmented, with each customer's journey."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from ...journal import listings
from ...journal.records import CUSTOMER_KINDS, SEGMENTS, Customer
from ..models.customers import CustomerRow, journey
from ..widgets.record_view import select_where, selected
from .base import Page
from .customers_view import CustomersView

if TYPE_CHECKING:
    from ..dialogs.feedback_dialog import FeedbackDialog


class CustomersPage(Page, CustomersView):
    segment_choices = SEGMENTS
    kind_choices = CUSTOMER_KINDS

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._all: list[CustomerRow] = []
        self.feedback_dialog: FeedbackDialog | None = None
        self.search.textChanged.connect(self._filter)
        self.segment.currentIndexChanged.connect(self._filter)
        self.kind.currentIndexChanged.connect(self._filter)
        self.new_button.clicked.connect(self.new_customer)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.journey.edit_requested.connect(self.edit_selected)
        self.journey.open_entry.connect(self._open_entry)
        self.journey.feedback_requested.connect(lambda: self.open_feedback(None))
        self.form.saved.connect(self.save_customer)
        self.form.cancelled.connect(self._show_selected)

    # --- Page contract ---------------------------------------------------------------
    def refresh(self) -> None:
        journal = self.context.journal
        if journal is None:
            return
        keep = self.current()
        contacts = listings.last_contacts(journal)
        self._all = [
            CustomerRow(c, *contacts.get(c.id, ("", 0))) for c in journal.customers.all()
        ]
        self._filter()
        if keep is not None:
            select_where(self.table, lambda r: r.customer.id == keep.id)

    def clear(self) -> None:
        self._all = []
        self.model.clear()
        self.journey.clear()
        self.form.clear()
        self.show_placeholder()
        self.count.setText("")

    def show_record(self, record_type: str, record_id: str) -> bool:
        if record_type == "feedback" and self.context.journal is not None:
            # Feedback lives on its customer's journey; it opens there, ready to add the action.
            feedback = self.context.journal.feedback.find(record_id)
            if feedback is None or not feedback.customer:
                return False
            shown = self.show_record("customer", feedback.customer)
            self.open_feedback(record_id)
            return shown
        if record_type != "customer":
            return False
        self.search.clear()
        self.segment.setCurrentIndex(0)
        self.kind.setCurrentIndex(0)
        self.refresh()
        return select_where(self.table, lambda r: r.customer.id == record_id)

    # --- actions ---------------------------------------------------------------------
    def _open_entry(self, record_type: str, record_id: str) -> None:
        if record_type == "feedback":
            self.open_feedback(record_id)
        else:
            self.context.open_record.emit(record_type, record_id)

    def open_feedback(self, feedback_id: str | None) -> None:
        """Add feedback for the chosen customer, or edit one; the dialog is kept in
        ``feedback_dialog`` while open (window-modal, so the page keeps running)."""
        from ..dialogs.feedback_dialog import FeedbackDialog

        customer = self.current()
        if self.context.journal is None or (customer is None and feedback_id is None):
            return
        dialog = FeedbackDialog(self.context, customer.id if customer else None, feedback_id, self)
        dialog.saved.connect(lambda _id: self.refresh())
        dialog.finished.connect(lambda _code: setattr(self, "feedback_dialog", None))
        self.feedback_dialog = dialog
        dialog.open()

    def current(self) -> Customer | None:
        row = selected(self.table)
        return row.customer if row is not None else None

    def new_customer(self) -> None:
        self.table.clearSelection()
        self.form.edit(None)
        self.stack.setCurrentWidget(self.form)
        self.form.name.setFocus()

    def edit_selected(self) -> None:
        customer = self.current()
        if customer is None:
            return
        self.form.edit(customer)
        self.stack.setCurrentWidget(self.form)

    def save_customer(self, customer: Customer) -> Customer | None:
        return self.save_record(customer)

    # --- internals -------------------------------------------------------------------
    def _filter(self) -> None:
        text = self.search.text().strip().lower()
        segment, kind = self.segment.currentData(), self.kind.currentData()
        rows = [
            r for r in self._all
            if (not segment or r.customer.segment == segment)
            and (not kind or r.customer.kind == kind)
            and (not text or text in r.label.lower() or text in r.customer.organisation.lower())
        ]
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.show_count(len(rows), len(self._all))
        if self.current() is None and self.stack.currentWidget() is self.journey:
            self.show_placeholder()

    def _show_selected(self, *args: object) -> None:
        customer = self.current()
        journal = self.context.journal
        if customer is None or journal is None:
            self.show_placeholder()
            return
        entries = journey(
            journal.interactions.where(customer=customer.id),
            journal.promises.where(customer=customer.id),
            journal.feedback.where(customer=customer.id),
            self.tr,
        )
        self.journey.show_customer(customer, entries)
        self.stack.setCurrentWidget(self.journey)
