"""The unlock window: passphrase (or recovery key), key derivation off the GUI thread.

A wrong passphrase says so plainly and keeps the window open. A damaged file
offers the newest backup that opens with the same passphrase; the damaged file is
kept beside it (renamed), never deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import (
    QAccessibleWidget,
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...errors import BackupNotWritable, DamagedJournal, InvalidInput, JournalNotFound, JournalRolledBack
from ..context import run_now
from ..widgets.common import describe_error, hint, labelled, page_title


def tr(text: str) -> str:
    return QCoreApplication.translate("UnlockWindow", text)


def choose_journal_file(parent: QWidget, start: str) -> str:
    """Ask for an existing journal file (tests replace this)."""
    path, _ = QFileDialog.getOpenFileName(
        parent, tr("Open a journal"), start, tr("Placement journals (*.pjournal);;All files (*)")
    )
    return path


def open_journal(path: Path, passphrase: str, clock: Any = None, allow_rollback: bool = False) -> Any:
    from ...services.actions.journal_file import unlock

    return unlock(path, passphrase, clock=clock, allow_rollback=allow_rollback)


def open_with_recovery(path: Path, recovery_key: str, new_passphrase: str, clock: Any = None) -> Any:
    """Unlock with the recovery key and set a new passphrase straight away."""
    from ...services.actions.journal_file import recover_access

    return recover_access(path, recovery_key, new_passphrase, clock=clock)


def restore_newest_good_backup(path: Path, passphrase: str, clock: Any = None) -> Any:
    """Find the newest backup this passphrase opens, put it in place (keeping the damaged file), open it."""
    from ...services.actions.journal_file import restore_newest_good_backup as restore

    return restore(path, passphrase, clock=clock)


_FACTORY_INSTALLED = False


def _accessible_window(key: str, obj: object) -> QAccessibleInterface | None:
    """The unlock window is a window to a screen reader (a plain widget would be a "filler")."""
    if key == "UnlockWindow" and isinstance(obj, QWidget):
        return QAccessibleWidget(obj, QAccessible.Role.Window, obj.windowTitle())
    return None


def expose_as_window() -> None:
    global _FACTORY_INSTALLED
    if not _FACTORY_INSTALLED:
        QAccessible.installFactory(_accessible_window)
        _FACTORY_INSTALLED = True


def restore_backup_file(path: Path, passphrase: str, clock: Any = None) -> Any:
    """Put the backup at ``path`` back in use over the journal it belongs to; returns that
    journal, open (what was there is kept as its newest backup, or aside if damaged)."""
    from ...services.actions.journal_file import restore_copy

    return restore_copy(path, passphrase, clock=clock)[0]


class UnlockWindow(QWidget):
    """Emits ``unlocked(journal)``; ``create_requested()`` when the learner wants a new journal."""

    unlocked = Signal(object)
    create_requested = Signal()

    def __init__(
        self, path: Path, run_in_background: Callable[..., Any] = run_now, clock: Any = None,
        demo_passphrase: str = "", parent: QWidget | None = None,
    ) -> None:
        expose_as_window()
        super().__init__(parent)
        self.setWindowTitle(tr("Unlock — Placement Journal"))
        self.setObjectName("unlockWindow")
        self.path = Path(path)
        self._run = run_in_background
        self._clock = clock
        self._busy = False
        self._build(demo_passphrase)
        self._show_path()

    # --- layout ------------------------------------------------------------------------
    def _build(self, demo_passphrase: str) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 28, 32, 24)
        outer.addWidget(page_title(tr("Unlock your journal")))
        self.path_label = QLabel()
        self.path_label.setObjectName("hint")
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        outer.addWidget(self.path_label)

        self.modes = QStackedWidget()
        self.modes.addWidget(self._passphrase_panel(demo_passphrase))
        self.modes.addWidget(self._recovery_panel())
        outer.addWidget(self.modes)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setAccessibleName(tr("Unlocking"))
        self.busy.setMaximumHeight(8)
        self.busy.hide()
        outer.addWidget(self.busy)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(tr("Problem"))
        self.error_label.hide()
        outer.addWidget(self.error_label)

        self.backup_button = QPushButton(tr("Open the newest good backup"))
        self.backup_button.clicked.connect(self._restore_backup)
        self.backup_button.hide()
        outer.addWidget(self.backup_button)
        # An older copy than this computer last saw here: opened only on purpose (noted in
        # the journal's audit trail, and saved, so it opens normally from then on).
        self.older_button = QPushButton(tr("Use this older copy"))
        self.older_button.clicked.connect(self._accept_older)
        self.older_button.hide()
        outer.addWidget(self.older_button)
        # A backup picked with "Open another journal…": it is never written, so it is put
        # back in use by restoring it over its journal (which is kept as a backup).
        self.restore_button = QPushButton(tr("Restore this backup as my journal"))
        self.restore_button.clicked.connect(self._restore_this_backup)
        self.restore_button.hide()
        outer.addWidget(self.restore_button)

        outer.addStretch(1)
        row = QHBoxLayout()
        self.other_button = QPushButton(tr("Open another journal…"))
        self.other_button.clicked.connect(self._choose_other)
        self.create_button = QPushButton(tr("Create a new journal…"))
        self.create_button.clicked.connect(self.create_requested.emit)
        row.addWidget(self.other_button)
        row.addWidget(self.create_button)
        row.addStretch(1)
        outer.addLayout(row)
        self.resize(520, 380)

    def _passphrase_panel(self, demo_passphrase: str) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 8, 0, 0)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.returnPressed.connect(self.unlock)
        form.addRow(labelled(tr("&Passphrase"), self.passphrase), self.passphrase)
        layout.addLayout(form)
        self.show_box = QCheckBox(tr("Show passphrase"))
        self.show_box.toggled.connect(
            lambda on: self.passphrase.setEchoMode(
                QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
            )
        )
        layout.addWidget(self.show_box)
        if demo_passphrase:
            self.passphrase.setText(demo_passphrase)
            layout.addWidget(hint(tr("This is a copy of the demo journal. Its passphrase is: {p}").format(
                p=demo_passphrase)))
        row = QHBoxLayout()
        self.unlock_button = QPushButton(tr("&Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        self.recovery_link = QPushButton(tr("Forgot it? Use recovery key"))
        self.recovery_link.setFlat(True)
        self.recovery_link.clicked.connect(lambda: self._set_mode(1))
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        row.addWidget(self.recovery_link)
        layout.addLayout(row)
        return panel

    def _recovery_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addWidget(hint(tr(
            "Type the recovery key you wrote down when you created the journal, then choose a new passphrase."
        )))
        form = QFormLayout()
        self.recovery_key = QLineEdit()
        self.recovery_key.setPlaceholderText("ABCD1-EFGH2-…")
        self.new_passphrase = QLineEdit()
        self.new_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_passphrase = QLineEdit()
        self.repeat_passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_passphrase.returnPressed.connect(self.unlock_with_recovery)
        form.addRow(labelled(tr("&Recovery key"), self.recovery_key), self.recovery_key)
        form.addRow(labelled(tr("&New passphrase"), self.new_passphrase), self.new_passphrase)
        form.addRow(labelled(tr("&Type it again"), self.repeat_passphrase), self.repeat_passphrase)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.recover_button = QPushButton(tr("Unlock and set passphrase"))
        self.recover_button.clicked.connect(self.unlock_with_recovery)
        back = QPushButton(tr("Back to passphrase"))
        back.setFlat(True)
        back.clicked.connect(lambda: self._set_mode(0))
        row.addWidget(self.recover_button)
        row.addStretch(1)
        row.addWidget(back)
        layout.addLayout(row)
        return panel

    def _set_mode(self, index: int) -> None:
        self.modes.setCurrentIndex(index)
        self._clear_error()
        (self.passphrase if index == 0 else self.recovery_key).setFocus()

    def _show_path(self) -> None:
        self.path_label.setText(tr("Journal: {path}").format(path=str(self.path)))

    def set_path(self, path: Path) -> None:
        self.path = Path(path)
        self._show_path()
        self._clear_error()

    # --- unlocking ---------------------------------------------------------------------
    def unlock(self) -> None:
        if self._busy:
            return
        passphrase = self.passphrase.text()
        if not passphrase:
            self._show_error(InvalidInput(tr("Type your passphrase first.")))
            return
        path, clock = self.path, self._clock
        self._start(lambda: open_journal(path, passphrase, clock))

    def unlock_with_recovery(self) -> None:
        if self._busy:
            return
        if self.new_passphrase.text() != self.repeat_passphrase.text():
            self._show_error(InvalidInput(tr("The two new passphrases are different. Type them again.")))
            return
        path, key, new, clock = self.path, self.recovery_key.text(), self.new_passphrase.text(), self._clock
        self._start(lambda: open_with_recovery(path, key, new, clock))

    def _restore_backup(self) -> None:
        path, passphrase, clock = self.path, self.passphrase.text(), self._clock
        self._start(lambda: restore_newest_good_backup(path, passphrase, clock))

    def _accept_older(self) -> None:
        path, passphrase, clock = self.path, self.passphrase.text(), self._clock
        self._start(lambda: open_journal(path, passphrase, clock, allow_rollback=True))

    def _restore_this_backup(self) -> None:
        path, passphrase, clock = self.path, self.passphrase.text(), self._clock
        self._start(lambda: restore_backup_file(path, passphrase, clock))

    def _start(self, work: Callable[[], Any]) -> None:
        self._clear_error()
        self._set_busy(True)
        self._run(work, self._done, self._failed)

    def _done(self, journal: Any) -> None:
        self._set_busy(False)
        self.passphrase.clear()
        self.recovery_key.clear()
        self.new_passphrase.clear()
        self.repeat_passphrase.clear()
        self.unlocked.emit(journal)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        self._show_error(error)
        if isinstance(error, DamagedJournal) and self._has_backups():
            self.backup_button.show()
        self.older_button.setVisible(isinstance(error, JournalRolledBack))
        self.restore_button.setVisible(isinstance(error, BackupNotWritable))
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _has_backups(self) -> bool:
        from ...services.actions.journal_file import backups_of as list_backups

        return bool(list_backups(self.path))

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy.setVisible(busy)
        for widget in (self.unlock_button, self.recover_button, self.other_button, self.create_button,
                       self.passphrase, self.backup_button, self.older_button, self.restore_button):
            widget.setEnabled(not busy)

    def _show_error(self, error: BaseException) -> None:
        title, message = describe_error(error)
        if isinstance(error, JournalNotFound):
            message += " " + tr("Use “Open another journal…” or “Create a new journal…”.")
        self.error_label.setText(f"<b>{title}</b><br>{message}")
        self.error_label.show()

    def _clear_error(self) -> None:
        self.error_label.hide()
        self.error_label.clear()
        self.backup_button.hide()
        self.older_button.hide()
        self.restore_button.hide()

    @property
    def error_text(self) -> str:
        return self.error_label.text() if self.error_label.isVisible() or self.error_label.text() else ""

    def _choose_other(self) -> None:
        chosen = choose_journal_file(self, str(self.path.parent))
        if chosen:
            self.set_path(Path(chosen))

