"""Evidence: items with encrypted attachments and witness testimony, and the criteria coverage map."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...errors import JournalError
from ...journal import listings
from ...journal.records import Evidence
from ..models.evidence import EvidenceTableModel
from ..widgets import attachment_panel, common
from ..widgets.attachment_panel import AttachmentPanel, media_type_of
from ..widgets.coverage_map import CoverageMap
from ..widgets.evidence_form import EvidenceForm
from ..widgets.record_view import (
    empty_message,
    hint,
    select_where,
    selected,
    table_view,
    today,
)
from .base import Page


class EvidencePage(Page):
    title = "Evidence"
    object_name = "evidence_page"

    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.title = self.tr("Evidence")
        self._preview_for = ""
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

        self.new_button.clicked.connect(self.new_evidence)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.form.saved.connect(self.save_evidence)
        self.attachment.attach_requested.connect(self.attach_file)
        self.attachment.save_copy_requested.connect(self.save_copy)
        self.attachment.remove_requested.connect(self.remove_file)
        self.coverage.open_entry.connect(self._open_supporting)
        self.tabs.currentChanged.connect(lambda index: self._refresh_coverage() if index == 1 else None)
        self.delete_button.setEnabled(False)

    # --- Page contract ---------------------------------------------------------------
    def refresh(self) -> None:
        journal = self.context.journal
        if journal is None:
            return
        keep = self.current()
        labels = listings.customer_labels(journal)
        self.form.set_choices(listings.recent_interactions(journal), labels, journal.criteria())
        self.model.set_rows(journal.evidence.all())
        self.table.resizeColumnsToContents()
        if keep is None or not select_where(self.table, lambda e: e.id == keep.id):
            self._show_selected()
        if self.tabs.currentIndex() == 1:
            self._refresh_coverage()

    def clear(self) -> None:
        self.model.clear()
        self.form.set_choices([], {}, [])
        self.form.edit(None, today(self.context))
        self.attachment.clear()
        self.coverage.clear()
        self._preview_for = ""

    def show_record(self, record_type: str, record_id: str) -> bool:
        if record_type == "criterion":  # a criterion with nothing behind it: see the map
            self.tabs.setCurrentIndex(1)
            return True
        if record_type != "evidence":
            return False
        self.tabs.setCurrentIndex(0)
        self.refresh()
        return select_where(self.table, lambda e: e.id == record_id)

    # --- evidence items --------------------------------------------------------------
    def current(self) -> Evidence | None:
        return selected(self.table)

    def new_evidence(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.table.clearSelection()
        self.form.edit(None, self.context.now().date())
        self.attachment.show_file(None, can_attach=False)
        self.form.title.setFocus()

    def save_evidence(self, evidence: Evidence) -> Evidence | None:
        return self.save_record(evidence)

    def delete_selected(self) -> bool:
        evidence, journal = self.current(), self.context.journal
        if evidence is None or journal is None:
            return False
        if not common.confirm(self, self.tr("Delete evidence?"), self.tr(
                "Delete this evidence item and its attached file? This can't be undone.")):
            return False
        from ...services.actions.evidence import delete_evidence

        return self.change(lambda: delete_evidence(journal, evidence.id))

    # --- attachments ------------------------------------------------------------------
    def attach_file(self, path: Path) -> None:
        """Read the file off the GUI thread, then seal it into the journal's attachments."""
        evidence = self.current()
        if evidence is None or self.context.journal is None:
            return
        target = evidence.id

        def done(data: bytes) -> None:
            journal = self.context.journal
            if journal is None:
                return
            from ...services.actions.evidence import attach_file

            try:
                attach_file(journal, target, Path(path).name, data, media_type_of(Path(path)))
            except JournalError as error:
                common.show_error(self, error)
                return
            self.context.request_save()
            self.show_record("evidence", target)

        self.context.run_in_background(lambda: Path(path).read_bytes(), done,
                                       lambda error: common.show_error(self, error))

    def save_copy(self, open_after: bool = False) -> Path | None:
        evidence, journal = self.current(), self.context.journal
        if evidence is None or evidence.file is None or journal is None:
            return None
        path = attachment_panel.pick_save_path(self, evidence.file.name)
        if path is None:
            return None
        from ...services.actions.evidence import save_copy_of_file

        try:
            save_copy_of_file(journal, evidence.id, path)
        except (JournalError, OSError) as error:
            common.show_error(self, error)
            return None
        if open_after:
            attachment_panel.open_path(path)
        return path

    def remove_file(self) -> bool:
        evidence, journal = self.current(), self.context.journal
        if evidence is None or evidence.file is None or journal is None:
            return False
        if not common.confirm(self, self.tr("Remove the file?"), self.tr(
                "Remove the attached file from this evidence item? The item itself stays.")):
            return False
        from ...services.actions.evidence import remove_file

        try:
            remove_file(journal, evidence.id)
        except JournalError as error:
            common.show_error(self, error)
            return False
        self.context.request_save()
        self.show_record("evidence", evidence.id)
        return True

    # --- internals ----------------------------------------------------------------------
    def _show_selected(self, *args: object) -> None:
        evidence = self.current()
        self.delete_button.setEnabled(evidence is not None)
        journal = self.context.journal
        if journal is None:
            return
        self.form.edit(evidence, self.context.now().date())
        self.attachment.show_file(evidence.file if evidence else None, can_attach=evidence is not None)
        self._preview_for = ""
        file = evidence.file if evidence is not None else None
        if evidence is not None and file is not None and file.media_type.startswith("image/"):
            self._load_preview(evidence.id)

    def _load_preview(self, evidence_id: str) -> None:
        from ...journal.attachments import read_attachment

        journal = self.context.journal
        assert journal is not None
        self._preview_for = evidence_id

        def show(data: bytes) -> None:
            current = self.current()
            if current is not None and current.id == evidence_id == self._preview_for:
                self.attachment.show_image(data)

        self.context.run_in_background(lambda: read_attachment(journal, evidence_id), show,
                                       lambda error: common.show_error(self, error))

    def _refresh_coverage(self) -> None:
        journal = self.context.journal
        if journal is not None:
            self.coverage.show_coverage(journal, self.context)

    def _open_supporting(self, record_type: str, record_id: str) -> None:
        if record_type == "evidence":
            self.show_record("evidence", record_id)
        else:
            self.context.open_record.emit(record_type, record_id)

