"""Every error a person can cause, as a typed exception with a plain-words message.

The CLI prints ``str(error)`` and exits with ``error.exit_code``; the GUI shows the
same words in a dialog. Nothing here ever carries a customer's personal data.
"""

from __future__ import annotations


class JournalError(Exception):
    """Base class: a problem the learner can understand and act on."""

    exit_code = 1
    title = "Something went wrong"

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message())

    def default_message(self) -> str:  # pragma: no cover - overridden
        return self.title


class JournalNotFound(JournalError):
    exit_code = 11
    title = "Journal not found"

    def __init__(self, path: object) -> None:
        super().__init__(f"There is no journal at {path}. Check the file name, or create one with 'init'.")


class JournalAlreadyExists(JournalError):
    exit_code = 12
    title = "A journal is already there"

    def __init__(self, path: object) -> None:
        super().__init__(f"{path} already exists. Pick another file name so nothing is overwritten.")


class WrongPassphrase(JournalError):
    exit_code = 3
    title = "Wrong passphrase"

    def default_message(self) -> str:
        return "That passphrase doesn't unlock this journal. Check Caps Lock and try again."


class WrongRecoveryKey(JournalError):
    exit_code = 4
    title = "Wrong recovery key"

    def default_message(self) -> str:
        return "That recovery key doesn't belong to this journal."


class RecoveryKeyTypo(WrongRecoveryKey):
    title = "Recovery key has a typo"


class DamagedJournal(JournalError):
    exit_code = 5
    title = "The journal file is damaged"

    def default_message(self) -> str:
        return (
            "This journal file is damaged (it was changed, cut short or corrupted). "
            "It has not been changed. Open one of its backups instead."
        )


class WeakKeySettings(DamagedJournal):
    title = "Unsafe key settings"

    def default_message(self) -> str:
        return (
            "This journal's key settings are weaker than this app allows, so someone may have "
            "tampered with it. It has not been opened or changed."
        )


class NotAJournal(JournalError):
    exit_code = 6
    title = "Not a journal"

    def __init__(self, path: object) -> None:
        super().__init__(f"{path} is not a Placement Journal file.")


class NewerJournalVersion(JournalError):
    exit_code = 7
    title = "Journal from a newer app"

    def __init__(self, version: int) -> None:
        super().__init__(
            f"This journal was saved by a newer version of Placement Journal (file format {version}). "
            "Update the app to open it; the file has not been changed."
        )


class JournalLocked(JournalError):
    exit_code = 8
    title = "Journal already open"

    def __init__(self, holder: str = "") -> None:
        where = f" ({holder})" if holder else ""
        super().__init__(
            "This journal is open in another copy of Placement Journal"
            f"{where}. Close it there first, then try again."
        )


class SaveFailed(JournalError):
    exit_code = 9
    title = "Could not save"

    def __init__(self, reason: str) -> None:
        super().__init__(f"Could not save the journal: {reason}. Your last saved copy is safe and unchanged.")


class JournalChangedOnDisk(JournalError):
    exit_code = 10
    title = "Journal changed elsewhere"

    def default_message(self) -> str:
        return (
            "The journal file was changed by something else since you opened it, so it was not "
            "overwritten. Close and reopen the journal to see the newer version."
        )


class JournalRolledBack(JournalError):
    exit_code = 10
    title = "Older copy of the journal"

    def __init__(self, seen: int, found: int) -> None:
        super().__init__(
            f"This journal file is older than the one last opened on this computer (save {found}, "
            f"expected {seen} or later). Someone may have swapped in an old copy."
        )


class InvalidInput(JournalError):
    """A value the learner typed or a file they gave us that we refuse."""

    exit_code = 13
    title = "Please check this"


class InvalidRecord(InvalidInput):
    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.reason = message
        super().__init__(f"{path}: {message}" if path else message)


class ImportRefused(InvalidInput):
    exit_code = 14
    title = "Import refused"

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.reason = message
        where = f"{path}: " if path else ""
        super().__init__(f"{where}{message}. Nothing was imported; the journal is unchanged.")


class RecordNotFound(JournalError):
    exit_code = 15
    title = "Not found"

    def __init__(self, kind: str, record_id: str) -> None:
        super().__init__(f'There is no {kind} with id "{record_id}" in this journal.')


class AttachmentError(JournalError):
    exit_code = 16
    title = "Attachment problem"


class JournalUnreadable(JournalError):
    """The file is there but the system won't let us read it (permissions, a disk error)."""

    exit_code = 17
    title = "Can't read the journal"

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"Can't read {path}: {reason}. Nothing was changed.")


class ExportFailed(JournalError):
    """An evidence pack could not be written (disk full, no permission, folder missing)."""

    exit_code = 21
    title = "Could not export"

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(f"Could not write the export to {path}: {reason}. Your journal is unchanged.")


class ExportCancelled(JournalError):
    exit_code = 22
    title = "Export cancelled"

    def default_message(self) -> str:
        return "The export was cancelled. No file was written and your journal is unchanged."


class NoScreen(JournalError):
    exit_code = 23
    title = "No screen to show the app on"

    def default_message(self) -> str:
        return (
            "The desktop app needs a screen, and none was found (no display is set). Start it "
            "from your desktop, or use the commands that need no screen: journal-app --help."
        )
