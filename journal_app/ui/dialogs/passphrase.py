"""Passphrase strength feedback, changing the passphrase and making a new recovery key."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from ...errors import InvalidInput
from ..context import run_now
from ..widgets.common import describe_error, hint, labelled
from ..widgets.recovery_key_view import RecoveryKeyView


def tr(text: str) -> str:
    return QCoreApplication.translate("Passphrase", text)


def strength(passphrase: str) -> tuple[int, str]:
    """A 0–4 score and one plain sentence of advice, from the same estimator (zxcvbn) that
    decides whether a new passphrase is accepted, so the meter and the refusal agree."""
    from ...services.actions.journal_file import passphrase_strength

    score, advice = passphrase_strength(passphrase)
    return score, tr(advice)


class StrengthMeter(QWidget):
    """A bar and a sentence that follow a passphrase field as the learner types."""

    def __init__(self, field: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.bar = QProgressBar()
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        self.bar.setAccessibleName(tr("Passphrase strength"))
        self.advice = hint("")
        layout.addWidget(self.bar)
        layout.addWidget(self.advice)
        field.textChanged.connect(self.update_for)
        self.update_for(field.text())

    def update_for(self, text: str) -> None:
        score, advice = strength(text)
        self.bar.setValue(score)
        self.advice.setText(advice)
        self.bar.setAccessibleDescription(advice)
        self.score = score


class NewPassphraseFields(QWidget):
    """Passphrase + confirmation + strength, shared by first run and "change passphrase"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.meter = StrengthMeter(self.first)
        self.show_box = QCheckBox(tr("Show what I type"))
        self.show_box.toggled.connect(self._show)
        self.match_label = hint("")
        self.second.textChanged.connect(self._match)
        self.first.textChanged.connect(self._match)
        form.addRow(labelled(tr("New &passphrase"), self.first), self.first)
        form.addRow("", self.meter)
        form.addRow(labelled(tr("Type it &again"), self.second), self.second)
        form.addRow("", self.match_label)
        form.addRow("", self.show_box)

    def _show(self, on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        self.first.setEchoMode(mode)
        self.second.setEchoMode(mode)

    def _match(self) -> None:
        if not self.second.text():
            self.match_label.setText("")
        elif self.first.text() == self.second.text():
            self.match_label.setText(tr("Both match."))
        else:
            self.match_label.setText(tr("These don't match yet."))

    def value(self) -> str:
        """The new passphrase; raises InvalidInput in plain words when it can't be used."""
        from ...services.actions.journal_file import check_new_passphrase

        text = self.first.text()
        check_new_passphrase(text)  # the same rule as every other way of setting one
        if text != self.second.text():
            raise InvalidInput(tr("The two passphrases are different. Type them again."))
        return text

    def clear(self) -> None:
        self.first.clear()
        self.second.clear()


class ChangePassphraseDialog(QDialog):
    """Check the current passphrase (off the GUI thread), then rewrap the key and save."""

    def __init__(self, journal: Any, run_in_background: Callable[..., Any] = run_now,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Change passphrase"))
        self.journal = journal
        self._run = run_in_background
        layout = QVBoxLayout(self)
        layout.addWidget(hint(tr(
            "Your journal stays as it is; only the passphrase that unlocks it changes. "
            "Your recovery key keeps working."
        )))
        form = QFormLayout()
        self.current = QLineEdit()
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(labelled(tr("&Current passphrase"), self.current), self.current)
        layout.addLayout(form)
        self.fields = NewPassphraseFields()
        layout.addWidget(self.fields)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Change passphrase"))
        self.buttons.accepted.connect(self.change)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def change(self) -> None:
        try:
            new = self.fields.value()
        except InvalidInput as error:
            self._error(error)
            return
        current, journal = self.current.text(), self.journal
        self.buttons.setEnabled(False)

        def work() -> None:
            from ...services.actions.journal_file import change_passphrase

            change_passphrase(journal, new, current=current)

        self._run(work, lambda _r: self.accept(), self._error)

    def _error(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        title, message = describe_error(error)
        self.error_label.setText(f"<b>{title}</b><br>{message}")


class RecoveryKeyDialog(QDialog):
    """Show a recovery key once, and only close after the learner confirms they wrote it down."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Your new recovery key"))
        layout = QVBoxLayout(self)
        layout.addWidget(hint(tr(
            "Write this key on paper and keep it somewhere safe, away from this computer. "
            "It is shown only now. Your old recovery key no longer works."
        )))
        self.key_view = RecoveryKeyView()
        self.key_view.set_key(key)
        layout.addWidget(self.key_view)
        self.written = QCheckBox(tr("I have written it down"))
        layout.addWidget(self.written)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(False)
        self.written.toggled.connect(ok.setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)


def make_new_recovery_key(journal: Any) -> str:
    """Replace the recovery key and save; the old key stops working."""
    from ...services.actions.journal_file import make_new_recovery_key as make

    return make(journal).value
