"""Every error a person can cause, as a typed exception with a plain-words message.

The CLI prints ``str(error)`` and exits with ``error.exit_code``; the GUI shows the
same words in a dialog. Nothing here ever carries a customer's personal data.
"""

from __future__ import annotations

SHOWN_CHARACTERS = 80  # the most of a value put into a message, so one line stays one line
PATH_CHARACTERS = 200  # a JSON path (``interactions[3].summary``) in a message
REASON_CHARACTERS = 300  # an operating-system reason (``No space left on device``)
MESSAGE_CHARACTERS = 2000  # a whole message as printed
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(char: str) -> str:
    if char.isprintable() or char == " ":
        return char
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str, limit: int | None = None) -> str:
    """``text`` with every character that isn't visible text written as an escape, the way
    Python's repr does (``\\x1b``, ``\\n``, ``\\u202e``, a lone ``\\ud800``), cut to about
    ``limit`` characters with "…". A terminal shows the result as it is: no colours, no
    cursor moves, no extra lines, nothing that can't be encoded."""
    out: list[str] = []
    length = 0
    for char in text:
        piece = _escaped(char)
        if limit is not None and length + len(piece) > limit:
            out.append("…")
            break
        out.append(piece)
        length += len(piece)
    return "".join(out)


def one_line(message: str) -> str:
    """The last safety net before a message reaches a terminal: one line, every control
    character escaped, at most a screenful long."""
    return printable(message, MESSAGE_CHARACTERS)


def quoted(value: object, limit: int = SHOWN_CHARACTERS) -> str:
    """A value someone else wrote, made safe to put in a message: text in double quotes with
    control characters escaped and cut to about ``limit`` characters; ``null``, ``true`` and
    numbers as JSON writes them; a list or an object by its kind, not its contents."""
    if isinstance(value, str):
        return f'"{printable(value, limit)}"'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if abs(value) < 10 ** min(limit, 100) else "a very large number"
    if isinstance(value, float):
        return printable(repr(value), limit)
    if isinstance(value, dict):
        return "an object {...}"
    if isinstance(value, list | tuple):
        return "a list [...]"
    return printable(repr(value), limit)


def quoted_path(value: object, limit: int = SHOWN_CHARACTERS) -> str:
    """A file's name in double quotes, escaped like ``quoted``; a long one is cut in the middle
    so both where it starts and the file's own name show."""
    raw = str(value)
    if len(raw) <= limit:
        whole = printable(raw)
        if len(whole) <= limit:
            return f'"{whole}"'
    head = limit // 4
    tail = printable(raw[-limit:])
    return f'"{printable(raw[:head])[:head]}…{tail[max(0, len(tail) - (limit - head - 1)):]}"'


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
        super().__init__(
            f"There is no journal at {quoted_path(path)}. Check the file name, or create one with 'init'."
        )


class JournalAlreadyExists(JournalError):
    exit_code = 12
    title = "A journal is already there"

    def __init__(self, path: object) -> None:
        super().__init__(
            f"{quoted_path(path)} already exists. Pick another file name so nothing is overwritten."
        )


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
        super().__init__(f"{quoted_path(path)} is not a Placement Journal file.")


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
        where = f" ({printable(holder, SHOWN_CHARACTERS)})" if holder else ""
        super().__init__(
            "This journal is open in another copy of Placement Journal"
            f"{where}. Close it there first, then try again."
        )


class SaveFailed(JournalError):
    exit_code = 9
    title = "Could not save"
    written = False  # True when the new journal is in place, only not confirmed durable

    def __init__(self, reason: str) -> None:
        self.reason = reason  # the operating system's words, for a message about another file
        super().__init__(
            f"Could not save the journal: {printable(reason, REASON_CHARACTERS)}. "
            "Your last saved copy is safe and unchanged."
        )


class JournalChangedOnDisk(JournalError):
    exit_code = 18
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
        self.seen, self.found = seen, found
        super().__init__(
            f"This journal file is older than the one last opened here on this computer (save "
            f"{found}, expected {seen} or later), so it was not opened: an older copy may have been "
            "put in its place. If you are looking for your newer work, find the newer copy first "
            "(nothing was changed). If you want this older copy on purpose, open it with "
            "--accept-older (in the app: \u201cUse this older copy\u201d); that choice is noted in "
            "the journal's audit trail and it then opens normally."
        )


class InvalidInput(JournalError):
    """A value the learner typed or a file they gave us that we refuse."""

    exit_code = 13
    title = "Please check this"


class InvalidRecord(InvalidInput):
    def __init__(self, path: str, message: str) -> None:
        self.path = printable(path, PATH_CHARACTERS)
        self.reason = message
        super().__init__(f"{self.path}: {message}" if path else message)


class ImportRefused(InvalidInput):
    exit_code = 14
    title = "Import refused"

    def __init__(self, path: str, message: str) -> None:
        self.path = printable(path, PATH_CHARACTERS)
        self.reason = message
        where = f"{self.path}: " if path else ""
        super().__init__(f"{where}{message}. Nothing was imported; the journal is unchanged.")


class RecordNotFound(JournalError):
    exit_code = 15
    title = "Not found"

    def __init__(self, kind: str, record_id: str) -> None:
        super().__init__(f"There is no {kind} with id {quoted(record_id)} in this journal.")


class AttachmentError(JournalError):
    exit_code = 16
    title = "Attachment problem"


class JournalUnreadable(JournalError):
    """The file is there but the system won't let us read it (permissions, a disk error)."""

    exit_code = 17
    title = "Can't read the journal"

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(
            f"Can't read {quoted_path(path)}: {printable(reason, REASON_CHARACTERS)}. Nothing was changed."
        )


class ExportFailed(JournalError):
    """An evidence pack could not be written (disk full, no permission, folder missing)."""

    exit_code = 21
    title = "Could not export"

    def __init__(self, path: object, reason: str) -> None:
        super().__init__(
            f"Could not write the export to {quoted_path(path)}: {printable(reason, REASON_CHARACTERS)}. "
            "Your journal is unchanged."
        )


class ExportCancelled(JournalError):
    exit_code = 22
    title = "Export cancelled"

    def default_message(self) -> str:
        return "The export was cancelled. No file was written and your journal is unchanged."


class ImportCancelled(JournalError):
    exit_code = 26
    title = "Import cancelled"

    def default_message(self) -> str:
        return "The import was cancelled. Nothing was imported and your journal is unchanged."


class NoScreen(JournalError):
    exit_code = 23
    title = "No screen to show the app on"

    def default_message(self) -> str:
        return (
            "The desktop app needs a screen, and none was found (no display is set). Start it "
            "from your desktop, or use the commands that need no screen: journal-app --help."
        )


class ExportNotRecorded(SaveFailed):
    """The export file was written; the journal could not save the audit entry for it."""

    title = "Export not recorded"

    def __init__(self, out: object, reason: str) -> None:
        super().__init__(reason)
        self.args = (
            f"The export was written to {quoted_path(out)}, but the journal could not save the note "
            f"of it in its audit trail ({printable(reason, REASON_CHARACTERS)}). The journal itself "
            "is as it was. Free some space and save again, or delete the export if you don't need it.",
        )

    def __str__(self) -> str:
        return str(self.args[0])


class ExportNoteUnconfirmed(SaveFailed):
    """The export file and the journal's note of it were both written, but the disk could
    not confirm the journal is stored (its folder's fsync failed, as on a full disk)."""

    title = "Export written, journal not confirmed"

    def __init__(self, out: object, reason: str) -> None:
        super().__init__(reason)
        self.args = (
            f"The export was written to {quoted_path(out)} and the journal was saved with a note of "
            "it, but the disk could not confirm the journal is safely stored "
            f"({printable(reason, REASON_CHARACTERS)}). Nothing was lost; free some space and save again.",
        )

    def __str__(self) -> str:
        return str(self.args[0])


class ExportUnconfirmed(ExportFailed):
    """The export file is in place, but the disk could not confirm it is stored (its folder's
    fsync failed, as on a full disk); the journal has no note of it."""

    title = "Export written, not confirmed"

    def __init__(self, path: object, reason: str) -> None:
        JournalError.__init__(
            self,
            f"The export was written to {quoted_path(path)}, but the disk could not confirm it is "
            f"safely stored ({printable(reason, REASON_CHARACTERS)}), so the journal has no note of it "
            "in its audit trail; the journal itself is as it was. Free some space and export again.",
        )


class NotText(InvalidInput):
    """A value given on the command line that holds bytes that aren't text (UTF-8)."""

    def __init__(self, option: str, value: str) -> None:
        super().__init__(
            f"{option} {quoted(value)} holds bytes that aren't text (shown as \\udc.. escapes); "
            "type it again with ordinary letters. Nothing was changed."
        )


def undecodable(value: object) -> bool:
    """Whether a string from the command line holds bytes that weren't UTF-8 (Python passes
    each on as a lone surrogate, which can't be stored or written as text)."""
    return isinstance(value, str) and any("\ud800" <= char <= "\udfff" for char in value)


class ErasedNotRekeyed(SaveFailed):
    """``erase --new-key``: the erasure was saved; giving the journal a new key then failed."""

    title = "Erased, but no new key"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.args = (
            "The customer was erased and the journal was saved without them, but it could not then be "
            f"given a new key ({printable(reason, REASON_CHARACTERS)}): it still opens with its old key, "
            "and your recovery key has not changed. Free some space, then run 'passwd' to give it a new key.",
        )

    def __str__(self) -> str:
        return str(self.args[0])


class BackupNotWritable(JournalError):
    """A command that would change the journal was given one of its backups."""

    exit_code = 20
    title = "That is a backup"

    def __init__(self, path: object) -> None:
        super().__init__(
            f"{quoted_path(path)} is a backup, and backups are never changed (so they stay what "
            "they were). You can read it with commands that only read (export, search, verify…). "
            "To use it as your journal again, restore it: journal-app restore BACKUP."
        )


class AttachmentsLeftOut(JournalError):
    """An export or access request can't include some attached files (missing or damaged)."""

    exit_code = 19
    title = "Attached files missing"

    def __init__(self, evidence_ids: list[str], what: str = "export", verb: str = "export") -> None:
        self.evidence_ids = list(evidence_ids)
        shown = ", ".join(printable(e, SHOWN_CHARACTERS) for e in self.evidence_ids[:20])
        more = f" and {len(self.evidence_ids) - 20} more" if len(self.evidence_ids) > 20 else ""
        count = len(self.evidence_ids)
        files = "file" if count == 1 else "files"
        super().__init__(
            f"The {what} was not written: {count} attached {files} can't be read (missing or "
            f"damaged), for evidence {shown}{more}. Run verify to see why. To {verb} without "
            f"{'it' if count == 1 else 'them'}, use --allow-missing."
        )


class JournalNotCreated(SaveFailed):
    """``init``: the new journal could not be saved; what was made of it was taken away."""

    title = "Journal not created"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        advice = "free some space" if "disk is full" in reason else "check the folder"
        self.args = (
            f"Could not save the new journal: {printable(reason, REASON_CHARACTERS)}. Nothing was created; "
            f"{advice} and try again.",
        )

    def __str__(self) -> str:
        return str(self.args[0])
