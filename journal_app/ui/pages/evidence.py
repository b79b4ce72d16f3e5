"""Evidence: items with encrypted attachments and witness testimony, and the criteria coverage map."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ...errors import JournalError
from ...journal import listings
from ...journal.records import Evidence
from ..models.evidence import coverage_rows
from ..widgets import attachment_panel, common
from ..widgets.attachment_panel import media_type_of
from ..widgets.record_view import select_where, selected, today
from .base import Page
from .evidence_view import COVERAGE_TAB, EvidenceView


class EvidencePage(Page, EvidenceView):
    def __init__(self, context, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._preview_for = ""
        self.new_button.clicked.connect(self.new_evidence)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.selectionModel().selectionChanged.connect(self._show_selected)
        self.form.saved.connect(self.save_evidence)
        self.attachment.attach_requested.connect(self.attach_file)
        self.attachment.save_copy_requested.connect(self.save_copy)
        self.attachment.remove_requested.connect(self.remove_file)
        self.coverage.open_entry.connect(self._open_supporting)
        self.tabs.currentChanged.connect(
            lambda index: self._refresh_coverage() if index == COVERAGE_TAB else None)

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
        if self.coverage_shown():
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
            self.show_coverage_tab()
            return True
        if record_type != "evidence":
            return False
        self.show_items()
        self.refresh()
        return select_where(self.table, lambda e: e.id == record_id)

    # --- evidence items --------------------------------------------------------------
    def current(self) -> Evidence | None:
        return selected(self.table)

    def new_evidence(self) -> None:
        self.show_items()
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
        """Work coverage out on a worker (it reads every link), then show it on the map."""
        if self.context.journal is None:
            return
        self.coverage.show_working()
        self.context.read("coverage", coverage_rows, self.coverage.show_rows, self.coverage.show_failure)

    def _open_supporting(self, record_type: str, record_id: str) -> None:
        if record_type == "evidence":
            self.show_record("evidence", record_id)
        else:
            self.context.open_record.emit(record_type, record_id)

