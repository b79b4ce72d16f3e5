"""The Interactions page's layout: the list of every logged conversation with its filters
and buttons, stacked with the editor. ``interactions.py`` fills the list and opens the editor."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel
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

from ..formatting import count_of
from ..models.interactions import InteractionTableModel
from ..models.record_table import SORT_ROLE
from ..widgets.common import hint, page_title
from ..widgets.date_field import name_clear_button
from ..widgets.record_view import choice_label, empty_message, leave_on_tab
from .base import PageView


def tr(text: str) -> str:
    return QCoreApplication.translate("InteractionsPage", text)


class InteractionsView(PageView):
    title = "Interactions"
    object_name = "interactionsPage"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 16)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        self.list_panel = self._list_panel()
        self.stack.addWidget(self.list_panel)

    def _list_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(page_title(tr("Interactions")))
        top.addStretch(1)
        self.new_button = QPushButton(tr("&Log an interaction  (Ctrl+N)"))
        top.addWidget(self.new_button)
        layout.addLayout(top)

        filters = QHBoxLayout()
        self.kind_filter = QComboBox()
        self.kind_filter.addItem(tr("All kinds"), None)
        self.kind_filter.setAccessibleName(tr("Show kind"))
        self.words = QLineEdit()
        self.words.setPlaceholderText(tr("Filter by customer or summary"))
        self.words.setAccessibleName(tr("Filter by customer or summary"))
        self.words.setClearButtonEnabled(True)
        name_clear_button(self.words, tr("Clear the search"))
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
        layout.addWidget(self.table, 1)
        self.count_label = hint("")
        layout.addWidget(self.count_label)

        buttons = QHBoxLayout()
        self.open_button = QPushButton(tr("&Open"))
        self.open_button.setAccessibleName(tr("Open the selected interaction"))
        self.delete_button = QPushButton(tr("&Delete…"))
        self.delete_button.setAccessibleName(tr("Delete the selected interaction"))
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return panel

    # --- display helpers -------------------------------------------------------------------
    def offer_kinds(self, kinds: Iterable[str]) -> None:
        """The kinds the filter offers after "All kinds", each in plain words."""
        for kind in kinds:
            self.kind_filter.addItem(choice_label(kind), kind)

    def place_editor(self, editor: QWidget) -> None:
        """The editor sits under the list, shown in its place while an interaction is edited."""
        self.stack.addWidget(editor)

    def show_count(self, shown: int, total: int) -> None:
        """"12 interactions", or "3 of 12 interactions" while a filter hides some."""
        every = count_of(total, tr("interaction"), tr("interactions"))
        self.count_label.setText(tr("{shown} of {total}").format(shown=shown, total=every)
                                 if shown != total else every)
