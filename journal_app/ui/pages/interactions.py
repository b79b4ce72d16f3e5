"""Interactions: the list of every logged conversation, and the editor (Ctrl+N from anywhere)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...journal.records import INTERACTION_KINDS
from ..context import AppContext
from ..formatting import count_of
from ..models.interactions import InteractionTableModel
from ..models.record_table import ROW_ROLE, SORT_ROLE
from ..widgets import common
from ..widgets.common import hint, page_title
from ..widgets.date_field import name_clear_button
from ..widgets.record_view import choice_label, empty_message, leave_on_tab
from .base import Page
from .interaction_editor import InteractionEditor


def tr(text: str) -> str:
    return QCoreApplication.translate("InteractionsPage", text)


class InteractionsPage(Page):
    title = "Interactions"
    object_name = "interactionsPage"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 16)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        self.list_panel = self._list_panel()
        self.editor = InteractionEditor(context)
        self.editor.finished.connect(self._editor_finished)
        self.stack.addWidget(self.list_panel)
        self.stack.addWidget(self.editor)
        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(250)
        self._filter_timer.timeout.connect(self.refresh)

    def _list_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(page_title(tr("Interactions")))
        top.addStretch(1)
        self.new_button = QPushButton(tr("&Log an interaction  (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_interaction)
        top.addWidget(self.new_button)
        layout.addLayout(top)

        filters = QHBoxLayout()
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(tr("All kinds"), None)
        for kind in INTERACTION_KINDS:
            self.kind_filter.addItem(choice_label(kind), kind)
        self.kind_filter.setAccessibleName(tr("Show kind"))
        self.kind_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.words = QLineEdit()
        self.words.setPlaceholderText(tr("Filter by customer or summary"))
        self.words.setAccessibleName(tr("Filter by customer or summary"))
        self.words.setClearButtonEnabled(True)
        name_clear_button(self.words, tr("Clear the search"))
        self.words.textChanged.connect(lambda _t: self._filter_timer.start())
        kind_label = QLabel(tr("&Kind:"))
        kind_label.setBuddy(self.kind_filter)
        filter_label = QLabel(tr("&Filter:"))
        filter_label.setBuddy(self.words)
        filters.addWidget(kind_label)
        filters.addWidget(self.kind_filter)
        filters.addWidget(filter_label)
        filters.addWidget(self.words, 1)
        layout.addLayout(filters)

        self.model = InteractionTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = leave_on_tab(QTableView())
        self.table.setModel(self.proxy)
        empty_message(self.table, tr("No interactions yet. Press Log an interaction (Ctrl+N) after each one "
                                     "you handle: who it was, what happened, what you promised."), self.model)
        self.table.setAccessibleName(tr("Interactions, newest first"))
        # Rows arrive newest first from the query; sorting 10,000 rows through Python
        # data() calls would stall the GUI thread, so the view keeps the query's order.
        self.table.setSortingEnabled(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for column, width in enumerate((170, 160, 100, 110)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(lambda _i: self.open_selected())
        layout.addWidget(self.table, 1)
        self.count_label = hint("")
        layout.addWidget(self.count_label)

        buttons = QHBoxLayout()
        self.open_button = QPushButton(tr("&Open"))
        self.open_button.setAccessibleName(tr("Open the selected interaction"))
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton(tr("&Delete…"))
        self.delete_button.setAccessibleName(tr("Delete the selected interaction"))
        self.delete_button.clicked.connect(self.delete_selected)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        return panel

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
        total = journal.interactions.count()
        self.count_label.setText(
            tr("{shown} of {total}").format(shown=len(rows), total=count_of(total, tr("interaction"),
                                                                            tr("interactions")))
            if len(rows) != total else count_of(total, tr("interaction"), tr("interactions"))
        )
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
