"""Today's layout: the four cards, the reminder list with its quick actions, and the
promises due today and tomorrow. ``today.py`` fills it and acts on the learner's clicks."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..models.promises import DuePromisesModel
from ..models.reminders import ReminderModel
from ..widgets.common import Card, heading, hint, page_title
from ..widgets.record_view import leave_on_tab
from .base import PageView


def tr(text: str) -> str:
    return QCoreApplication.translate("TodayPage", text)


class TodayView(PageView):
    title = "Today"
    object_name = "todayPage"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 16)
        top = QHBoxLayout()
        self.heading = page_title(tr("Today"))
        top.addWidget(self.heading)
        top.addStretch(1)
        self.log_button = QPushButton(tr("Log an interaction  (Ctrl+N)"))
        self.log_button.setDefault(True)
        top.addWidget(self.log_button)
        outer.addLayout(top)

        cards = QGridLayout()
        self.week_card = Card(tr("Interactions this week"))
        self.kinds_card = Card(tr("Complaints and sales this week"))
        self.kept_card = Card(tr("Promises kept this week"))
        self.due_card = Card(tr("Reminders to deal with"))
        for n, card in enumerate(self.cards()):
            cards.addWidget(card, 0, n)
        outer.addLayout(cards)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self._reminder_panel())
        split.addWidget(self._promise_panel())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        outer.addWidget(split, 1)

    def _reminder_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 8, 8, 0)
        layout.addWidget(heading(tr("Reminders")))
        self.reminder_model = ReminderModel(self)
        self.reminder_view = leave_on_tab(QTreeView())
        self.reminder_view.setModel(self.reminder_model)
        self.reminder_view.setAccessibleName(tr("Reminders, most urgent first"))
        self.reminder_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.reminder_view.setUniformRowHeights(False)
        self.reminder_view.setWordWrap(True)  # a reminder is read in full, not guessed from "…"
        self.reminder_view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.reminder_view.header().setStretchLastSection(False)
        self.reminder_view.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.reminder_view.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.reminder_view, 1)
        self.empty_label = hint(tr("Nothing needs doing right now. Well done! Log each customer you help "
                                     "with Log an interaction (Ctrl+N)."))
        self.empty_label.hide()
        layout.addWidget(self.empty_label)
        # The chosen reminder in full: the list cuts long messages short.
        self.selected_message = QLabel()
        self.selected_message.setWordWrap(True)
        self.selected_message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.selected_message.setAccessibleName(tr("The chosen reminder"))
        layout.addWidget(self.selected_message)
        self.action_row = QHBoxLayout()
        self.action_buttons: list[QPushButton | QToolButton] = []
        layout.addLayout(self.action_row)
        return panel

    def _promise_panel(self) -> QWidget:
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(8, 8, 0, 0)
        layout.addWidget(heading(tr("Promises due today and tomorrow")))
        self.promise_model = DuePromisesModel(date.today(), self)
        self.promise_view = leave_on_tab(QTableView())
        self.promise_view.setModel(self.promise_model)
        self.promise_view.setAccessibleName(tr("Promises due today and tomorrow"))
        self.promise_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.promise_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.promise_view.verticalHeader().hide()
        self.promise_view.horizontalHeader().setStretchLastSection(True)
        self.promise_view.setWordWrap(True)
        self.promise_view.setTabKeyNavigation(False)  # arrows move in the table; Tab moves on to its buttons
        layout.addWidget(self.promise_view, 1)
        self.no_promises = hint(tr("No promises due today or tomorrow. Promises you make when you log "
                                  "an interaction show here when they fall due."))
        layout.addWidget(self.no_promises)
        layout.addStretch(0)
        row = QHBoxLayout()
        self.kept_button = QPushButton(tr("Mark &kept…"))
        self.open_promise_button = QPushButton(tr("&Open"))
        self.open_promise_button.setAccessibleName(tr("Open the promise"))
        row.addWidget(self.kept_button)
        row.addWidget(self.open_promise_button)
        row.addStretch(1)
        layout.addLayout(row)
        return panel

    # --- display helpers --------------------------------------------------------------------
    def cards(self) -> tuple[Card, Card, Card, Card]:
        return self.week_card, self.kinds_card, self.kept_card, self.due_card

    def show_promise_list(self, any_due: bool) -> None:
        """The table and its buttons when promises fall due; the empty message otherwise."""
        self.no_promises.setVisible(not any_due)
        for widget in (self.promise_view, self.kept_button, self.open_promise_button):
            widget.setVisible(any_due)

    def show_reminder_list(self, any_reminder: bool) -> None:
        self.empty_label.setVisible(not any_reminder)
        self.reminder_view.setVisible(any_reminder)

    def show_reminder_actions(self, message: str | None, primary: tuple[str, Callable[[], object]] | None,
                              others: Sequence[tuple[str, Callable[[], object]]] = ()) -> None:
        """The chosen reminder in full and its quick actions: the one that resolves it as a
        button, the rest (snooze, dismiss…) behind "More", so the row fits any width
        without cutting a label short. ``message`` None: nothing chosen, no row."""
        for button in self.action_buttons:
            self.action_row.removeWidget(button)
            button.hide()  # out of sight now; deleteLater only runs at the next event loop turn
            button.deleteLater()
        self.action_buttons = []
        self.selected_message.setText(message or "")
        self.selected_message.setVisible(message is not None)
        if primary is None:
            return
        label, run = primary
        button = QPushButton(label)
        button.setAccessibleName(label)
        button.setMinimumWidth(min(button.sizeHint().width(), 360))
        button.clicked.connect(lambda _=False, run=run: run())
        self.action_row.addWidget(button, 1)
        self.action_buttons.append(button)
        if others:
            more = QToolButton()
            more.setText(tr("More…"))
            more.setAccessibleName(tr("More things to do with this reminder"))
            more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            more.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            menu = QMenu(more)
            for text, then in others:
                item = menu.addAction(text)
                item.triggered.connect(lambda _=False, then=then: then())
            more.setMenu(menu)
            self.action_row.addWidget(more)
            self.action_buttons.append(more)

    def action_labels(self) -> list[str]:
        """Every quick action offered for the chosen reminder, the button's and the menu's."""
        labels = []
        for widget in self.action_buttons:
            menu = widget.menu() if isinstance(widget, QToolButton) else None
            labels += [a.text() for a in menu.actions()] if menu is not None else [widget.text()]
        return labels

    def trigger_action(self, label: str) -> bool:
        """Press the quick action with this label (the button, or the item under More…)."""
        for widget in self.action_buttons:
            menu = widget.menu() if isinstance(widget, QToolButton) else None
            if menu is None and widget.text() == label:
                widget.click()
                return True
            for item in menu.actions() if menu is not None else []:
                if item.text() == label:
                    item.trigger()
                    return True
        return False
