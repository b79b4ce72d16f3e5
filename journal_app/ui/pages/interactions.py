"""Interactions: the list of every logged conversation, and the editor (Ctrl+N from anywhere)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from ...journal.records import INTERACTION_KINDS
from ..context import AppContext
from ..models.record_table import ROW_ROLE
from ..widgets import common
from .base import Page
from .interaction_editor import InteractionEditor
from .interactions_view import InteractionsView, tr


class InteractionsPage(Page, InteractionsView):
    """Reads the list (filtered by kind and words), opens the editor, deletes through an action."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.offer_kinds(INTERACTION_KINDS)
        self.editor = InteractionEditor(context)
        self.editor.finished.connect(self._editor_finished)
        self.place_editor(self.editor)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(250)
        self._filter_timer.timeout.connect(self.refresh)
        self.new_button.clicked.connect(self.new_interaction)
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.words.textChanged.connect(lambda _t: self._filter_timer.start())
        self.table.activated.connect(lambda _i: self.open_selected())
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

    # --- Page contract ---------------------------------------------------------------------
    def refresh(self) -> None:
        journal = self.context.journal
        if journal is None:
            return
        if self.stack.currentWidget() is self.editor:
            return  # the list is rebuilt when the editor closes; don't disturb typing
        from ...journal.daily import interaction_rows

        selected = self.selected_id()
        rows = interaction_rows(journal, self.kind_filter.currentData(), self.words.text())
        self.model.set_rows(rows)
        self.show_count(len(rows), journal.interactions.count())
        if selected:
            self.select(selected)
        self._update_buttons()

    def clear(self) -> None:
        self.model.clear()
        self.words.clear()
        self.count_label.clear()
        self.editor.clear()
        self.stack.setCurrentWidget(self.list_panel)

    def show_record(self, record_type: str, record_id: str) -> bool:
        if record_type != "interaction":
            return False
        return self.edit(record_id)

    def before_lock(self) -> None:
        if self.stack.currentWidget() is self.editor:
            self.editor.keep_draft()

    # --- actions ---------------------------------------------------------------------------
    def new_interaction(self, customer_id: str | None = None) -> None:
        if self.stack.currentWidget() is self.editor and self.editor.dirty:
            self.editor.form.customer.setFocus()
            return  # already logging one: carry on with it
        self.editor.start_new(customer_id)
        self.stack.setCurrentWidget(self.editor)

    def edit(self, interaction_id: str) -> bool:
        if self.stack.currentWidget() is self.editor and self.editor.dirty:
            self.editor.keep_draft()
            if not common.confirm(self, tr("Leave this entry?"), tr(
                "You are in the middle of another entry. It is kept as a draft; open this one instead?"
            )):
                return True
        if not self.editor.edit(interaction_id):
            return False
        self.stack.setCurrentWidget(self.editor)
        return True

    def selected_id(self) -> str:
        index = self.table.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row.id if row is not None else ""

    def select(self, interaction_id: str) -> bool:
        source_row = self.model.row_of(interaction_id)
        if source_row < 0:
            return False
        index = self.proxy.mapFromSource(self.model.index(source_row, 0))
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        return True

    def open_selected(self) -> None:
        interaction_id = self.selected_id()
        if interaction_id:
            self.edit(interaction_id)

    def delete_selected(self) -> None:
        journal = self.context.journal
        interaction_id = self.selected_id()
        if journal is None or not interaction_id:
            return
        if not common.confirm(self, tr("Delete this interaction?"), tr(
            "The interaction and its reflection are removed from the journal. Promises made in it stay "
            "on the Promises page. This can't be undone."
        )):
            return
        try:
            from ...services.actions.records import delete_record

            delete_record(journal, "interaction", interaction_id)
        except Exception as error:  # why: plain words
            common.show_error(self, error)
            return
        self.context.request_save()
        self.refresh()

    def _editor_finished(self, interaction_id: str) -> None:
        self.stack.setCurrentWidget(self.list_panel)
        self.refresh()
        if interaction_id:
            self.select(interaction_id)
        self.table.setFocus()

    def _update_buttons(self) -> None:
        has = bool(self.selected_id())
        self.open_button.setEnabled(has)
        self.delete_button.setEnabled(has)

    @property
    def editing(self) -> bool:
        return self.stack.currentWidget() is self.editor

    def editor_widget(self) -> Any:
        return self.editor
