"""Export the evidence pack: format, dates, criteria, pseudonymised by default, in the background.

The preview lists every personal detail the pseudonymised export will hide, so the
learner can see it working before sharing anything. The export itself runs off the
GUI thread with a progress bar and Cancel; an evidence pack leaves an audit entry (format and
whether names were hidden; never what was in it).
"""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...errors import AttachmentsLeftOut, JournalError
from ...services.actions.moving import REAL_NAMES_ONLY
from ..formatting import count_of
from ..models.redaction_preview import RedactionPreviewModel, redaction_preview
from ..widgets import common
from ..widgets.criteria_picker import CriteriaPicker
from ..widgets.record_view import OptionalDate, add_row, combo, hint, table_view, today

FORMATS = (("pdf", "PDF"), ("docx", "Word (.docx)"), ("html", "Web page (.html)"),
           ("csv", "Spreadsheet tables (.csv)"), ("json", "Full data file (.json)"))
SUFFIX = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "csv": ".csv", "json": ".json"}
BUNDLE_FORMATS = ("pdf", "docx", "html")  # a zip of the pack, its attached files and a manifest


def save_start(suggested: str) -> tuple[str, str]:
    """Where the save dialog starts (the suggested name in the learner's Documents folder, not
    the app's own folder) and the file-type filter for the chosen format, then "All files"."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(documents) if documents else Path.home()
    suffix = Path(suggested).suffix.lower()
    label = dict(FORMATS).get(suffix.lstrip("."), "") or suffix
    kind = QCoreApplication.translate("ExportDialog", label.split(" (")[0])
    all_files = QCoreApplication.translate("ExportDialog", "All files (*)")
    return str(folder / suggested), f"{kind} (*{suffix});;{all_files}" if suffix else all_files


def pick_export_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Ask where to save the export (tests replace this)."""
    title = parent.tr("Save the export") if parent else ""
    start, filters = save_start(suggested)
    name, _filter = QFileDialog.getSaveFileName(parent, title, start, filters)
    return Path(name) if name else None


def open_file(path: Path) -> bool:
    """Open the exported file in the system's app for it (tests replace this)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def write_export(journal: Any, fmt: str, out: Path, *, start: date | None, end: date | None,
                 criteria: list[str] | None, real_names: bool, now: Any, progress: Any,
                 cancelled: Any, bundle: bool = False, allow_missing: bool = False) -> Path:
    """One export, run on a worker thread. JSON is the complete interchange document; with
    ``bundle`` a PDF, Word or HTML pack goes into a zip with its attachments and a manifest."""
    from ...services.actions.moving import write_export as write

    # The save dialog has already asked before replacing a file, hence ``force``.
    write(journal, fmt, out, start=start, end=end, criteria=criteria, real_names=real_names, now=now,
          progress=progress, cancelled=cancelled, force=True, bundle=bundle, allow_missing=allow_missing)
    return out


def ask_to_leave_out_files(parent: QWidget | None, evidence_ids: list[str], what: str) -> bool:
    """Some attached files can't be read: ask before writing without them (nothing is
    written yet). True only when the learner says yes."""
    count = len(evidence_ids)
    shown = ", ".join(evidence_ids[:10]) + (" …" if count > 10 else "")
    title = QCoreApplication.translate("Export", "Attached files can't be read")
    text = QCoreApplication.translate(
        "Export",
        "%n attached file(s) can't be read: missing from the attachments folder, or damaged "
        "(evidence %1). Nothing has been written yet.\n\nWrite the %2 without them? "
        "Open each one on the Evidence page to see what is wrong.", "", count,
    ).replace("%1", shown).replace("%2", what)
    return common.confirm(parent, title, text)


class _Progress(QObject):
    """Carries progress from the worker to the GUI thread (a queued signal)."""

    changed = Signal(int, int)


class ExportDialog(QDialog):
    finished_export = Signal(object)  # the Path written

    def __init__(self, context: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.written: Path | None = None
        self._cancel = threading.Event()
        self._running = False
        self.setWindowTitle(self.tr("Export your evidence"))
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.format = combo([(value, self.tr(label)) for value, label in FORMATS])
        add_row(form, self.tr("&Format:"), self.format)
        self.start = OptionalDate(self.tr("From"))
        add_row(form, self.tr("F&rom:"), self.start)
        self.end = OptionalDate(self.tr("To"))
        add_row(form, self.tr("&To:"), self.end)
        self.criteria = CriteriaPicker(self.tr("Only these criteria (none ticked: all)"))
        self.criteria.setMaximumHeight(110)
        add_row(form, self.tr("&Criteria (none = all):"), self.criteria)
        self.pseudonymise = QCheckBox(self.tr("&Hide customers' names and contact details (recommended)"))
        self.pseudonymise.setAccessibleName(self.tr("Pseudonymise customers"))
        self.pseudonymise.setChecked(True)
        form.addRow("", self.pseudonymise)
        self.bundle = QCheckBox(self.tr("&Bundle with attachments (zip)"))
        self.bundle.setAccessibleName(self.tr("Bundle with attachments"))
        self.bundle.setToolTip(self.tr(
            "One zip file with the pack, every file attached to its evidence (named by reference) "
            "and a list of their SHA-256 fingerprints, so your assessor can check nothing changed."))
        form.addRow("", self.bundle)
        layout.addLayout(form)
        self.format_note = hint("")
        layout.addWidget(self.format_note)

        self.preview_label = QLabel(self.tr("&What will be hidden:"))
        layout.addWidget(self.preview_label)
        self.preview_model = RedactionPreviewModel(self)
        self.preview = table_view(self.preview_model, self.tr("What will be hidden"), self)
        self.preview.setMinimumHeight(140)
        self.preview.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # most frequent first
        self.preview_label.setBuddy(self.preview)
        layout.addWidget(self.preview, 1)

        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Export progress"))
        self.progress.setValue(0)
        self.progress.hide()  # shown once an export starts
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Export status"))
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.open_button = QPushButton(self.tr("&Open the file"))
        self.open_button.setEnabled(False)
        self.export_button = QPushButton(self.tr("&Export…"))
        self.export_button.setDefault(True)
        self.export_button.setMinimumWidth(self.export_button.sizeHint().width() + 32)
        self.cancel_button = QPushButton(self.tr("Close"))
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)

        self._progress = _Progress(self)
        self._progress.changed.connect(self._show_progress)
        self.export_button.clicked.connect(self.start_export)
        self.cancel_button.clicked.connect(self._cancel_or_close)
        self.open_button.clicked.connect(lambda: self.written and open_file(self.written))
        self.format.currentIndexChanged.connect(self._format_changed)
        self.pseudonymise.toggled.connect(self._update_preview_visibility)
        self.start.changed.connect(self.refresh_preview)
        self.end.changed.connect(self.refresh_preview)

        journal = context.journal
        self.criteria.set_criteria(journal.criteria() if journal is not None else [])
        self.start.set_value(journal.learner().start if journal is not None else None, today(context))
        self.end.set_value(None, today(context))
        self._format_changed()
        self.refresh_preview()

    # --- preview ----------------------------------------------------------------------
    def refresh_preview(self) -> None:
        journal = self.context.journal
        if journal is None:
            return
        start, end = _day(self.start.last_iso()), _day(self.end.last_iso())
        self.preview_label.setText(self.tr("Looking for personal details…"))

        def show(lines: list) -> None:
            self.preview_model.set_rows(lines)
            self.preview.resizeColumnsToContents()
            if lines:
                details = count_of(len(lines), self.tr("different detail"), self.tr("different details"))
                self.preview_label.setText(self.tr("&What will be hidden (%1):").replace("%1", details))
            else:
                self.preview_label.setText(self.tr("No names or contact details found in this period."))

        # Only the newest answer arrives: the dates may change again while this one runs.
        self.context.read("redaction-preview", lambda copy: redaction_preview(copy, start, end), show,
                          lambda error: common.show_error(self, error))

    # --- export -----------------------------------------------------------------------
    def start_export(self) -> bool:
        journal = self.context.journal
        if journal is None or self._running:
            return False
        fmt = self.format.currentData()
        try:
            start, end = _day(self.start.value()), _day(self.end.value())
        except JournalError as error:
            common.show_error(self, error)
            return False
        if start and end and start > end:
            from ...errors import InvalidInput

            common.show_error(self, InvalidInput(
                self.tr("The 'From' date is after the 'To' date. Swap them round.")))
            return False
        bundle = fmt in BUNDLE_FORMATS and self.bundle.isChecked()
        suffix = ".zip" if bundle else SUFFIX[fmt]
        stem = "evidence-bundle" if bundle else "evidence-pack"
        suggested = f"{stem}-{today(self.context).isoformat()}{suffix}"
        out = pick_export_path(self, suggested)
        if out is None:
            return False
        if out.suffix.lower() != suffix:
            out = out.with_name(out.name + suffix)
        real_names = fmt == "json" or not self.pseudonymise.isChecked()
        criteria = self.criteria.checked() or None
        self._launch(dict(fmt=fmt, out=out, start=start, end=end, criteria=criteria,
                          real_names=real_names, bundle=bundle, allow_missing=False))
        return True

    def _launch(self, job: dict[str, Any]) -> None:
        self._job = job
        self._cancel.clear()
        self._set_running(True)
        self.status.setText(self.tr("Exporting…"))
        now = self.context.now()
        progress = self._progress.changed.emit
        fmt, real_names = job["fmt"], job["real_names"]

        def work(snapshot: Any) -> Path:
            return write_export(snapshot, fmt, job["out"], start=job["start"], end=job["end"],
                                criteria=job["criteria"], real_names=real_names, now=now,
                                progress=progress, cancelled=self._cancel.is_set,
                                bundle=job["bundle"], allow_missing=job["allow_missing"])

        # The pack is written from a snapshot taken now: the learner can go on editing, and
        # the pack is one moment of the journal, never half of an edit made meanwhile.
        self.context.read("export", work, lambda path: self._done(path, fmt, not real_names),
                          self._failed, with_files=True)

    def _done(self, path: Path, fmt: str, pseudonymised: bool) -> None:
        self._set_running(False)
        if self._cancel.is_set():
            self.status.setText(self.tr("Export cancelled."))
            return
        journal = self.context.journal
        if journal is not None and fmt not in REAL_NAMES_ONLY:
            # Evidence packs (shown to others) are noted; the learner's own complete copy
            # only reads the journal, as from the command line.
            from ...services.actions.moving import record_export

            record_export(journal, fmt, pseudonymised)
            self.context.request_save()
        self.written = Path(path)
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.status.setText(self.tr("Saved %1").replace("%1", str(self.written)))
        self.open_button.setEnabled(True)
        self.open_button.setFocus()
        self.finished_export.emit(self.written)

    def _failed(self, error: BaseException) -> None:
        self._set_running(False)
        if self._cancel.is_set():
            self.status.setText(self.tr("Export cancelled. Nothing was saved."))
            return
        job = getattr(self, "_job", None)
        if isinstance(error, AttachmentsLeftOut) and job and not job["allow_missing"]:
            if ask_to_leave_out_files(self, error.evidence_ids, self.tr("export")):
                self._launch({**job, "allow_missing": True})
                return
            self.status.setText(self.tr("Nothing was exported."))
            return
        self.status.setText(self.tr("The export didn't finish."))
        common.show_error(self, error)

    def _show_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, max(total, 1)))

    def _set_running(self, running: bool) -> None:
        self._running = running
        inputs = (self.format, self.start, self.end, self.criteria, self.pseudonymise, self.bundle,
                  self.export_button)
        for widget in inputs:
            widget.setEnabled(not running)
        self.cancel_button.setText(self.tr("Cancel export") if running else self.tr("Close"))
        if running:
            self.progress.show()
            self.open_button.setEnabled(False)
            self.progress.setRange(0, 0)  # busy until the first progress report
        else:
            self._format_changed()

    def _cancel_or_close(self) -> None:
        if self._running:
            self._cancel.set()
            self.status.setText(self.tr("Cancelling…"))
        else:
            self.reject()

    def _format_changed(self, *args: object) -> None:
        self.pseudonymise.setEnabled(self.format.currentData() != "json" and not self._running)
        self.bundle.setEnabled(self.format.currentData() in BUNDLE_FORMATS and not self._running)
        self._update_preview_visibility()

    def _update_preview_visibility(self, *args: object) -> None:
        is_json = self.format.currentData() == "json"
        hiding = self.pseudonymise.isChecked() and not is_json
        self.preview.setVisible(hiding)
        self.preview_label.setVisible(hiding)
        if is_json:
            note = self.tr(
                "A full data file is a complete copy of your journal for backup or moving to another "
                "system, so it keeps real names. Don't share it; use PDF, Word or a web page for that."
            )
        elif hiding:
            note = self.tr(
                "Customers appear as pseudonyms (e.g. \"Customer C\"); your own and witnesses' names stay."
            )
        else:
            note = self.tr("Real names will be in the file. Only share it with people allowed to see them.")
        self.format_note.setText(note)

    def reject(self) -> None:
        if self._running:
            self._cancel.set()
        super().reject()


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
