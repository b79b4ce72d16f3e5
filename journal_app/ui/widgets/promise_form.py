"""Add or edit a promise: what, for whom, what kind, by when."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QPlainTextEdit, QVBoxLayout, QWidget

from ...journal.records import PROMISE_KINDS, Promise
from .record_view import (
    add_row,
    choice_label,
    combo,
    date_edit,
    emit_checked,
    heading,
    hint,
    iso,
    qdate,
    set_combo_value,
)


class PromiseForm(QWidget):
    saved = Signal(object)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editing: Promise | None = None
        layout = QVBoxLayout(self)
        self.title = heading(self.tr("New promise"))
        layout.addWidget(self.title)
        layout.addWidget(hint(self.tr(
            "Only promise what you can do. Write it so anyone could tell whether it was kept."
        )))
        form = QFormLayout()
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setPlaceholderText(self.tr("e.g. Call back with the part's delivery date"))
        self.text.setMaximumHeight(90)
        add_row(form, self.tr("&What I promised:"), self.text)
        self.customer = combo([])
        add_row(form, self.tr("&Customer:"), self.customer)
        self.kind = combo([(k, choice_label(k)) for k in PROMISE_KINDS])
        add_row(form, self.tr("&Kind:"), self.kind)
        self.due = date_edit(self.tr("Due"), date.today())
        add_row(form, self.tr("&Due:"), self.due)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(lambda: emit_checked(self, self.saved, self.value))
        self.buttons.rejected.connect(self.cancelled)
        layout.addWidget(self.buttons)
        layout.addStretch(1)

    def set_customers(self, labels: dict[str, str]) -> None:
        current = self.customer.currentData()
        self.customer.clear()
        self.customer.addItem(self.tr("No particular customer"), None)
        for cid, label in sorted(labels.items(), key=lambda item: item[1].lower()):
            self.customer.addItem(label, cid)
        set_combo_value(self.customer, current)

    def edit(self, promise: Promise | None, today: date) -> None:
        self._editing = promise
        p = promise or Promise(text="", due=(today + timedelta(days=1)).isoformat())
        self.title.setText(self.tr("Edit promise") if promise else self.tr("New promise"))
        self.text.setPlainText(p.text)
        set_combo_value(self.customer, p.customer)
        set_combo_value(self.kind, p.kind)
        self.due.setDate(qdate(date.fromisoformat(p.due)))
        self.text.setFocus()

    def value(self) -> Promise:
        base = self._editing or Promise(text="")
        return dataclasses.replace(
            base, text=self.text.toPlainText().strip(), customer=self.customer.currentData(),
            kind=self.kind.currentData(), due=iso(self.due), extra=dict(base.extra),
        )
