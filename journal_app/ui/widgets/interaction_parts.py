"""Pieces of the interaction form: prompts, small field makers, and one inline promise row."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from ...journal.records import PROMISE_KINDS
from .common import DateEdit
from .record_view import choice_label

STAR_PROMPTS = {
    "situation": "Where were you, who was the customer, what was going on?",
    "task": "What did they need, and what was your job in it?",
    "action": "What did you say and do? Which techniques did you use?",
    "result": "How did it end? How did the customer react? Any numbers?",
}
FOUR_AS = {
    "acknowledge": "How you showed you understood the problem",
    "apologise": "What you said to apologise (without blaming anyone)",
    "act": "What you did to put it right, and the fair outcome",
    "assure": "How you reassured them it will be sorted / won't happen again",
}
NEW_CUSTOMER = "__new__"


def tr(text: str) -> str:
    return QCoreApplication.translate("InteractionForm", text)


def _text_box(name: str, placeholder: str = "", lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit()
    box.setTabChangesFocus(True)  # Tab moves on, as in every other field
    box.setPlaceholderText(placeholder)
    box.setAccessibleName(name)
    box.setFixedHeight(box.fontMetrics().lineSpacing() * lines + 14)
    return box


def _combo(values: tuple[str, ...], name: str) -> QComboBox:
    box = QComboBox()
    for value in values:
        box.addItem(choice_label(value), value)
    box.setAccessibleName(name)
    return box


def _set(box: QComboBox, value: Any) -> None:
    index = box.findData(value)
    if index >= 0:
        box.setCurrentIndex(index)


def _row(form: QFormLayout, text: str, field: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(field)
    if not field.accessibleName():
        field.setAccessibleName(text.replace("&", "").rstrip(":"))
    form.addRow(label, field)
    return label


class PromiseRow(QFrame):
    """One new promise or follow-up typed inline: what, by when, which kind."""

    removed = Signal(object)
    changed = Signal()

    def __init__(self, number: int, due: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.kind = _combo(PROMISE_KINDS, tr("Promise {n}: kind").format(n=number))
        self.text = QLineEdit()
        self.text.setPlaceholderText(tr("What I promised, e.g. Call back with the repair date"))
        self.text.setAccessibleName(tr("Promise {n}: what I promised").format(n=number))
        self.due = DateEdit(tr("Promise {n}: due by").format(n=number))
        self.due.set_date(due)
        self.remove = QPushButton("✕")
        self.remove.setToolTip(tr("Remove this promise"))
        self.remove.setAccessibleName(tr("Remove promise {n}").format(n=number))
        self.remove.setFixedWidth(32)
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        layout.addWidget(self.text, 1)
        layout.addWidget(QLabel(tr("by")))
        layout.addWidget(self.due)
        layout.addWidget(self.kind)
        layout.addWidget(self.remove)
        self.text.textChanged.connect(lambda _t: self.changed.emit())
        self.due.changed.connect(self.changed)
        self.kind.currentIndexChanged.connect(lambda _i: self.changed.emit())

    def tab_chain(self) -> list[QWidget]:
        """What I promised, by when, which kind, then remove: as shown, left to right."""
        return [self.text, self.due, self.kind, self.remove]

    def value(self) -> dict[str, Any]:
        """What the row holds; the due date is the last one its field could read (for drafts)."""
        return {"kind": self.kind.currentData(), "text": self.text.text().strip(), "due": self.due.last_iso()}

    def load(self, data: dict[str, Any]) -> None:
        _set(self.kind, data.get("kind", "promise"))
        self.text.setText(data.get("text", ""))
        self.due.set_iso(data.get("due"))
