"""Close a promise in one step: what happened (kept, late, broken, renegotiated) and a note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...journal.records import Promise
from ..widgets.record_view import add_row, date_edit, iso


@dataclass(frozen=True)
class Outcome:
    status: str  # kept, late, broken, renegotiated
    note: str
    new_due: str | None = None  # only when renegotiated


class PromiseOutcomeDialog(QDialog):
    def __init__(self, promise: Promise, today: date, status: str = "kept",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("What happened to this promise?"))
        layout = QVBoxLayout(self)
        text = QLabel(promise.text)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.group = QButtonGroup(self)
        self.choices: dict[str, QRadioButton] = {}
        labels = {
            "kept": self.tr("&Kept: done on time"),
            "late": self.tr("&Late: done, but after the date"),
            "broken": self.tr("&Broken: not done"),
            "renegotiated": self.tr("&Renegotiated: agreed a new date with them"),
        }
        for value, label in labels.items():
            button = QRadioButton(label)
            button.setAccessibleName(label.replace("&", ""))
            self.group.addButton(button)
            self.choices[value] = button
            layout.addWidget(button)
        form = QFormLayout()
        self.new_due = date_edit(self.tr("New due date"), today + timedelta(days=1))
        self.new_due_label = add_row(form, self.tr("New &due date:"), self.new_due)
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setPlaceholderText(
            self.tr("What happened? e.g. Called her back at 4pm with the delivery date"))
        add_row(form, self.tr("Outcome &note:"), self.note)
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.choices.get(status, self.choices["kept"]).setChecked(True)
        self.group.buttonToggled.connect(self._toggle_due)
        self._toggle_due()

    def accept(self) -> None:
        """Stay open while the new due date can't be read (the field says why)."""
        if self.choices["renegotiated"].isChecked() and self.new_due.problem():
            self.new_due.settle()
            self.new_due.setFocus()
            return
        super().accept()

    def outcome(self) -> Outcome:
        status = next(v for v, b in self.choices.items() if b.isChecked())
        return Outcome(status, self.note.toPlainText().strip(),
                       iso(self.new_due) if status == "renegotiated" else None)

    def _toggle_due(self, *args: object) -> None:
        visible = self.choices["renegotiated"].isChecked()
        self.new_due.setVisible(visible)
        self.new_due_label.setVisible(visible)


def ask_outcome(
    parent: QWidget | None, promise: Promise, today: date, status: str = "kept"
) -> Outcome | None:
    """Ask how a promise ended; None if the learner cancels (tests replace this)."""
    dialog = PromiseOutcomeDialog(promise, today, status, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.outcome()
