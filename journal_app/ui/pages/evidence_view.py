"""The Evidence page's layout: the items with their form and attachment, and the coverage map."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..models.evidence import EvidenceTableModel
from ..widgets import common
from ..widgets.attachment_panel import AttachmentPanel
from ..widgets.coverage_map import CoverageMap
from ..widgets.evidence_form import EvidenceForm
from ..widgets.record_view import empty_message, hint, table_view
from .base import PageView

COVERAGE_TAB = 1


class EvidenceView(PageView):
    title = "Evidence"
    object_name = "evidence_page"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = self.tr("Evidence")
        layout = QVBoxLayout(self)
        layout.addWidget(common.page_title(self.tr("Evidence")))
        self.tabs = QTabWidget()
        layout.addWidget(self.tabs, 1)

        items = QWidget()
        items_layout = QVBoxLayout(items)
        bar = QHBoxLayout()
        bar.addWidget(hint(self.tr(
            "Gather different kinds of evidence (e-mails, feedback forms, photos, witness testimony) "
            "and link each to the criteria it proves.")), 1)
        self.new_button = QPushButton(self.tr("&New evidence"))
        self.delete_button = QPushButton(self.tr("&Delete"))
        bar.addWidget(self.new_button)
        bar.addWidget(self.delete_button)
        items_layout.addLayout(bar)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = EvidenceTableModel(self)
        self.table = table_view(self.model, self.tr("Evidence items"), items)
        empty_message(self.table, self.tr("No evidence yet. Press New evidence to add a witness statement, "
                                          "a certificate or a file, and link it to criteria."))
        self.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        splitter.addWidget(self.table)
        editor = QWidget()
        editor_layout = QVBoxLayout(editor)
        self.form = EvidenceForm()
        self.attachment = AttachmentPanel()
        editor_layout.addWidget(self.form)
        editor_layout.addWidget(self.attachment)
        editor_layout.addStretch(1)
        scroll = common.scroll_area(self.tr("Evidence details"))
        scroll.setWidget(editor)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([500, 600])
        items_layout.addWidget(splitter, 1)
        self.tabs.addTab(items, self.tr("Evidence items"))

        self.coverage = CoverageMap()
        self.tabs.addTab(self.coverage, self.tr("Criteria coverage"))
        self.delete_button.setEnabled(False)

    def coverage_shown(self) -> bool:
        return self.tabs.currentIndex() == COVERAGE_TAB

    def show_items(self) -> None:
        self.tabs.setCurrentIndex(0)

    def show_coverage_tab(self) -> None:
        self.tabs.setCurrentIndex(COVERAGE_TAB)
