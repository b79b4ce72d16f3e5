"""First run: welcome, where to keep the journal, passphrase, recovery key, profile, criteria.

The journal file is created as soon as the passphrase is chosen (the key
derivation runs off the GUI thread), because the recovery key only exists once the
file does. Everything after that is saved into it when the wizard finishes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ... import paths
from ...errors import InvalidInput, JournalAlreadyExists
from ..context import run_now
from ..widgets.common import describe_error, hint, labelled
from ..widgets.learner_form import LearnerForm
from ..widgets.recovery_key_view import RecoveryKeyView
from .passphrase import NewPassphraseFields

CHECK_GROUP = 3  # the learner types this group of the recovery key back (1-based)
GROUP_LENGTH = 5  # characters in each group of the recovery key


def tr(text: str) -> str:
    return QCoreApplication.translate("FirstRun", text)


def choose_new_file(parent: QWidget, start: str) -> str:
    """Ask where to save a new journal (tests replace this)."""
    path, _ = QFileDialog.getSaveFileName(
        parent, tr("Where to keep your journal"), start, tr("Placement journals (*.pjournal)")
    )
    return path


def available_frameworks() -> list[tuple[Path, str, str]]:
    """(file, id, title) of every criteria set shipped with the app."""
    out = []
    for file in sorted((paths.resources_dir() / "frameworks").glob("*.json")):
        try:
            data = json.loads(file.read_text("utf-8"))
            out.append((file, str(data["id"]), str(data["title"])))
        except (OSError, ValueError, KeyError):
            continue
    return out


def suggested_path() -> Path:
    path = paths.default_journal_path()
    n = 1
    while path.exists():
        n += 1
        path = path.with_name(f"journal-{n}{paths.JOURNAL_SUFFIX}")
    return path


def _error_html(error: BaseException) -> str:
    title, message = describe_error(error)
    return f"<b>{title}</b><br>{message}"


class WelcomePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("Welcome to Placement Journal"))
        layout = QVBoxLayout(self)
        text = QLabel(tr(
            "<p>Your journal for customer-facing work: log each conversation in under a minute, keep "
            "track of what you promised, reflect on how it went, and build an evidence log for your "
            "assessor.</p><p>Everything stays on this computer, locked with a passphrase only you know. "
            "Nothing is sent anywhere.</p><p>Setting up takes about two minutes.</p>"
        ))
        text.setWordWrap(True)
        layout.addWidget(text)


class LocationPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("Where to keep your journal"))
        self.setSubTitle(tr("The usual place is fine for most people."))
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path_edit = QLineEdit(str(suggested_path()))
        browse = QPushButton(tr("B&rowse…"))
        browse.setAccessibleName(tr("Browse for a folder"))
        browse.clicked.connect(self._browse)
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        layout.addWidget(labelled(tr("Journal &file"), self.path_edit))
        layout.addLayout(row)
        if paths.is_portable():
            layout.addWidget(hint(tr(
                "Portable mode: the journal is kept next to the app (for example on your USB stick), "
                "so nothing is left on this computer."
            )))
        layout.addWidget(hint(tr(
            "Keep it somewhere only you use. The file is encrypted, but a copy on a shared drive is "
            "still a copy someone could try to guess their way into."
        )))
        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def _browse(self) -> None:
        chosen = choose_new_file(self, self.path_edit.text())
        if chosen:
            if not chosen.endswith(paths.JOURNAL_SUFFIX):
                chosen += paths.JOURNAL_SUFFIX
            self.path_edit.setText(chosen)

    def path(self) -> Path:
        return Path(self.path_edit.text().strip()).expanduser()

    def validatePage(self) -> bool:  # Qt's name
        text = self.path_edit.text().strip()
        if not text:
            self.error_label.setText(_error_html(InvalidInput(tr("Choose where to keep the journal."))))
            return False
        if self.path().exists():
            self.error_label.setText(_error_html(JournalAlreadyExists(self.path())))
            return False
        self.error_label.clear()
        return True


class PassphrasePage(QWizardPage):
    """Creates the journal when the learner presses Next, off the GUI thread."""

    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self._validating = False
        self.setTitle(tr("Choose a passphrase"))
        self.setSubTitle(tr("You type this each time you open the journal."))
        layout = QVBoxLayout(self)
        layout.addWidget(hint(tr(
            "A short sentence only you would think of is easier to remember and harder to guess than "
            "a word with symbols. Don't reuse the password of your email or the work computer."
        )))
        self.fields = NewPassphraseFields()
        layout.addWidget(self.fields)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setMaximumHeight(8)
        self.busy.setAccessibleName(tr("Creating your journal"))
        self.busy.hide()
        layout.addWidget(self.busy)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        layout.addWidget(self.error_label)
        layout.addStretch(1)

    def validatePage(self) -> bool:  # Qt's name
        if self._wizard.journal is not None:
            return True
        try:
            passphrase = self.fields.value()
        except InvalidInput as error:
            self.error_label.setText(_error_html(error))
            return False
        self.error_label.clear()
        self.busy.show()
        self.setEnabled(False)
        self._validating = True
        try:
            self._wizard.create_journal(passphrase, self._created, self._failed)
        finally:
            self._validating = False
        return self._wizard.journal is not None  # True straight away with a synchronous runner

    def _created(self) -> None:
        self.busy.hide()
        self.setEnabled(True)
        self.fields.clear()
        if not self._validating and self._wizard.currentPage() is self:
            self._wizard.next()  # the background job finished after validatePage said "not yet"

    def _failed(self, error: BaseException) -> None:
        self.busy.hide()
        self.setEnabled(True)
        self.error_label.setText(_error_html(error))


class RecoveryKeyPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle(tr("Your recovery key"))
        self.setSubTitle(tr("If you ever forget your passphrase, this key is the only way back in."))
        layout = QVBoxLayout(self)
        layout.addWidget(hint(tr(
            "Write it on paper now and keep it somewhere safe, away from this computer (not in a photo "
            "or an email). It is shown only this once."
        )))
        self.key_view = RecoveryKeyView()
        layout.addWidget(self.key_view)
        self.written = QCheckBox(tr("I have &written it down"))
        self.written.toggled.connect(self.completeChanged)
        layout.addWidget(self.written)
        form = QFormLayout()
        self.check_edit = QLineEdit()
        self.check_edit.setMaxLength(7)
        self.check_edit.textChanged.connect(self.completeChanged)
        self.check_edit.setAccessibleDescription(tr(
            "Type the {count} characters of group {n} of your recovery key, to check you have it."
        ).format(count=GROUP_LENGTH, n=CHECK_GROUP))
        form.addRow(
            labelled(tr("To check, type group &{n} of your key").format(n=CHECK_GROUP), self.check_edit),
            self.check_edit,
        )
        layout.addLayout(form)
        layout.addStretch(1)

    def initializePage(self) -> None:  # Qt's name
        self.key_view.set_key(self._wizard.recovery_key)
        self.written.setChecked(False)
        self.check_edit.clear()

    def isComplete(self) -> bool:  # Qt's name
        key = self._wizard.recovery_key
        if not key or not self.written.isChecked():
            return False
        group = key.split("-")[CHECK_GROUP - 1]
        from ...services.actions.journal_file import key_group_matches

        return key_group_matches(self.check_edit.text(), group)

    def cleanupPage(self) -> None:  # going back would show a passphrase page for a done job
        pass


class ProfilePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("About you and your placement"))
        self.setSubTitle(tr("This goes on the front of your evidence log. You can change it later."))
        self.form = LearnerForm(self)
        QVBoxLayout(self).addWidget(self.form)
        # The fields by name, as a learner's tab order and the tests reach them.
        self.name, self.programme, self.target = self.form.name, self.form.programme, self.form.target

    def learner(self) -> Any:
        return self.form.learner()

    def validatePage(self) -> bool:  # Qt's name
        problem = self.form.problem()
        if problem:
            self.setSubTitle(problem)
            return False
        return True


class FrameworkPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(tr("Your assessment criteria"))
        self.setSubTitle(tr("Pick the criteria your course uses; you link your entries to them."))
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("Criteria sets"))
        for file, fid, title in available_frameworks():
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, str(file))
            item.setData(Qt.ItemDataRole.UserRole + 1, fid)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        layout.addWidget(self.list)
        layout.addWidget(hint(tr(
            "Your tutor can give you a criteria file to import later if yours isn't here."
        )))

    def chosen_file(self) -> Path | None:
        item = self.list.currentItem()
        return Path(item.data(Qt.ItemDataRole.UserRole)) if item else None


class FirstRunWizard(QWizard):
    """Emits ``created(journal)`` when finished; the journal is open and saved."""

    created = Signal(object)

    def __init__(self, run_in_background: Callable[..., Any] = run_now, clock: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Set up Placement Journal"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self._run = run_in_background
        self._clock = clock
        self.journal: Any = None
        self.recovery_key = ""
        self.welcome = WelcomePage()
        self.location = LocationPage()
        self.passphrase = PassphrasePage(self)
        self.key_page = RecoveryKeyPage(self)
        self.profile = ProfilePage()
        self.framework = FrameworkPage()
        pages = (self.welcome, self.location, self.passphrase, self.key_page, self.profile, self.framework)
        for page in pages:
            self.addPage(page)
        self.currentIdChanged.connect(self._lock_going_back)
        self.resize(640, 520)

    def _lock_going_back(self, _id: int) -> None:
        # Once the file exists, going back to location/passphrase would describe a journal
        # that is already made; hide Back until the recovery key page is past.
        if self.journal is not None and self.currentPage() is self.key_page:
            self.button(QWizard.WizardButton.BackButton).setEnabled(False)

    def create_journal(self, passphrase: str, on_done: Callable[[], None],
                       on_error: Callable[[BaseException], None]) -> None:
        path, clock = self.location.path(), self._clock

        def work() -> Any:
            from ...services.actions.journal_file import create_journal

            return create_journal(path, passphrase, clock=clock)

        def done(result: Any) -> None:
            self.journal, self.recovery_key = result
            on_done()

        self._run(work, done, on_error)

    def accept(self) -> None:
        if self.journal is None:
            return
        try:
            self._finish()
        except Exception as error:  # why: shown on the page; the file keeps what it had
            self.framework.setSubTitle(describe_error(error)[1])
            return
        journal = self.journal
        self.journal = None
        self.recovery_key = ""
        # The main window must be showing before this, the last visible window, hides:
        # otherwise "last window closed" ends the app with the new journal never opened.
        self.created.emit(journal)
        super().accept()

    def _finish(self) -> None:
        from ...services.actions.journal_file import set_up_profile

        set_up_profile(self.journal, self.profile.learner(), self.framework.chosen_file())
        self.journal.save()

    def reject(self) -> None:
        # Leaving half-way: the journal (if made) stays, locked with the chosen passphrase.
        if self.journal is not None:
            try:
                self.journal.save()
            finally:
                self.journal.close()
                self.journal = None
        self.recovery_key = ""
        super().reject()
