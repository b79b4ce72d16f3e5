"""Passphrase strength feedback, changing the passphrase and making a new recovery key.

Each of these gives the journal a new data key (the body and every attached file are sealed
again), so an old copy of the file opens nothing saved afterwards. The recovery slot can
only be remade with the recovery key itself: the learner types the current one to keep it,
or gets a new one, shown once and checked like at first run."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QRadioButton,
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


CHECK_GROUP = 3  # as at first run: the learner types this group of a new key back


class RecoveryChoice(QWidget):
    """Keep the recovery key (typed, checked against the journal) or get a new one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.keep = QRadioButton(tr("&Keep my recovery key (type it here):"))
        self.key_edit = QLineEdit()
        self.key_edit.setAccessibleName(tr("Your current recovery key"))
        self.key_edit.setPlaceholderText("XXXXX-XXXXX-…")
        self.new = QRadioButton(tr("Give me a ne&w recovery key (shown once)"))
        self.group = QButtonGroup(self)
        self.group.addButton(self.keep)
        self.group.addButton(self.new)
        self.keep.setChecked(True)
        self.keep.toggled.connect(self.key_edit.setEnabled)
        layout.addWidget(self.keep)
        layout.addWidget(self.key_edit)
        layout.addWidget(self.new)

    def value(self) -> tuple[str | None, bool]:
        """(the current key to keep, or None; True for a new key)."""
        if self.new.isChecked():
            return None, True
        typed = self.key_edit.text().strip()
        if not typed:
            raise InvalidInput(tr(
                "Type your current recovery key to keep it, or choose a new one. "
                "A new key for your journal needs one or the other."
            ))
        return typed, False


class _KeyChangeDialog(QDialog):
    """What the dialogs that give the journal a new key share: on success keep the new
    recovery key to show (if any) and close; on a refusal say why and let the learner retry."""

    new_key: str | None
    buttons: QDialogButtonBox
    error_label: QLabel

    def _add_current_passphrase(self, layout: QVBoxLayout) -> None:
        """The field both dialogs start with: the passphrase the learner unlocked with."""
        form = QFormLayout()
        self.current = QLineEdit()
        self.current.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(labelled(tr("&Current passphrase"), self.current), self.current)
        layout.addLayout(form)

    def _done(self, key: str | None) -> None:
        self.new_key = key
        self.accept()

    def _error(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        title, message = describe_error(error)
        self.error_label.setText(f"<b>{title}</b><br>{message}")


class ChangePassphraseDialog(_KeyChangeDialog):
    """Check the current passphrase, then seal the journal under a new key (off the GUI
    thread). ``new_key`` is the new recovery key to show once, if one was asked for."""

    def __init__(self, journal: Any, run_in_background: Callable[..., Any] = run_now,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Change passphrase"))
        self.journal = journal
        self._run = run_in_background
        self.new_key: str | None = None
        layout = QVBoxLayout(self)
        layout.addWidget(hint(tr(
            "Your journal and its attached files are locked again under a new key, so an old "
            "copy of the file opens nothing you save from now on. Older backups are replaced."
        )))
        self._add_current_passphrase(layout)
        self.fields = NewPassphraseFields()
        layout.addWidget(self.fields)
        self.recovery = RecoveryChoice()
        layout.addWidget(self.recovery)
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
            keep, make_new = self.recovery.value()
        except InvalidInput as error:
            self._error(error)
            return
        current, journal = self.current.text(), self.journal
        self.buttons.setEnabled(False)

        def work() -> str | None:
            from ...services.actions.journal_file import change_passphrase

            return change_passphrase(journal, new, current=current, recovery_key=keep,
                                     new_recovery_key=make_new).value

        self._run(work, self._done, self._error)


class NewKeyDialog(_KeyChangeDialog):
    """A new key for the journal, keeping the passphrase: for a new recovery key (Settings)
    or after an erasure, so an old copy or backup kept elsewhere opens nothing saved from
    now on. ``new_key`` is the new recovery key to show once, if there is one."""

    def __init__(self, journal: Any, run_in_background: Callable[..., Any] = run_now,
                 parent: QWidget | None = None, *, after_erasure: bool = False) -> None:
        super().__init__(parent)
        self.journal = journal
        self._run = run_in_background
        self._after_erasure = after_erasure
        self.new_key: str | None = None
        layout = QVBoxLayout(self)
        if after_erasure:
            self.setWindowTitle(tr("Lock old copies out"))
            layout.addWidget(hint(tr(
                "The person is erased from your journal and its backups here. A copy of the journal "
                "kept somewhere else (a USB stick, another computer) still holds them, and still "
                "opens with your passphrase. A new key for your journal means such a copy opens "
                "nothing you save from now on. Your passphrase stays the same."
            )))
        else:
            self.setWindowTitle(tr("New recovery key"))
            layout.addWidget(hint(tr(
                "Your old recovery key will stop working, here and in every backup, and your journal "
                "is locked again under a new key. Your passphrase stays the same. You'll need to "
                "write down the new recovery key."
            )))
        self._add_current_passphrase(layout)
        self.recovery: RecoveryChoice | None = None
        if after_erasure:
            self.recovery = RecoveryChoice()
            layout.addWidget(self.recovery)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            tr("Change the key") if after_erasure else tr("Make a new recovery key"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            tr("Not now") if after_erasure else tr("Cancel"))
        self.buttons.accepted.connect(self.change)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def change(self) -> None:
        keep, make_new = None, True
        if self.recovery is not None:
            try:
                keep, make_new = self.recovery.value()
            except InvalidInput as error:
                self._error(error)
                return
        passphrase, journal, after_erasure = self.current.text(), self.journal, self._after_erasure
        self.buttons.setEnabled(False)

        def work() -> str | None:
            from ...services.actions import journal_file

            if after_erasure:
                return journal_file.rekey_journal(journal, passphrase, recovery_key=keep,
                                                  new_recovery_key=make_new, reason="erasure").value
            return journal_file.make_new_recovery_key(journal, passphrase).value

        self._run(work, self._done, self._error)


class RecoveryKeyDialog(QDialog):
    """Show a recovery key once; close only after the learner confirms they wrote it down
    and types one group of it back (the same check as at first run)."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Your new recovery key"))
        self._key = key
        layout = QVBoxLayout(self)
        layout.addWidget(hint(tr(
            "Write this key on paper and keep it somewhere safe, away from this computer. "
            "It is shown only now. Your old recovery key no longer works."
        )))
        self.key_view = RecoveryKeyView()
        self.key_view.set_key(key)
        layout.addWidget(self.key_view)
        self.written = QCheckBox(tr("I have &written it down"))
        layout.addWidget(self.written)
        groups = [g for g in key.split("-") if g]
        self._check_group = groups[CHECK_GROUP - 1] if len(groups) >= CHECK_GROUP else ""
        form = QFormLayout()
        self.check_edit = QLineEdit()
        self.check_edit.setMaxLength(7)
        self.check_edit.setAccessibleDescription(tr(
            "Type the characters of group {n} of your recovery key, to check you have it."
        ).format(n=CHECK_GROUP))
        form.addRow(labelled(tr("To check, type group &{n} of your key").format(n=CHECK_GROUP),
                             self.check_edit), self.check_edit)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setEnabled(False)
        self.written.toggled.connect(self._update)
        self.check_edit.textChanged.connect(self._update)
        self.buttons.accepted.connect(self.accept)
        layout.addWidget(self.buttons)

    def is_complete(self) -> bool:
        from ...services.actions.journal_file import key_group_matches

        typed_ok = not self._check_group or key_group_matches(self.check_edit.text(), self._check_group)
        return self.written.isChecked() and typed_ok

    def _update(self) -> None:
        self.ok.setEnabled(self.is_complete())

    def reject(self) -> None:  # Qt's name: Escape must not skip the check
        if self.is_complete():
            super().reject()


def make_new_recovery_key(journal: Any, passphrase: str) -> str:
    """Replace the recovery key under a new data key and save; the old key stops working."""
    from ...services.actions.journal_file import make_new_recovery_key as make

    return make(journal, passphrase).value
