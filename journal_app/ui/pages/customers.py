"""Customers: who the learner serves, segmented, with each customer's journey."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...journal import listings
from ...journal.records import CUSTOMER_KINDS, SEGMENTS, Customer
from ..models.customers import CustomerRow, CustomerTableModel, journey
from ..widgets import common
from ..widgets.customer_form import CustomerForm
from ..widgets.date_field import name_clear_button
from ..widgets.journey import JourneyView
from ..widgets.record_view import (
    choice_label,
    combo,
    empty_message,
    hint,
    select_where,
    selected,
    table_view,
)
from .base import Page

if TYPE_CHECKING:
    from ..dialogs.feedback_dialog import FeedbackDialog


class CustomersPage(Page):
    title = "Customers"
    object_name = "customers_page"

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = self.tr("Customers")
        self._all: list[CustomerRow] = []
        layout = QVBoxLayout(self)
        layout.addWidget(common.page_title(self.tr("Customers")))

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Filter by name or organisation"))
        self.search.setAccessibleName(self.tr("Filter customers by name"))
        self.search.setClearButtonEnabled(True)
        name_clear_button(self.search, self.tr("Clear the search"))
        bar.addWidget(self.search, 2)
        segment_label = QLabel(self.tr("Seg&ment:"))
        self.segment = combo([("", self.tr("All segments"))] + [(s, choice_label(s)) for s in SEGMENTS],
                             self.tr("Segment filter"))
        segment_label.setBuddy(self.segment)
        bar.addWidget(segment_label)
        bar.addWidget(self.segment)
        kind_label = QLabel(self.tr("&Kind:"))
        self.kind = combo([("", self.tr("Internal and external"))]
                          + [(k, choice_label(k)) for k in CUSTOMER_KINDS],
                          self.tr("Kind filter"))
        kind_label.setBuddy(self.kind)
        bar.addWidget(kind_label)
        bar.addWidget(self.kind)
        self.new_button = QPushButton(self.tr("&New customer"))
        bar.addWidget(self.new_button)
        layout.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.model = CustomerTableModel(self)
        self.table = table_view(self.model, self.tr("Customers"), left)
        empty_message(self.table, self.tr("No customers yet. Press New customer, or add one as you log an "
                                          "interaction (New customer… next to Customer)."))
        self.table.sortByColumn(self.model.column_index("last_contact"), Qt.SortOrder.DescendingOrder)
        left_layout.addWidget(self.table)
        self.count = hint("")
        left_layout.addWidget(self.count)
        splitter.addWidget(left)

        self.stack = QStackedWidget()
        self.placeholder = hint(self.tr("Choose a customer to see their journey, or add a new one."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.journey = JourneyView()
        self.form = CustomerForm()
        for widget in (self.placeholder, self.journey, self.form):
            self.stack.addWidget(widget)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([600, 400])  # the list with its last-contact column, then the journey
        layout.addWidget(splitter, 1)

        self.search.textChanged.connect(self._filter)
        self.segment.currentIndexChanged.connect(self._filter)
        self.kind.currentIndexChanged.connect(self._filter)
        self.new_button.clicked.connect(self.new_customer)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.journey.edit_requested.connect(self.edit_selected)
        self.journey.open_entry.connect(self._open_entry)
        self.journey.feedback_requested.connect(lambda: self.open_feedback(None))
        self.feedback_dialog: FeedbackDialog | None = None
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
        self.stack.setCurrentWidget(self.placeholder)
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
        self.count.setText(self.tr("%1 of %2 customers").replace("%1", str(len(rows)))
                           .replace("%2", str(len(self._all))))
        if self.current() is None and self.stack.currentWidget() is self.journey:
            self.stack.setCurrentWidget(self.placeholder)

    def _show_selected(self, *args: object) -> None:
        customer = self.current()
        journal = self.context.journal
        if customer is None or journal is None:
            self.stack.setCurrentWidget(self.placeholder)
            return
        entries = journey(
            journal.interactions.where(customer=customer.id),
            journal.promises.where(customer=customer.id),
            journal.feedback.where(customer=customer.id),
            self.tr,
        )
        self.journey.show_customer(customer, entries)
        self.stack.setCurrentWidget(self.journey)
