"""The Customers page's layout: filters, the customer list, and beside it a journey or the form."""

from __future__ import annotations

from collections.abc import Sequence

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

from ..models.customers import CustomerTableModel
from ..widgets import common
from ..widgets.customer_form import CustomerForm
from ..widgets.date_field import name_clear_button
from ..widgets.journey import JourneyView
from ..widgets.record_view import choice_label, combo, empty_message, hint, table_view
from .base import PageView


class CustomersView(PageView):
    title = "Customers"
    object_name = "customers_page"
    # The filters' choices; the controller names them (they are the journal's own lists).
    segment_choices: Sequence[str] = ()
    kind_choices: Sequence[str] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Customers")
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
        self.segment = combo([("", self.tr("All segments"))]
                             + [(s, choice_label(s)) for s in self.segment_choices],
                             self.tr("Segment filter"))
        segment_label.setBuddy(self.segment)
        bar.addWidget(segment_label)
        bar.addWidget(self.segment)
        kind_label = QLabel(self.tr("&Kind:"))
        self.kind = combo([("", self.tr("Internal and external"))]
                          + [(k, choice_label(k)) for k in self.kind_choices],
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

    def show_count(self, shown: int, total: int) -> None:
        self.count.setText(self.tr("%1 of %2 customers").replace("%1", str(shown)).replace("%2", str(total)))

    def show_placeholder(self) -> None:
        """Neither a journey nor the form: the hint to choose a customer."""
        self.stack.setCurrentWidget(self.placeholder)
