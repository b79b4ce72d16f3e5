"""Today: what needs doing now, grouped by urgency, with one-click actions.

Reminders come from ``services.rules.reminders`` (the rules live there); this page only
shows them and passes the learner's clicks back to that service.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from typing import Any

from PySide6.QtWidgets import QWidget

from ...services.rules.promise_terms import kept_share, week_start
from ..context import AppContext
from ..widgets import common
from .base import Page
from .today_view import TodayView, tr

KIND_WORDS = {"complaint": "complaints", "sale": "sales", "enquiry": "enquiries"}


class TodayPage(Page, TodayView):
    """Reads the journal and the reminder feed into the view, and does what the learner clicks."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._reminders: list[Any] = []
        context.reminder_feed.updated.connect(self._feed_answered)
        self.log_button.clicked.connect(self._log_interaction)
        self.reminder_view.selectionModel().currentChanged.connect(lambda *_: self._update_actions())
        self.reminder_view.activated.connect(lambda _i: self.open_selected())
        self.promise_view.activated.connect(lambda _i: self.mark_selected_promise("kept"))
        # The model object stays the same across refreshes (rows are reset), so its selection
        # model does too: choosing a row by arrow key or click enables the buttons under it.
        selection = self.promise_view.selectionModel()
        selection.currentChanged.connect(lambda *_: self._update_promise_buttons())
        selection.selectionChanged.connect(lambda *_: self._update_promise_buttons())
        self.promise_model.modelReset.connect(self._update_promise_buttons)
        self.kept_button.clicked.connect(lambda: self.mark_selected_promise("kept"))
        self.open_promise_button.clicked.connect(self._open_promise)

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
        self.show_promise_list(self.promise_model.rowCount() > 0)
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
        from ...services.rules.reminders import SEVERITY_TITLES, grouped

        self._reminders = reminders
        groups = grouped(reminders)
        self.reminder_model.set_reminders(groups, SEVERITY_TITLES, today)
        self.reminder_view.expandAll()
        self.show_reminder_list(bool(reminders))
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
        for card in self.cards():
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
        reminder = self.selected_reminder()
        if reminder is None:
            self.show_reminder_actions(None, None)
        else:
            from ...services.rules.reminders import resolve_actions

            primary, *others = resolve_actions(reminder)
            self.show_reminder_actions(
                reminder.message,
                (tr(primary.label), partial(self.run_action, primary)),
                [(tr(action.label), partial(self.run_action, action)) for action in others],
            )
        self._update_promise_buttons()

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
