"""The interaction editor's layout: a title, a banner and a problem line, the form in a
scroll area, Save / Save and log another / Cancel straight under the quick log, and
"Attach evidence…" after the reflection. The controller is ``interaction_editor``."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from ..widgets import common
from ..widgets.common import page_title
from ..widgets.interaction_form import InteractionForm
from .base import PageView


def tr(text: str) -> str:
    return QCoreApplication.translate("InteractionEditor", text)


class InteractionEditorView(PageView):
    title = "Interaction"
    object_name = "interactionEditor"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.heading = page_title(tr("New interaction"))
        layout.addWidget(self.heading)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.save_another_button = QPushButton(tr("Save and log &another"))
        self.save_button = QPushButton(tr("&Save  (Ctrl+S)"))
        self.save_button.setAccessibleName(tr("Save"))
        self.save_button.setDefault(True)
        self.banner = QLabel()
        self.banner.setObjectName("hint")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.error_label = QLabel()
        self.error_label.setObjectName("errorText")
        self.error_label.setWordWrap(True)
        self.error_label.setAccessibleName(tr("Problem"))
        self.error_label.hide()
        layout.addWidget(self.error_label)

        # The buttons sit straight under the quick log (who, what, the promise), before the
        # optional reflection, so the Tab order reaches Save before the long sections.
        self.form = InteractionForm()
        self.form.place_actions([self.save_button, self.save_another_button, self.cancel_button])
        scroll = common.scroll_area(tr("Interaction details"))
        scroll.setWidget(self.form)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        layout.addWidget(scroll, 1)

        # Files picked here become evidence items linked to this interaction when it is saved.
        self.attach_button = QPushButton(tr("A&ttach evidence…"))
        self.attach_button.setToolTip(tr("A photo, an e-mail or a document that shows what happened"))
        self.attached_label = QLabel()
        self.attached_label.setObjectName("hint")
        self.attached_label.setWordWrap(True)
        self.form.place_after_reflection([self.attach_button], self.attached_label)
