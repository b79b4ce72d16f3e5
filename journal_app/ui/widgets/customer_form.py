"""The customer editor: who they are, what they need and how they like to be spoken to."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...journal.records import CUSTOMER_KINDS, SEGMENTS, Customer
from .common import text_area
from .record_view import add_row, choice_label, combo, heading, hint, set_combo_value

# The learner's reason for a customer's segment, kept in ``Customer.extra`` (the interchange
# format's optional ``segment_reason``), printed in the pack's customer register.
SEGMENT_REASON = "segment_reason"


class CustomerForm(QWidget):
    """Add or edit one customer. Emits ``saved(customer)`` with a record to store."""

    saved = Signal(object)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editing: Customer | None = None
        layout = QVBoxLayout(self)
        self.title = heading(self.tr("New customer"))
        layout.addWidget(self.title)
        layout.addWidget(hint(self.tr(
            "Colleagues and other departments are customers too: choose \"Internal\" for them."
        )))
        form = QFormLayout()
        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Mrs A. Patel"))
        add_row(form, self.tr("N&ame:"), self.name)
        self.kind = combo([(k, choice_label(k)) for k in CUSTOMER_KINDS])
        add_row(form, self.tr("K&ind:"), self.kind)
        self.organisation = QLineEdit()
        add_row(form, self.tr("&Organisation:"), self.organisation)
        self.segment = combo([(s, choice_label(s)) for s in SEGMENTS])
        self.segment.setToolTip(self.tr("How much this customer matters to the business, by value and need"))
        add_row(form, self.tr("&Segment:"), self.segment)
        self.segment_reason = text_area(self.tr(
            "Optional: e.g. books every service with us and has three cars on the fleet"), min_height=48)
        self.segment_reason.setToolTip(self.tr("Your reason for putting this customer in that segment"))
        add_row(form, self.tr("&Why this segment:"), self.segment_reason)
        self.needs = text_area(self.tr("What do they need from us?"), min_height=64)
        add_row(form, self.tr("Nee&ds:"), self.needs)
        self.communication = text_area(
            self.tr("e.g. prefers a phone call, likes detail, keep it short"), min_height=64)
        add_row(form, self.tr("&Preferred style:"), self.communication)
        self.contact = text_area(self.tr("Phone, e-mail (kept encrypted)"), min_height=48)
        add_row(form, self.tr("&Contact:"), self.contact)
        self.notes = text_area(min_height=48)
        add_row(form, self.tr("No&tes:"), self.notes)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.cancelled)
        self.buttons = buttons
        layout.addWidget(buttons)
        layout.addStretch(1)

    def edit(self, customer: Customer | None) -> None:
        """Fill the form from a customer, or empty it for a new one."""
        self._editing = customer
        c = customer or Customer(name="")
        self.title.setText(self.tr("Edit customer") if customer else self.tr("New customer"))
        self.name.setText(c.name)
        set_combo_value(self.kind, c.kind)
        self.organisation.setText(c.organisation)
        set_combo_value(self.segment, c.segment)
        reason = c.extra.get(SEGMENT_REASON)
        self.segment_reason.setPlainText(reason if isinstance(reason, str) else "")
        self.needs.setPlainText(c.needs)
        self.communication.setPlainText(c.communication)
        self.contact.setPlainText(c.contact)
        self.notes.setPlainText(c.notes)
        self.name.setFocus()

    def value(self) -> Customer:
        base = self._editing
        return Customer(
            id=base.id if base else "",
            name=self.name.text().strip(),
            kind=self.kind.currentData(),
            organisation=self.organisation.text().strip(),
            segment=self.segment.currentData(),
            needs=self.needs.toPlainText().strip(),
            communication=self.communication.toPlainText().strip(),
            contact=self.contact.toPlainText().strip(),
            notes=self.notes.toPlainText().strip(),
            pseudonym=base.pseudonym if base else "",
            anonymised_at=base.anonymised_at if base else "",
            extra=self._extra(base),
        )

    def _extra(self, base: Customer | None) -> dict[str, object]:
        """The kept extra keys, with the reason for the segment set (or dropped when emptied)."""
        extra = dict(base.extra) if base else {}
        reason = self.segment_reason.toPlainText().strip()
        if reason:
            extra[SEGMENT_REASON] = reason
        else:
            extra.pop(SEGMENT_REASON, None)
        return extra

    def clear(self) -> None:
        self.edit(None)
        self._editing = None

    def _save(self) -> None:
        self.saved.emit(self.value())
