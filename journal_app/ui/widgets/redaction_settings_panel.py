"""What a pseudonymised export must keep, and the learner's own account-number patterns."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from .record_view import add_row, hint


def _lines(edit: QPlainTextEdit) -> list[str]:
    return [line.strip() for line in edit.toPlainText().splitlines() if line.strip()]


class RedactionSettingsPanel(QWidget):
    """Emits ``save_requested(never_hide, id_patterns)``; one entry a line in each box."""

    save_requested = Signal(list, list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(self.tr(
            "Pseudonymised exports hide customers' names and details. Words on the first list are never "
            "hidden (your shop's public phone number, a product called \"Grace\"). The second list "
            "describes your workplace's order, job-card or account numbers as patterns (e.g. "
            "ORD-\\d{6}); anything matching one is hidden as [account no]."
        )))
        form = QFormLayout()
        self.never_hide = QPlainTextEdit()
        self.never_hide.setTabChangesFocus(True)
        self.never_hide.setPlaceholderText(self.tr("One a line, e.g. 0113 496 0999"))
        self.never_hide.setAccessibleName(self.tr("Never hide"))
        add_row(form, self.tr("&Never hide (one a line):"), self.never_hide)
        self.patterns = QPlainTextEdit()
        self.patterns.setTabChangesFocus(True)
        self.patterns.setPlaceholderText(self.tr("One a line, e.g. ORD-\\d{6}"))
        self.patterns.setAccessibleName(self.tr("Account number patterns"))
        add_row(form, self.tr("Account number &patterns (one a line):"), self.patterns)
        layout.addLayout(form)
        self.save_button = QPushButton(self.tr("Sa&ve these settings"))
        layout.addWidget(self.save_button)
        self.status = hint("")
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.save_button.clicked.connect(
            lambda: self.save_requested.emit(_lines(self.never_hide), _lines(self.patterns)))

    def show_settings(self, never_hide: list[str], patterns: list[str]) -> None:
        self.never_hide.setPlainText("\n".join(never_hide))
        self.patterns.setPlainText("\n".join(patterns))

    def clear(self) -> None:
        self.never_hide.clear()
        self.patterns.clear()
        self.status.setText("")
