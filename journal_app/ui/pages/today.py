"""Today: what needs doing now, grouped by urgency, with one-click actions.

Reminders come from ``services.reminders`` (the rules live there); this page only
shows them and passes the learner's clicks back to that service.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

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

from ...services.promise_terms import kept_share, week_start
from ..context import AppContext
from ..models.promises import DuePromisesModel
from ..models.reminders import ReminderModel
from ..widgets import common
from ..widgets.common import Card, heading, hint, page_title
from ..widgets.record_view import leave_on_tab
from .base import Page

KIND_WORDS = {"complaint": "complaints", "sale": "sales", "enquiry": "enquiries"}


def tr(text: str) -> str:
    return QCoreApplication.translate("TodayPage", text)


class TodayPage(Page):
    title = "Today"
    object_name = "todayPage"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._reminders: list[Any] = []
        context.reminder_feed.updated.connect(self._feed_answered)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 16)
        top = QHBoxLayout()
        self.heading = page_title(tr("Today"))
        top.addWidget(self.heading)
        top.addStretch(1)
        self.log_button = QPushButton(tr("Log an interaction  (Ctrl+N)"))
        self.log_button.setDefault(True)
        self.log_button.clicked.connect(self._log_interaction)
        top.addWidget(self.log_button)
        outer.addLayout(top)

        cards = QGridLayout()
        self.week_card = Card(tr("Interactions this week"))
        self.kinds_card = Card(tr("Complaints and sales this week"))
        self.kept_card = Card(tr("Promises kept this week"))
        self.due_card = Card(tr("Reminders to deal with"))
        for n, card in enumerate((self.week_card, self.kinds_card, self.kept_card, self.due_card)):
            cards.addWidget(card, 0, n)
        outer.addLayout(cards)

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        split.addWidget(self._reminder_panel())
        split.addWidget(self._promise_panel())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        outer.addWidget(split, 1)

    # --- layout ---------------------------------------------------------------------------
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
        self.reminder_view.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.reminder_view.activated.connect(lambda _i: self.open_selected())
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
        self.promise_view.activated.connect(lambda _i: self.mark_selected_promise("kept"))
        # The model object stays the same across refreshes (rows are reset), so its selection
        # model does too: choosing a row by arrow key or click enables the buttons under it.
        selection = self.promise_view.selectionModel()
        selection.currentChanged.connect(lambda *_: self._update_promise_buttons())
        selection.selectionChanged.connect(lambda *_: self._update_promise_buttons())
        self.promise_model.modelReset.connect(self._update_promise_buttons)
        layout.addWidget(self.promise_view, 1)
        self.no_promises = hint(tr("No promises due today or tomorrow. Promises you make when you log "
                                  "an interaction show here when they fall due."))
        layout.addWidget(self.no_promises)
        layout.addStretch(0)
        row = QHBoxLayout()
        self.kept_button = QPushButton(tr("Mark &kept…"))
        self.kept_button.clicked.connect(lambda: self.mark_selected_promise("kept"))
        self.open_promise_button = QPushButton(tr("&Open"))
        self.open_promise_button.setAccessibleName(tr("Open the promise"))
        self.open_promise_button.clicked.connect(self._open_promise)
        row.addWidget(self.kept_button)
        row.addWidget(self.open_promise_button)
        row.addStretch(1)
        layout.addLayout(row)
        return panel

    # --- data ------------------------------------------------------------------------------
    def refresh(self) -> None:
        journal = self.context.journal
        if journal is None:
            return
        from ...journal import daily
        now = self.context.now()
        today = now.date()
        self.heading.setText(tr("Today — {day}").format(day=f"{now:%A} {today.day} {now:%B}"))
        # The session's one reminder feed answers (real names here: this is the learner's own
        # unlocked window); an answer already on its way is not asked for twice.
        self.context.reminder_feed.ensure()

        from ...journal.listings import customer_labels

        self.promise_model.today = today
        self.promise_model.customers = customer_labels(journal)
        self.promise_model.set_rows(daily.open_promises_due(journal, today, today + timedelta(days=1)))
        self.no_promises.setVisible(self.promise_model.rowCount() == 0)
        for widget in (self.promise_view, self.kept_button, self.open_promise_button):
            widget.setVisible(self.promise_model.rowCount() > 0)
        self.promise_view.resizeColumnToContents(0)

        start = week_start(now)
        counts = daily.interaction_counts(journal, start, now + timedelta(seconds=1))
        self.week_card.set_value(str(sum(counts.values())),
                                 ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())))
        self.kinds_card.set_value(f"{counts.get('complaint', 0)} / {counts.get('sale', 0)}",
                                  tr("complaints / sales"))
        closed = daily.closed_promises_between(journal, start, now + timedelta(seconds=1))
        kept, counted = kept_share(closed)
        self.kept_card.set_value(f"{kept} / {counted}" if counted else "0",
                                 tr("kept on time / kept, late or broken this week"))
        self._update_actions()

    def _feed_answered(self, named: list[Any], _public: list[Any], now: Any) -> None:
        if self.context.journal is not None:
            self._show_reminders(named, self._selected_key(), now.date())

    def _show_reminders(self, reminders: list[Any], key: str | None, today: date) -> None:
        """The feed's answer: the reminders, grouped, keeping the learner's choice."""
        from ...services.reminders import SEVERITY_TITLES, grouped

        self._reminders = reminders
        groups = grouped(reminders)
        self.reminder_model.set_reminders(groups, SEVERITY_TITLES, today)
        self.reminder_view.expandAll()
        self.empty_label.setVisible(not reminders)
        self.reminder_view.setVisible(bool(reminders))
        index = self.reminder_model.index_of(key) if key else None
        if (index is None or not index.isValid()) and reminders:
            # The most urgent one is chosen already, so its actions are one click away.
            index = self.reminder_model.index_of(groups[0][1][0].key)
        if index is not None and index.isValid():
            self.reminder_view.setCurrentIndex(index)
        overdue = sum(1 for r in reminders if r.severity == "overdue")
        self.due_card.set_value(str(len(reminders)), tr("{n} overdue").format(n=overdue) if overdue else "")
        self._update_actions()

    def clear(self) -> None:
        self._reminders = []
        self.reminder_model.clear()
        self.promise_model.clear()
        for card in (self.week_card, self.kinds_card, self.kept_card, self.due_card):
            card.set_value("—")
        self._update_actions()

    def show_record(self, record_type: str, record_id: str) -> bool:
        return False

    # --- reminders -------------------------------------------------------------------------
    def selected_reminder(self) -> Any:
        return self.reminder_model.reminder_at(self.reminder_view.currentIndex())

    def select_reminder(self, key: str) -> bool:
        index = self.reminder_model.index_of(key)
        if index.isValid():
            self.reminder_view.setCurrentIndex(index)
        return index.isValid()

    def _selected_key(self) -> str:
        reminder = self.selected_reminder()
        return reminder.key if reminder is not None else ""

    def _update_actions(self) -> None:
        for button in self.action_buttons:
            self.action_row.removeWidget(button)
            button.hide()  # out of sight now; deleteLater only runs at the next event loop turn
            button.deleteLater()
        self.action_buttons = []
        reminder = self.selected_reminder()
        self.selected_message.setText(reminder.message if reminder is not None else "")
        self.selected_message.setVisible(reminder is not None)
        if reminder is not None:
            from ...services.reminders import resolve_actions

            # The action that resolves it as a button, the rest (snooze, dismiss…) behind
            # "More": one row that fits any width without cutting a label short.
            primary, *others = resolve_actions(reminder)
            button = QPushButton(tr(primary.label))
            button.setAccessibleName(tr(primary.label))
            button.setMinimumWidth(min(button.sizeHint().width(), 360))
            button.clicked.connect(lambda _=False, a=primary: self.run_action(a))
            self.action_row.addWidget(button, 1)
            self.action_buttons.append(button)
            if others:
                more = QToolButton()
                more.setText(tr("More…"))
                more.setAccessibleName(tr("More things to do with this reminder"))
                more.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
                more.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
                menu = QMenu(more)
                for action in others:
                    item = menu.addAction(tr(action.label))
                    item.triggered.connect(lambda _=False, a=action: self.run_action(a))
                more.setMenu(menu)
                self.action_row.addWidget(more)
                self.action_buttons.append(more)
        self._update_promise_buttons()

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

    def _update_promise_buttons(self) -> None:
        has_promise = self._selected_promise() is not None
        self.kept_button.setEnabled(has_promise)
        self.open_promise_button.setEnabled(has_promise)

    def run_action(self, action: Any, reminder: Any = None) -> bool:
        """Do one of a reminder's quick actions; True when it changed something."""
        reminder = reminder or self.selected_reminder()
        journal = self.context.journal
        if reminder is None or journal is None:
            return False
        if action.kind == "open":
            focus = action.params.get("focus", "")
            if focus == "review-retention":
                self.context.navigate.emit("privacy")  # the preview of what expires is there
                return False
            record_type = "objective-review" if focus == "add-review" else action.params.get("type", "")
            self.context.open_record.emit(record_type, action.params.get("id", ""))
            return False
        if action.kind == "mark-promise":
            return self._mark_promise(reminder.subject.id, action.params["status"])
        from ...services.actions.reminders import press_reminder_button

        try:
            press_reminder_button(journal, reminder, action, self.context.now())
        except Exception as error:  # why: plain words; the journal is unchanged
            common.show_error(self, error)
            return False
        self.context.request_save()
        self.refresh()
        return True

    def open_selected(self) -> None:
        reminder = self.selected_reminder()
        if reminder is not None:
            self.context.open_record.emit(reminder.subject.type, reminder.subject.id)

    # --- promises --------------------------------------------------------------------------
    def _selected_promise(self) -> Any:
        index = self.promise_view.currentIndex()
        return self.promise_model.row_at(index.row()) if index.isValid() else None

    def select_promise(self, promise_id: str) -> bool:
        for row, promise in enumerate(self.promise_model.rows()):
            if promise.id == promise_id:
                self.promise_view.selectRow(row)
                return True
        return False

    def mark_selected_promise(self, status: str = "kept") -> bool:
        promise = self._selected_promise()
        return promise is not None and self._mark_promise(promise.id, status)

    def _mark_promise(self, promise_id: str, status: str) -> bool:
        """Ask what happened (one small dialog), then close the promise through the service."""
        from ...services.actions.promises import close_promise
        from ..dialogs import promise_outcome

        journal = self.context.journal
        if journal is None:
            return False
        promise = journal.promises.find(promise_id)
        if promise is None or not promise.is_open:
            self.refresh()
            return False
        outcome: promise_outcome.Outcome | None
        if status == "cancelled":
            outcome = promise_outcome.Outcome("cancelled", "")  # "No longer needed": nothing to ask
        else:
            outcome = promise_outcome.ask_outcome(self, promise, self.context.now().date(), status)
            if outcome is None:
                return False
        try:
            close_promise(journal, promise.id, outcome.status, self.context.now(), outcome=outcome.note,
                          new_due=outcome.new_due)
        except Exception as error:  # why: plain words; the transaction rolled back
            common.show_error(self, error)
            return False
        self.context.request_save()
        self.refresh()
        return True

    def _open_promise(self) -> None:
        promise = self._selected_promise()
        if promise is not None:
            self.context.open_record.emit("promise", promise.id)

    def _log_interaction(self) -> None:
        window = self.window()
        new = getattr(window, "new_interaction", None)
        if new is not None:
            new()
        else:
            self.context.navigate.emit("interactions")
