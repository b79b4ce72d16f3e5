"""The export dialog's "Bundle with attachments (zip)" option, driven from the keyboard."""

from __future__ import annotations

import hashlib
import json
import zipfile

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from journal_app.services.actions.evidence import attach_evidence
from journal_app.ui.dialogs import export_dialog
from journal_app.ui.dialogs.export_dialog import ExportDialog

from .keyboard_support import show_active

RECEIPT = b"%PDF-1.4 a receipt " * 50


def test_bundle_option_writes_a_zip_with_the_pack_and_attachments(qtbot, context, tmp_path, monkeypatch):
    item = attach_evidence(context.journal, "receipt-for-mrs-patel.pdf", RECEIPT, "application/pdf").value
    dialog = ExportDialog(context)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    assert dialog.format.currentData() == "pdf"
    assert dialog.bundle.isEnabled() and not dialog.bundle.isChecked()
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # "&Bundle…"
    qtbot.waitUntil(dialog.bundle.isChecked)  # a mnemonic "clicks" the box a moment later
    suggested = []
    monkeypatch.setattr(export_dialog, "pick_export_path",
                        lambda parent, name: suggested.append(name) or tmp_path / "for-assessor")
    assert dialog.start_export()

    out = tmp_path / "for-assessor.zip"
    assert suggested[0].startswith("evidence-bundle-") and suggested[0].endswith(".zip")
    assert dialog.written == out
    with zipfile.ZipFile(out) as archive:
        names = set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
        attached = archive.read(f"attachments/{item.id}-document.pdf")
    assert attached == RECEIPT
    assert any(n.startswith("evidence-log-") and n.endswith(".pdf") for n in names)
    assert {f["path"] for f in manifest["files"]} == names - {"manifest.json"}
    assert hashlib.sha256(RECEIPT).hexdigest() in {f["sha256"] for f in manifest["files"]}


def test_bundle_option_is_only_offered_for_pdf_word_and_web_page(qtbot, context):
    dialog = ExportDialog(context)
    qtbot.addWidget(dialog)
    dialog.format.setFocus()
    offered = {}
    for _ in range(dialog.format.count()):
        offered[dialog.format.currentData()] = dialog.bundle.isEnabled()
        QTest.keyClick(dialog.format, Qt.Key.Key_Down)
    assert offered == {"pdf": True, "docx": True, "html": True, "csv": False, "json": False}
