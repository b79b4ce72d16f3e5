"""One customer's journey: who they are at the top, then every touchpoint over time."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ...journal.records import Customer
from ..models.customers import TimelineEntry, TimelineModel
from ..models.record_table import ROW_ROLE
from .record_view import choice_label, heading, hint, table_view


def _wrapping(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class JourneyView(QWidget):
    """Shows a customer; ``open_entry(type, id)`` when a timeline row is activated."""

    open_entry = Signal(str, str)
    edit_requested = Signal()
    feedback_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.name = heading("")
        top.addWidget(self.name, 1)
        self.feedback_button = QPushButton(self.tr("Add &feedback…"))
        self.feedback_button.setToolTip(self.tr("Scores, comments and what you did about them"))
        self.feedback_button.clicked.connect(self.feedback_requested)
        top.addWidget(self.feedback_button)
        self.edit_button = QPushButton(self.tr("&Edit customer"))
        self.edit_button.clicked.connect(self.edit_requested)
        top.addWidget(self.edit_button)
        layout.addLayout(top)
        self.summary = _wrapping()
        layout.addWidget(self.summary)

        about = QGroupBox(self.tr("What they need and how they like to be spoken to"))
        about_layout = QVBoxLayout(about)
        self.needs = _wrapping()
        self.style_label = _wrapping()
        self.needs.setAccessibleName(self.tr("Needs"))
        self.style_label.setAccessibleName(self.tr("Preferred style"))
        about_layout.addWidget(self.needs)
        about_layout.addWidget(self.style_label)
        layout.addWidget(about)

        layout.addWidget(QLabel(self.tr("Journey (newest first)")))
        self.model = TimelineModel(self)
        self.table = table_view(self.model, self.tr("Customer journey"), self)
        self.table.setSortingEnabled(False)
        self.model.sort(-1)  # keep the timeline's own order: newest first
        self.table.activated.connect(self._activated)
        layout.addWidget(self.table, 1)
        self.empty = hint(self.tr("Nothing logged with this customer yet. Press Ctrl+N to log an "
                                     "interaction with them."))
        layout.addWidget(self.empty)

    def show_customer(self, customer: Customer, entries: list[TimelineEntry]) -> None:
        self.name.setText(customer.label())
        self.name.setAccessibleName(customer.label())
        bits = [choice_label(customer.kind),
                self.tr("%1 customer").replace("%1", choice_label(customer.segment))]
        if customer.organisation:
            bits.append(customer.organisation)
        if customer.anonymised_at:
            bits.append(self.tr("anonymised"))
        self.summary.setText(" · ".join(bits))
        self.needs.setText(self.tr("Needs: %1").replace("%1", customer.needs or self.tr("not written yet")))
        self.style_label.setText(self.tr("Preferred style: %1").replace(
            "%1", customer.communication or self.tr("not written yet")))
        self.model.set_rows(entries)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not entries)

    def clear(self) -> None:
        for label in (self.name, self.summary, self.needs, self.style_label):
            label.setText("")
        self.model.clear()

    def _activated(self, index) -> None:  # QModelIndex
        entry = index.data(ROW_ROLE)
        if entry is not None:
            self.open_entry.emit(entry.record_type, entry.record_id)
