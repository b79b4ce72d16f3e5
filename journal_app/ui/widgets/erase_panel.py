"""Erase everything about one customer, after typing their pseudonym (or ERASE) to confirm."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from .record_view import add_row, combo, hint

CONFIRM_WORD = "ERASE"


class ErasePanel(QWidget):
    """Emits ``erase_requested(customer_id, delete_linked)`` once the confirmation matches."""

    erase_requested = Signal(str, bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(self.tr(
            "When someone asks you to delete what you hold about them, erase them here. Their name, "
            "contact details and organisation are removed from every entry, its history, the search index "
            "and your backups. Your own reflections stay, under their pseudonym. This can't be undone."
        )))
        form = QFormLayout()
        self.customer = combo([])
        add_row(form, self.tr("&Customer:"), self.customer)
        self.delete_linked = QCheckBox(
            self.tr("Also &delete their interactions, promises, feedback and plans"))
        self.delete_linked.setAccessibleName(self.tr("Also delete linked records"))
        form.addRow("", self.delete_linked)
        self.confirm = QLineEdit()
        add_row(form, self.tr("&Type to confirm:"), self.confirm)
        layout.addLayout(form)
        self.instructions = hint("")
        layout.addWidget(self.instructions)
        self.erase_button = QPushButton(self.tr("&Erase this customer"))
        self.erase_button.setEnabled(False)
        layout.addWidget(self.erase_button)
        self.receipt = QLabel()
        self.receipt.setWordWrap(True)
        self.receipt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.receipt.setAccessibleName(self.tr("Erasure receipt"))
        layout.addWidget(self.receipt)
        layout.addStretch(1)
        self._pseudonyms: dict[str, str] = {}
        self.customer.currentIndexChanged.connect(self._changed)
        self.confirm.textChanged.connect(self._changed)
        self.erase_button.clicked.connect(self._erase)

    def set_customers(self, customers: list[tuple[str, str, str]]) -> None:
        """(id, label, pseudonym) for each customer that can still be erased."""
        self._pseudonyms = {cid: pseudonym for cid, _label, pseudonym in customers}
        self.customer.clear()
        self.customer.addItem(self.tr("Choose a customer…"), None)
        for cid, label, pseudonym in customers:
            self.customer.addItem(f"{label} ({pseudonym})" if label != pseudonym else label, cid)
        self.confirm.clear()
        self.receipt.clear()
        self._changed()

    def show_receipt(self, text: str) -> None:
        self.receipt.setText(text)

    def matches(self) -> bool:
        cid = self.customer.currentData()
        typed = self.confirm.text().strip()
        return bool(cid) and bool(typed) and typed.lower() in (self._pseudonyms.get(cid, "").lower(),
                                                              CONFIRM_WORD.lower())

    def _changed(self, *args: object) -> None:
        cid = self.customer.currentData()
        if cid:
            self.instructions.setText(self.tr('Type "%1" or ERASE to confirm.').replace(
                "%1", self._pseudonyms.get(cid, "")))
        else:
            self.instructions.setText("")
        self.erase_button.setEnabled(self.matches())

    def _erase(self) -> None:
        if self.matches():
            self.erase_requested.emit(self.customer.currentData(), self.delete_linked.isChecked())
