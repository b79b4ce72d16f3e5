"""Retention: how long each kind of personal data is kept, what expires soon, and applying it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ...journal.records import RETENTION_ACTIONS
from ...services.privacy.retention import COUNTS_FROM
from ..formatting import count_of
from ..models.privacy import PolicyTableModel, RetentionItemModel
from .record_view import add_row, choice_label, combo, hint, selected, set_combo_value, table_view

ON_UNLOCK = (("ask", "Ask me first"), ("auto", "Apply automatically"))


class RetentionPanel(QWidget):
    policy_edited = Signal(object)  # the edited policy (a copy with new days/action/counts_from)
    on_unlock_changed = Signal(str)
    preview_requested = Signal()
    apply_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addWidget(hint(self.tr(
            "Keep personal data no longer than you need it. When a period ends, the data is anonymised "
            "(names and contact details replaced by the pseudonym) or deleted. A hold pauses this."
        )))
        policies_box = QGroupBox(self.tr("Retention policies"))
        policies_layout = QHBoxLayout(policies_box)
        self.policies = PolicyTableModel(self)
        self.policy_table = table_view(self.policies, self.tr("Retention policies"), self)
        self.policy_table.setMinimumHeight(130)
        policies_layout.addWidget(self.policy_table, 3)
        editor = QWidget()
        form = QFormLayout(editor)
        self.days = QSpinBox()
        self.days.setRange(0, 36500)
        self.days.setSuffix(self.tr(" days"))
        add_row(form, self.tr("&Keep for:"), self.days)
        self.counts_from = combo([(c, choice_label(c)) for c in COUNTS_FROM])
        add_row(form, self.tr("Counted &from:"), self.counts_from)
        self.action = combo([(a, choice_label(a)) for a in RETENTION_ACTIONS])
        add_row(form, self.tr("&Then:"), self.action)
        self.save_policy = QPushButton(self.tr("&Save policy"))
        form.addRow("", self.save_policy)
        self.on_unlock = combo([(v, self.tr(t)) for v, t in ON_UNLOCK])
        add_row(form, self.tr("When I &unlock:"), self.on_unlock)
        policies_layout.addWidget(editor, 2)
        layout.addWidget(policies_box)

        upcoming_box = QGroupBox(self.tr("Expiring in the next 30 days"))
        upcoming_layout = QVBoxLayout(upcoming_box)
        self.upcoming = RetentionItemModel(self)
        self.upcoming_table = table_view(self.upcoming, self.tr("Expiring in the next 30 days"), self)
        upcoming_layout.addWidget(self.upcoming_table)
        self.upcoming_note = hint("")
        upcoming_layout.addWidget(self.upcoming_note)
        layout.addWidget(upcoming_box, 1)

        now_box = QGroupBox(self.tr("Due now"))
        now_layout = QVBoxLayout(now_box)
        self.plan_summary = QLabel(self.tr("Press Preview to see exactly what would change today."))
        self.plan_summary.setWordWrap(True)
        self.plan_summary.setAccessibleName(self.tr("What would change now"))
        now_layout.addWidget(self.plan_summary)
        self.due_now = RetentionItemModel(self)
        self.due_table = table_view(self.due_now, self.tr("What would change now"), self)
        now_layout.addWidget(self.due_table)
        buttons = QHBoxLayout()
        self.preview_button = QPushButton(self.tr("&Preview"))
        self.apply_button = QPushButton(self.tr("&Apply now…"))
        self.apply_button.setEnabled(False)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.apply_button)
        buttons.addStretch(1)
        now_layout.addLayout(buttons)
        layout.addWidget(now_box, 1)

        self.policy_table.selectionModel().selectionChanged.connect(self._policy_selected)
        self.save_policy.clicked.connect(self._save_policy)
        self.on_unlock.activated.connect(lambda i: self.on_unlock_changed.emit(self.on_unlock.currentData()))
        self.preview_button.clicked.connect(self.preview_requested)
        self.apply_button.clicked.connect(self.apply_requested)
        self._policy_selected()

    def show_policies(self, policies: list[Any], on_unlock: str) -> None:
        keep = selected(self.policy_table)
        self.policies.set_rows(policies)
        self.policy_table.resizeColumnsToContents()
        set_combo_value(self.on_unlock, on_unlock)
        if keep is not None:
            for row, policy in enumerate(self.policies.rows()):
                if policy.category == keep.category:
                    self.policy_table.selectRow(row)
        self._policy_selected()

    def show_upcoming(self, items: list[Any]) -> None:
        self.upcoming.set_rows(items)
        self.upcoming_table.resizeColumnsToContents()
        self.upcoming_note.setText(
            self.tr("Nothing expires in the next 30 days.") if not items
            else self.tr("Add a hold (Holds tab) to keep something you still need for your assessment.")
        )

    def show_plan(self, items: list[Any]) -> None:
        self.due_now.set_rows(items)
        self.due_table.resizeColumnsToContents()
        self.apply_button.setEnabled(bool(items))
        self.plan_summary.setText(
            self.tr("%1 due now. Check them, then apply.").replace(
                "%1", count_of(len(items), self.tr("change is"), self.tr("changes are")))
            if items else self.tr("Nothing is due to expire now.")
        )

    def clear(self) -> None:
        for model in (self.policies, self.upcoming, self.due_now):
            model.clear()
        self.plan_summary.setText("")
        self.apply_button.setEnabled(False)

    def _policy_selected(self, *args: object) -> None:
        policy = selected(self.policy_table)
        for widget in (self.days, self.counts_from, self.action, self.save_policy):
            widget.setEnabled(policy is not None)
        if policy is not None:
            self.days.setValue(int(policy.days))
            set_combo_value(self.counts_from, getattr(policy, "counts_from", "last-interaction"))
            set_combo_value(self.action, policy.action)

    def _save_policy(self) -> None:
        import dataclasses

        policy = selected(self.policy_table)
        if policy is None:
            return
        changes = {"days": self.days.value(), "action": self.action.currentData()}
        if hasattr(policy, "counts_from"):
            changes["counts_from"] = self.counts_from.currentData()
        self.policy_edited.emit(dataclasses.replace(policy, **changes))
