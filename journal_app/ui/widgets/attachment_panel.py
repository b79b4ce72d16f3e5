"""An evidence item's attached file: add (button or drag and drop), preview images, save a copy.

The file is decrypted only into memory for the preview, and only to a place the
learner picks for "Save a copy…" / "Open": never to a temporary file.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QDragEnterEvent, QDropEvent, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...journal.records import EvidenceFile
from ..models.evidence import file_size

PREVIEW_SIZE = 320


def pick_file_to_attach(parent: QWidget | None) -> Path | None:
    """Ask for a file to attach (tests replace this)."""
    title = parent.tr("Attach a file") if parent else "Attach a file"
    name, _filter = QFileDialog.getOpenFileName(parent, title)
    return Path(name) if name else None


def pick_save_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Ask where to save a decrypted copy (tests replace this)."""
    title = parent.tr("Save a copy of the attachment") if parent else "Save a copy"
    name, _filter = QFileDialog.getSaveFileName(parent, title, suggested)
    return Path(name) if name else None


def open_path(path: Path) -> bool:
    """Open a file with the system's app for it (tests replace this)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def media_type_of(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


class AttachmentPanel(QGroupBox):
    """Shows one attachment. Emits requests; the page does the journal work."""

    attach_requested = Signal(object)  # Path
    save_copy_requested = Signal(bool)  # open afterwards?
    remove_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Attached file"))
        self.setAcceptDrops(True)
        layout = QVBoxLayout(self)
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setAccessibleName(self.tr("Attached file details"))
        layout.addWidget(self.details)
        self.preview = QLabel()
        self.preview.setAccessibleName(self.tr("Image preview"))
        self.preview.setMinimumHeight(0)
        layout.addWidget(self.preview)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(self.tr("&Attach file…"))
        self.save_button = QPushButton(self.tr("Save a cop&y…"))
        self.open_button = QPushButton(self.tr("Op&en…"))
        self.open_button.setToolTip(self.tr("Save a decrypted copy where you choose, then open it"))
        self.remove_button = QPushButton(self.tr("Remo&ve file"))
        for button in (self.add_button, self.save_button, self.open_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self._pick)
        self.save_button.clicked.connect(lambda: self.save_copy_requested.emit(False))
        self.open_button.clicked.connect(lambda: self.save_copy_requested.emit(True))
        self.remove_button.clicked.connect(self.remove_requested)
        self.show_file(None, can_attach=False)

    def show_file(self, file: EvidenceFile | None, can_attach: bool = True) -> None:
        self.preview.clear()
        self.preview.hide()
        self.add_button.setEnabled(can_attach)
        self.setAcceptDrops(can_attach)
        for button in (self.save_button, self.open_button, self.remove_button):
            button.setEnabled(file is not None)
        if not can_attach:
            self.details.setText(self.tr("Save the evidence item first, then attach a file to it."))
        elif file is None:
            self.details.setText(self.tr("No file yet. Attach one, or drag and drop it here. "
                                         "It is stored encrypted beside your journal."))
        else:
            self.details.setText(self.tr("%1 · %2 · %3").replace("%1", file.name)
                                 .replace("%2", file.media_type).replace("%3", file_size(file.size)))
            self.add_button.setText(self.tr("Replace &file…"))
            return
        self.add_button.setText(self.tr("&Attach file…"))

    def show_image(self, data: bytes) -> bool:
        pixmap = QPixmap()
        if not pixmap.loadFromData(data):
            return False
        ratio = self.devicePixelRatioF()
        side = int(PREVIEW_SIZE * ratio)
        scaled = pixmap.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation)
        scaled.setDevicePixelRatio(ratio)
        self.preview.setPixmap(scaled)
        self.preview.show()
        return True

    def clear(self) -> None:
        self.show_file(None, can_attach=False)

    # --- drag and drop -----------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if self.add_button.isEnabled() and len(urls) == 1 and urls[0].isLocalFile():
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        urls = event.mimeData().urls()
        if urls and urls[0].isLocalFile():
            event.acceptProposedAction()
            self.attach_requested.emit(Path(urls[0].toLocalFile()))

    def _pick(self) -> None:
        path = pick_file_to_attach(self)
        if path is not None:
            self.attach_requested.emit(path)
