"""Import an interchange JSON file (a backup, or records from another journal), or a
criteria framework file from a tutor.

The file is read and parsed off the GUI thread, the learner confirms what it holds,
then the import runs on a worker behind a progress dialog. It is all or nothing: a
refused file changes nothing, and the message names the place in the file at fault.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QFileDialog, QProgressDialog, QWidget

from ...errors import ImportCancelled
from ..context import AppContext
from ..widgets import common

NAMES = (("customers", "customers"), ("interactions", "interactions"), ("promises", "promises"),
         ("feedback", "feedback entries"), ("evidence", "evidence items"), ("objectives", "objectives"),
         ("reviews", "reviews"), ("hours", "hours entries"), ("improvements", "improvements"))


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportFile", text)


def pick_import_file(parent: QWidget | None) -> Path | None:
    """Ask which file to import (tests replace this)."""
    name, _filter = QFileDialog.getOpenFileName(
        parent, tr("Import from a file"), "", tr("Journal interchange files (*.json);;All files (*)"))
    return Path(name) if name else None


def describe(doc: dict[str, Any]) -> str:
    counts = [f"{len(doc.get(key) or [])} {tr(label)}" for key, label in NAMES if doc.get(key)]
    return ", ".join(counts) if counts else tr("no records")


def import_from_file(context: AppContext, parent: QWidget | None, path: Path | None = None) -> None:
    """The whole flow; every outcome ends in a plain message."""
    if context.journal is None:
        return
    path = path or pick_import_file(parent)
    if path is None:
        return
    from ...services.exchange.interchange import load_json_file

    context.run_in_background(
        lambda: load_json_file(path),
        lambda doc: _confirm_and_import(context, parent, path, doc),
        lambda error: common.show_error(parent, error),
    )


def is_framework(doc: object) -> bool:
    """A criteria file from a tutor: one framework object, not a whole journal."""
    return isinstance(doc, dict) and "format" not in doc and "criteria" in doc and "id" in doc


def _add_framework(context: AppContext, parent: QWidget | None, path: Path, doc: dict) -> None:
    journal = context.journal
    count = len(doc.get("criteria") or [])
    question = tr("{file} is a set of assessment criteria: “{title}”, {count} criteria. Add it to "
                  "your journal?").format(file=path.name, title=doc.get("title", ""), count=count)
    if journal is None or not common.confirm(parent, tr("Add these criteria?"), question):
        return
    from ...services.actions.moving import import_criteria

    try:
        stored = import_criteria(journal, doc).value
    except Exception as error:  # why: plain words; nothing was changed
        common.show_error(parent, error)
        return
    context.request_save()
    common.inform(parent, tr("Criteria added"),
                  tr("“{title}” is ready: link your entries to its {count} criteria.").format(
                      title=stored.title, count=len(stored.criteria)))


def _confirm_and_import(context: AppContext, parent: QWidget | None, path: Path, doc: dict) -> None:
    journal = context.journal
    if journal is None:
        return
    if is_framework(doc):
        _add_framework(context, parent, path, doc)
        return
    question = tr("{file} holds {what}.\n\nRecords with the same id as one in your journal are "
                  "updated; everything else is added. Import it?").format(file=path.name, what=describe(doc))
    if not common.confirm(parent, tr("Import this file?"), question):
        return
    from ...services.actions.moving import import_records

    # All or nothing: Cancel stops it and the journal is left exactly as it was.
    progress = QProgressDialog("", tr("Cancel"), 0, 0, parent)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)
    progress.setAutoReset(False)
    progress.setAutoClose(False)

    def finish() -> None:
        progress.blockSignals(True)  # closing a progress dialog would say "canceled"
        progress.close()

    def done(result: Any) -> None:
        finish()
        common.inform(parent, tr("Imported"), "\n".join(result.value.lines()))

    def failed(error: BaseException) -> None:
        finish()
        if isinstance(error, ImportCancelled):
            common.inform(parent, tr("Import cancelled"), str(error))
            return
        common.show_error(parent, error)

    def show(done: int, total: int) -> None:
        progress.setMaximum(max(total, 1))
        progress.setValue(min(done, max(total, 1)))

    operation = context.operate(
        lambda live, op: import_records(live, doc, base_dir=path.parent, progress=op.report,
                                        cancelled=op.is_cancelled),
        done, failed)
    operation.progressed.connect(show)
    progress.canceled.connect(operation.cancel)
    progress.rejected.connect(operation.cancel)  # Escape closes it: that is a Cancel too
    progress.setLabelText(
        tr("Importing {file}… (Cancel leaves your journal as it was)").format(file=path.name))
