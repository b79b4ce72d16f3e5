"""The recovery key, shown once, in a form every learner can take away.

Used by the first-run wizard and by "Make a new recovery key" in Settings. The key is
a read-only text field (a screen reader can read it and spell it), with its groups
spelled out letter by letter in the accessible description, a "group by group"
stepper for arrow keys, and buttons to copy it, save it to a file (user-only) or
print it.

``choose_file`` and ``print_key`` are module-level on purpose: tests replace them so no
real file or print dialog ever blocks a test run.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from . import common


def tr(text: str) -> str:
    return QCoreApplication.translate("RecoveryKeyView", text)


def key_groups(key: str) -> list[str]:
    return [group for group in key.split("-") if group]


def spelled(group: str) -> str:
    """"ABC12" → "A B C 1 2": a screen reader then says each character on its own."""
    return " ".join(group)


def spelled_key(key: str) -> str:
    """"Group 1: A B C D E. Group 2: …" for the accessible description."""
    return " ".join(
        tr("Group {n}: {letters}.").format(n=n, letters=spelled(group))
        for n, group in enumerate(key_groups(key), start=1)
    )


def choose_file(parent: QWidget, start: str) -> str:
    """Ask where to save the key (tests replace this)."""
    path, _ = QFileDialog.getSaveFileName(
        parent, tr("Save your recovery key"), start, tr("Text files (*.txt)")
    )
    return path


def key_document_html(key: str) -> str:
    groups = " &nbsp; ".join(html.escape(group) for group in key_groups(key))
    title = tr("Placement Journal recovery key")
    advice = tr("If you forget your passphrase, this key opens your journal. Keep this paper "
                "somewhere safe, away from the computer.")
    return (
        f"<h2>{html.escape(title)}</h2>"
        f"<p style='font-family: monospace; font-size: 18pt'>{groups}</p>"
        f"<p>{html.escape(advice)}</p>"
    )


def print_key(parent: QWidget, key: str) -> bool:
    """Print the key through the system's print dialog; True when it was sent (tests replace this)."""
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter()
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(tr("Print your recovery key"))
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    document = QTextDocument()
    document.setHtml(key_document_html(key))
    document.print_(printer)
    return True


class GroupStepper(QSpinBox):
    """"Group 1 of 8: A B C D E" — Up/Down step through the groups; nothing can be typed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._groups: list[str] = []
        self.setRange(1, 1)
        self.setWrapping(False)
        self.lineEdit().setReadOnly(True)
        self.setAccessibleName(tr("Recovery key, group by group"))
        self.setAccessibleDescription(tr("Use the Up and Down arrow keys to move between the groups."))

    def set_groups(self, groups: list[str]) -> None:
        self._groups = groups
        self.setRange(1, max(1, len(groups)))
        self.setValue(1)
        self.lineEdit().setText(self.textFromValue(1))
        widest = max((self.textFromValue(n) for n in range(1, len(groups) + 1)), key=len, default="")
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(widest + "WW") + 40)

    def textFromValue(self, value: int) -> str:  # Qt's name
        if not self._groups or not 1 <= value <= len(self._groups):
            return ""
        return tr("Group {n} of {total}: {letters}").format(
            n=value, total=len(self._groups), letters=spelled(self._groups[value - 1])
        )

    def valueFromText(self, text: str) -> int:  # Qt's name
        return self.value()


class RecoveryKeyView(QWidget):
    """The key, the group stepper, and Copy / Save to a file… / Print… buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._key = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("recoveryKey")
        self.key_edit.setReadOnly(True)
        self.key_edit.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_edit.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.key_edit.setAccessibleName(tr("Recovery key"))
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.key_edit.setFont(font)
        layout.addWidget(self.key_edit)

        self.groups = GroupStepper()
        self.groups.setObjectName("recoveryKeyGroups")
        group_label = common.labelled(tr("Read it group by &group"), self.groups)
        row = QHBoxLayout()
        row.addWidget(group_label)
        row.addWidget(self.groups, 1)
        layout.addLayout(row)

        buttons = QHBoxLayout()
        self.copy_button = QPushButton(tr("&Copy"))
        self.copy_button.setAccessibleName(tr("Copy the recovery key"))
        self.copy_button.clicked.connect(self.copy)
        self.save_button = QPushButton(tr("Sa&ve to a file…"))
        self.save_button.setAccessibleName(tr("Save the recovery key to a file"))
        self.save_button.clicked.connect(self.save)
        self.print_button = QPushButton(tr("&Print…"))
        self.print_button.setAccessibleName(tr("Print the recovery key"))
        self.print_button.clicked.connect(self.print_on_paper)
        for button in (self.copy_button, self.save_button, self.print_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = common.hint("")
        self.status.setAccessibleName(tr("Recovery key status"))
        layout.addWidget(self.status)

    def set_key(self, key: str) -> None:
        self._key = key
        self.key_edit.setText(key)
        self.key_edit.setAccessibleDescription(spelled_key(key))
        self.key_edit.ensurePolished()  # the style sheet's larger font decides the width
        self.key_edit.setMinimumWidth(self.key_edit.fontMetrics().horizontalAdvance(key + "WW") + 30)
        self.groups.set_groups(key_groups(key))
        self.status.setText("")

    def key(self) -> str:
        return self._key

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self._key)
        self._say(tr("Copied. Paste it somewhere safe, then copy something else so it doesn't stay "
                     "on the clipboard."))

    def save(self) -> None:
        from ...services.actions.journal_file import write_recovery_key_file

        start = str(Path.home() / tr("placement-journal-recovery-key.txt"))
        chosen = choose_file(self, start)
        if not chosen:
            return
        try:
            write_recovery_key_file(Path(chosen), self._key)
        except Exception as error:  # why: plain words, nothing half-written
            common.show_error(self, error)
            return
        self._say(tr("Saved to {path}. Keep that file away from this computer, for example on a "
                     "USB stick you keep safe.").format(path=chosen))

    def print_on_paper(self) -> None:
        try:
            sent = print_key(self, self._key)
        except Exception as error:  # why: plain words
            common.show_error(self, error)
            return
        if sent:
            self._say(tr("Sent to the printer."))

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setAccessibleDescription(text)
