"""After unlocking: personal data whose retention period has passed.

The journal setting ``privacy.retention_on_unlock`` says what to do: "auto" applies
the policies straight away; "ask" (the default) lists what would change — by
pseudonym only — with Apply / Not now.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from ..context import AppContext


def tr(text: str) -> str:
    return QCoreApplication.translate("RetentionPrompt", text)


def describe(item: Any) -> str:
    """One line for a preview item: the service's own description, which uses pseudonyms only."""
    return f"{item.description} (due {item.due:%d %b %Y})"


class RetentionPrompt(QDialog):
    def __init__(self, items: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("Personal data due to be removed"))
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        text = QLabel(tr(
            "These records have been kept for as long as your retention policy allows. Apply the policy "
            "now to anonymise or delete them, or choose Not now to be asked next time."
        ))
        text.setWordWrap(True)
        layout.addWidget(text)
        self.list = QListWidget()
        self.list.setAccessibleName(tr("What would change"))
        self.list.setWordWrap(True)  # each change reads in full, never cut at the edge
        for item in items:
            self.list.addItem(describe(item))
        layout.addWidget(self.list)
        buttons = QDialogButtonBox()
        buttons.addButton(tr("&Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(tr("&Not now"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def ask_to_apply(parent: QWidget | None, items: list[Any]) -> bool:
    """Show the list and return True for Apply (tests replace this)."""
    return RetentionPrompt(items, parent).exec() == QDialog.DialogCode.Accepted


def retention_on_unlock(context: AppContext, parent: QWidget | None = None) -> str:
    """Run the learner's choice; returns "applied", "declined" or "nothing"."""
    journal = context.journal
    if journal is None:
        return "nothing"
    from ...services.privacy import retention

    mode = retention.retention_on_unlock(journal)
    plan = retention.preview(journal, context.now())
    if plan.empty:
        return "nothing"
    if mode != "auto" and not ask_to_apply(parent, list(plan.items)):
        return "declined"
    from ...services.actions.privacy import apply_retention

    apply_retention(journal, plan, save=False)
    context.request_seal()
    return "applied"
